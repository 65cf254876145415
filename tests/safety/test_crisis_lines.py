"""Crisis lines are data, per region: MEND_REGION picks the lines shown first
and the number every Call button dials, on every page that shows lines."""

import json
import re
from pathlib import Path

import pytest
from django.test import override_settings

from checkin.models import CrisisLine, GuidancePage
from checkin.models.guidance import SEEK_HELP_SLUG
from checkin.safety import lines as crisis
from checkin.web.errors import unavailable_response

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def first_lines(html: str) -> str:
    """The lines shown first: before "Numbers in other countries"."""
    start = html.index('class="list-unstyled crisis-lines')
    return html[start : html.index("Numbers in other countries", start)]


def worker_config(client) -> dict:
    body = client.get("/serviceworker.js").content.decode()
    return json.loads(re.search(r"const CONFIG = (\{.*\});", body).group(1))


def test_the_help_page_shows_the_regions_lines_as_big_named_buttons(client, loaded_guidance):
    html = client.get("/help/").content.decode()
    assert '<a class="btn btn-call btn-call-emergency w-100" href="tel:999">Call 999 (Emergency services)</a>' in html
    lines = first_lines(html)
    assert '<a class="btn btn-call" href="tel:116123">Call Samaritans, 116 123</a>' in lines
    assert '<a class="btn btn-text" href="sms:85258">Text Shout, 85258</a>' in lines
    assert "tel:988" not in lines and "tel:988" in html  # other countries: one tap away
    assert '<a href="https://www.samaritans.org/" rel="noopener noreferrer">Samaritans website</a>' in lines


@override_settings(MEND_REGION="AU")
def test_a_clinic_in_australia_sees_australian_lines_on_every_page(
    client, patient_client, patient, today, make_checkin, loaded_guidance
):
    make_checkin(patient, today, symptoms=["legs_weak"], mood=0)
    pages = {
        "help": client.get("/help/").content.decode(),
        "home": patient_client.get("/").content.decode(),
        "offline": client.get("/offline/").content.decode(),
        "503": unavailable_response().content.decode(),
        "safety plan": patient_client.get("/safety-plan/").content.decode(),
    }
    for name, html in pages.items():
        assert 'href="tel:000"' in html, name
        assert "Lifeline" in html, name
    assert "Call 000 (Emergency services)" in pages["home"]  # the emergency card dials Australia's number
    assert "Lifeline" in first_lines(pages["help"]) and "Samaritans" not in first_lines(pages["help"])


def test_an_admins_edit_reaches_every_page_and_renames_the_phones_caches(admin_client, client, loaded_guidance):
    before = worker_config(client)["version"]
    line = CrisisLine.objects.get(region="GB", name="Samaritans")
    form = {
        field: getattr(line, field)
        for field in ("region", "name", "purpose", "phone", "text_number", "web_address", "hours", "kind", "order")
    }
    response = admin_client.post(f"/admin/checkin/crisisline/{line.pk}/change/", {**form, "phone": "116 000"})
    assert response.status_code == 302
    assert "Call Samaritans, 116 000" in client.get("/help/").content.decode()
    assert "Call Samaritans, 116 000" in client.get("/offline/").content.decode()
    assert worker_config(client)["version"] != before  # so phones fetch the offline page again


def test_an_edit_of_the_seek_help_page_renames_the_phones_caches(client, loaded_guidance):
    """Get help now, kept on the phone for offline use, shows that page too."""
    before = worker_config(client)
    assert before["helpUrl"] == "/help/"
    page = GuidancePage.objects.get(slug=SEEK_HELP_SLUG)
    page.save()
    assert worker_config(client)["version"] != before["version"]


def test_the_admin_refuses_a_number_that_cannot_be_dialled(admin_client, loaded_guidance):
    response = admin_client.post(
        "/admin/checkin/crisisline/add/",
        {
            "region": "GB",
            "name": "Test line",
            "purpose": "A test",
            "phone": "call us!",
            "kind": "support",
            "order": 9,
            "hours": "",
        },
    )
    assert response.status_code == 200
    assert "Digits only" in response.content.decode()


