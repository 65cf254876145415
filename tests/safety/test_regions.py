"""Crisis lines for a part of a country (GB-NIR, AU-VIC, AU-QLD) and for a
country Mend ships no lines for: what a patient there sees and dials."""

import html
import subprocess
import sys

import pytest

from checkin.domain import regions, triage
from checkin.models import CrisisLine
from checkin.safety import lines as crisis
from tests.safety.test_crisis_lines import add_line, first_lines

pytestmark = pytest.mark.django_db


def names(code):
    return [line.name for line in crisis.for_region(crisis.all_lines(), code)]


def test_northern_ireland_has_lifeline_first_and_the_uk_lines_but_no_unconfirmed_nhs_111(loaded_guidance):
    assert names("GB-NIR") == ["Lifeline", "Emergency services", "Samaritans", "Shout"]
    everything = crisis.all_lines()
    assert crisis.emergency_line(everything, "GB-NIR").phone == "999"
    assert crisis.urgent_line(everything, "GB-NIR") is None
    assert "Lifeline" not in names("GB")  # the rest of the UK: Lifeline is one tap away, under Northern Ireland


@pytest.mark.parametrize(
    ("code", "urgent"), [("AU-VIC", "1300 60 60 24"), ("AU-QLD", "13 43 25 84"), ("AU-NSW", "1800 022 222")]
)
def test_an_australian_state_has_its_own_nurse_line_or_else_healthdirect(loaded_guidance, code, urgent):
    everything = crisis.all_lines()
    assert crisis.urgent_line(everything, code).phone == urgent
    assert crisis.emergency_line(everything, code).phone == "000"
    assert "Lifeline" in names(code)
    assert sum(line.kind == CrisisLine.Kind.URGENT for line in crisis.for_region(everything, code)) == 1


def test_a_part_with_its_own_emergency_number_dials_that_one(admin_client, loaded_guidance):
    add_line(
        admin_client, region="GB-NIR", name="Local emergency", phone="998", kind="emergency", confirm_emergency="on"
    )
    everything = crisis.all_lines()
    assert crisis.emergency_line(everything, "GB-NIR").phone == "998"
    assert [line.phone for line in crisis.for_region(everything, "GB-NIR") if line.is_emergency] == ["998"]
    assert crisis.emergency_line(everything, "GB").phone == "999"


def test_a_northern_ireland_clinic_shows_lifeline_and_999_and_an_urgent_card_without_111(
    client, patient_client, patient, today, make_checkin, loaded_guidance, settings
):
    settings.MEND_REGION = "GB-NIR"
    shown = first_lines(client.get("/help/").content.decode())
    assert 'href="tel:08088088000"' in shown and 'href="tel:116123"' in shown
    assert "tel:111" not in shown
    make_checkin(patient, today, symptoms=["fever"])
    home = patient_client.get("/").content.decode()
    assert triage.ADVICE[triage.URGENT].heading in home and triage.ADVICE[triage.URGENT].closing in home
    assert "NHS 111" not in home


def test_an_irish_clinic_has_no_urgent_line_and_the_urgent_card_still_says_what_to_do(
    patient_client, patient, today, make_checkin, loaded_guidance, settings
):
    settings.MEND_REGION = "IE"
    make_checkin(patient, today, symptoms=["fever"])
    home = html.unescape(patient_client.get("/").content.decode())
    assert triage.ADVICE[triage.URGENT].words in home and triage.ADVICE[triage.URGENT].closing in home
    assert 'href="tel:50808"' not in home  # no line is passed off as urgent advice
    assert 'href="tel:112"' in home and 'href="tel:1800247247"' in home


def test_the_other_countries_name_a_part_with_its_country(loaded_guidance):
    others = dict(crisis.other_regions(crisis.all_lines(), "GB"))
    assert [line.name for line in others["Northern Ireland (United Kingdom)"]] == ["Lifeline"]
    assert "Victoria (Australia)" in others and "Australia" in others
    assert "United Kingdom" not in dict(crisis.other_regions(crisis.all_lines(), "GB-NIR"))


def test_an_eu_country_without_lines_shows_112_and_says_the_clinic_can_add_its_own(client, loaded_guidance, settings):
    settings.MEND_REGION = "FR"
    page = html.unescape(client.get("/help/").content.decode())
    assert '<a class="btn btn-call btn-call-emergency w-100" href="tel:112">' in page
    assert "These numbers work in every EU country." in page
    assert "Mend does not have your own country's crisis lines yet: your clinic can add them." in page


def test_a_country_outside_the_eu_without_lines_is_not_given_112(client, loaded_guidance, settings):
    settings.MEND_REGION = "JP"
    assert crisis.emergency_line(crisis.all_lines(), "JP") is None
    page = html.unescape(client.get("/help/").content.decode())
    assert "btn-call-emergency" not in page
    assert "Mend does not have your own country's crisis lines yet" in page
    assert "These numbers work in every EU country." not in page


def test_the_region_code_is_a_country_or_a_part_of_one():
    assert all(regions.is_code(code) for code in ("GB", "EU", "GB-NIR", "AU-VIC", "CA-BC", "FR-75"))
    assert not any(regions.is_code(code) for code in ("gb", "GBR", "GB-", "GB-NIRL", "Northern Ireland"))
    assert regions.in_eu("IE") and regions.in_eu("EU") and regions.in_eu("ES-CT")
    assert not regions.in_eu("GB") and not regions.in_eu("GB-NIR")


def test_the_admin_takes_a_part_of_a_country_and_refuses_a_name(admin_client, client, loaded_guidance, settings):
    assert add_line(admin_client, region="au-vic", name="Local line").status_code == 302
    assert CrisisLine.objects.get(name="Local line").region == "AU-VIC"
    refused = add_line(admin_client, region="Victoria", name="Another").content.decode()
    assert "a part of one such as GB-NIR or AU-VIC" in refused
    settings.MEND_REGION = "AU-VIC"
    assert "Local line" in first_lines(client.get("/help/").content.decode())


def run_settings(region: str) -> subprocess.CompletedProcess:
    code = "import django; django.setup(); from django.conf import settings; print(settings.MEND_REGION)"
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1", "MEND_REGION": region, "PATH": ""}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


def test_mend_region_takes_a_part_of_a_country_and_refuses_anything_else():
    assert run_settings("gb-nir").stdout.strip() == "GB-NIR"
    refused = run_settings("Northern Ireland")
    assert refused.returncode != 0 and "MEND_REGION must be a country code such as GB" in refused.stderr


def test_the_start_up_check_warns_when_the_region_has_no_emergency_number(loaded_guidance, settings):
    from django.core import checks

    settings.MEND_REGION = "JP"
    warnings = [
        m for m in checks.run_checks(databases=["default"], include_deployment_checks=False) if m.id == "mend.W201"
    ]
    assert len(warnings) == 1 and "MEND_REGION=JP has no emergency number" in warnings[0].msg
    settings.MEND_REGION = "FR"  # 112, the EU's
    assert not [m for m in checks.run_checks(databases=["default"]) if m.id == "mend.W201"]