def test_the_numbers_cannot_be_configured_away(client, loaded_guidance):
    CrisisLine.objects.filter(region="GB").delete()
    html = client.get("/help/").content.decode()
    assert 'href="tel:999"' in html and 'href="tel:116123"' in html  # the shipped lines stand in


def test_every_shipped_line_has_a_number_and_every_region_an_emergency_number():
    shipped = crisis.shipped()
    countries = {"GB", "IE", "US", "CA", "AU", "NZ", "EU"}
    assert {row["region"] for row in shipped} == countries | {"GB-NIR", "AU-VIC", "AU-QLD"}
    for region in countries:  # a part of a country dials its country's
        assert any(row["kind"] == "emergency" for row in shipped if row["region"] == region), region
    expected = {
        ("GB", "999"),
        ("GB", "111"),
        ("GB", "116 123"),
        ("US", "911"),
        ("US", "988"),
        ("CA", "988"),
        ("AU", "000"),
        ("AU", "13 11 14"),
        ("NZ", "111"),
        ("NZ", "1737"),
        ("IE", "112"),
        ("EU", "112"),
    }
    assert expected <= {(row["region"], row.get("phone")) for row in shipped}
    assert ("GB", "85258") in {(row["region"], row.get("text_number")) for row in shipped}


def test_the_shipped_lines_cover_each_countrys_urgent_and_crisis_lines_with_their_hours():
    """As checked in Dec 2026 (safety-sources.md): every line says its hours;
    Northern Ireland, Ireland, Australia, New Zealand and Canada have theirs."""
    shipped = crisis.shipped()
    assert all(row.get("hours") for row in shipped), [row["name"] for row in shipped if not row.get("hours")]
    phones = {(row["region"], row.get("phone"), row["kind"]) for row in shipped}
    assert {
        ("GB-NIR", "0808 808 8000", "support"),  # Lifeline, Northern Ireland
        ("AU-VIC", "1300 60 60 24", "urgent"),  # NURSE-ON-CALL, Victoria
        ("AU-QLD", "13 43 25 84", "urgent"),  # 13HEALTH, Queensland
        ("IE", "1800 247 247", "support"),  # Pieta
        ("AU", "1800 022 222", "urgent"),  # healthdirect
        ("NZ", "0800 611 116", "urgent"),  # Healthline
        ("CA", "811", "urgent"),  # provincial health lines
    } <= phones
    texts = {(row["region"], row.get("text_number")) for row in shipped}
    assert {("IE", "50808"), ("AU", "0477 13 11 14")} <= texts
    by_name = {(row["region"], row["name"]): row for row in shipped}
    assert by_name[("IE", "Pieta")]["hours"] == "24 hours"
    assert by_name[("CA", "Provincial health line (811)")]["hours"] == "Varies by province or territory"
    for region in ("AU", "NZ", "CA", "GB"):
        assert sum(row["kind"] == "urgent" for row in shipped if row["region"] == region) == 1, region


def add_line(admin_client, **fields):
    data = {"region": "GB", "name": "Test line", "purpose": "A test", "phone": "0800 000 000", "kind": "support"}
    return admin_client.post("/admin/checkin/crisisline/add/", {"order": 9, "hours": "9am to 5pm", **data, **fields})


def test_a_second_emergency_number_for_a_region_is_refused_naming_why(admin_client, loaded_guidance):
    response = add_line(admin_client, name="Typo", phone="998", kind="emergency")
    assert response.status_code == 200
    assert "This region has an emergency number already: every Call button dials it." in response.content.decode()
    assert crisis.emergency_line(crisis.all_lines(), "GB").phone == "999"


def line_form(line, **changes):
    fields = ("region", "name", "purpose", "phone", "text_number", "web_address", "hours", "kind", "order")
    return {**{field: getattr(line, field) for field in fields}, **changes}


def test_changing_the_emergency_number_shows_it_as_dialled_asks_to_confirm_and_is_logged(
    admin_client, client, loaded_guidance
):
    from django.contrib.admin.models import LogEntry

    line = CrisisLine.objects.get(region="GB", kind="emergency")
    url = f"/admin/checkin/crisisline/{line.pk}/change/"
    asked = admin_client.post(url, line_form(line, phone="998"))
    assert asked.status_code == 200
    assert "Every Call button for GB will dial 998 (tel:998)." in asked.content.decode()
    assert crisis.emergency_line(crisis.all_lines(), "GB").phone == "999"  # nothing saved yet
    assert admin_client.post(url, line_form(line, phone="998", confirm_emergency="on")).status_code == 302
    assert 'href="tel:998"' in client.get("/help/").content.decode()
    entry = LogEntry.objects.filter(object_id=str(line.pk)).first()
    assert entry.get_change_message() == "Emergency number for GB: 999 → 998."
    assert entry.user.email == "admin@example.com"
    history = admin_client.get(f"/admin/checkin/crisisline/{line.pk}/history/").content.decode()
    assert "Emergency number for GB: 999 → 998." in history


def test_other_lines_and_other_fields_save_without_the_question(admin_client, loaded_guidance):
    line = CrisisLine.objects.get(region="GB", kind="emergency")
    response = admin_client.post(f"/admin/checkin/crisisline/{line.pk}/change/", line_form(line, hours="Always"))
    assert response.status_code == 302
    assert add_line(admin_client, name="Local line").status_code == 302  # a support line


def test_a_new_regions_emergency_number_is_confirmed_too(admin_client, loaded_guidance):
    new = {"region": "FR", "name": "Urgences", "phone": "112", "kind": "emergency"}
    assert "Every Call button for FR will dial 112" in add_line(admin_client, **new).content.decode()
    assert add_line(admin_client, **new, confirm_emergency="on").status_code == 302


def test_a_lower_case_region_is_saved_as_the_capital_code_and_shown(admin_client, client, loaded_guidance):
    assert add_line(admin_client, region="gb", name="Local line").status_code == 302
    assert CrisisLine.objects.get(name="Local line").region == "GB"
    assert "Local line" in client.get("/help/").content.decode()
    refused = add_line(admin_client, region="GBR", name="Another")
    assert "Region: a country code such as GB, AU or US, or a part of one such as GB-NIR" in refused.content.decode()


def test_a_line_without_its_hours_is_refused(admin_client, loaded_guidance):
    response = add_line(admin_client, hours="")
    assert response.status_code == 200 and not CrisisLine.objects.filter(name="Test line").exists()


def test_the_migration_tidies_lines_saved_before_the_rules(loaded_guidance):
    import importlib

    from django.apps import apps as registry

    migration = importlib.import_module("checkin.migrations.0019_crisis_line_rules")
    CrisisLine.objects.create(region="au", name="Local", purpose="x", phone="1800 111 111", hours="24 hours")
    migration.tidy(registry, None)
    assert CrisisLine.objects.get(name="Local").region == "AU"
    # Of two emergency numbers for one region (a typo added later), the first stays.
    lines = [(1, "GB", 0, "Emergency services"), (7, "GB", 5, "Typo"), (3, "AU", 0, "Emergency services")]
    assert migration.after_the_first(lines) == [7]


def test_no_page_template_or_script_holds_a_phone_number_of_its_own():
    # Numbers live in checkin/content/crisis_lines.json (and the database) alone.
    tel = re.compile(r"(tel|sms):\+?\d|\b(999|911|988|116 ?123|13 ?11 ?14|1737|85258)\b")
    places = [
        *ROOT.glob("templates/**/*.html"),
        *ROOT.glob("templates/**/*.js"),
        *ROOT.glob("static/js/**/*.js"),
        *ROOT.glob("checkin/content/guidance/*.md"),
    ]
    offenders = [str(path.relative_to(ROOT)) for path in places if tel.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


@override_settings(MEND_RULES_CACHE_SECONDS=60)
def test_each_process_keeps_the_lines_and_forgets_them_when_one_is_edited(loaded_guidance, django_assert_num_queries):
    crisis.LINES.forget()
    crisis.all_lines()
    with django_assert_num_queries(0):
        crisis.all_lines()  # this process's copy
    CrisisLine.objects.filter(region="GB", name="Samaritans").update(phone="116 000")  # no signal: elsewhere, say
    assert "116 000" not in {line.phone for line in crisis.all_lines()}
    line = CrisisLine.objects.get(region="GB", name="Samaritans")
    line.save()  # an admin's edit in this process
    assert "116 000" in {line.phone for line in crisis.all_lines()}
    crisis.LINES.forget()
