"""Guidance in a real browser at phone size: the noticed cards, the safety panel, offline reading."""

import pytest
from playwright.sync_api import expect

from tests.conftest import rough_fortnight

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rough_days(patient, make_checkin, loaded_guidance):
    """High pain, short sleep and low mood for ten days, with numbness noted today."""
    rough_fortnight(make_checkin, patient, patient.today(), symptoms_today=["numbness"])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_puts_the_safety_panel_first_and_links_each_card_to_guidance(
    phone_page, log_in, patient, rough_days, shot, axe_check, scheme
):
    page = phone_page(color_scheme=scheme)
    log_in(page, patient)
    page.goto("/")
    panel = page.locator(".safety-panel")
    assert panel.locator('[data-severity="urgent"]').count() == 1
    help_link = panel.get_by_role("link", name="Get help now")
    box = help_link.bounding_box()
    assert box["height"] >= 44
    assert panel.get_by_role("link", name="Call 999 (Emergency services)").first.is_visible()
    assert panel.get_by_role("link", name="Call Samaritans, 116 123").is_visible()
    cards = page.locator(".findings [data-severity]")
    assert cards.first.get_attribute("data-severity") == "attention"
    # One line each; a tap opens a finding's evidence and links.
    link = page.locator(".findings").get_by_role("link", name="Sleep and stress")
    assert not link.is_visible()
    page.locator(".findings details:has-text('Sleep and stress') summary").first.click()
    expect(page.locator(".findings details[open]").get_by_text("What Mend saw")).to_be_visible()
    link.click()
    page.wait_for_url("**/guidance/sleep-and-stress/")  # home has an h1 too
    assert page.get_by_role("heading", level=1).inner_text() == "Sleep and stress"
    assert page.get_by_text("How far to trust it").first.is_visible()
    page.goto("/")
    shot(page, f"guidance-home-{scheme}")
    axe_check(page, f"home with cards ({scheme})")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_guidance_index_and_a_page_read_well_at_phone_size(phone_page, loaded_guidance, shot, axe_check, scheme):
    page = phone_page(color_scheme=scheme)
    page.goto("/guidance/")
    page.get_by_label("Search guidance").fill("swimming")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/guidance/?q=swimming")  # is_visible() does not wait for the results
    assert page.get_by_role("link", name="Staying active with low-impact exercise").is_visible()
    shot(page, f"guidance-search-{scheme}")
    axe_check(page, f"guidance search ({scheme})")
    page.get_by_role("link", name="Staying active with low-impact exercise").click()
    page.wait_for_url("**/guidance/staying-active/")
    assert page.get_by_text("This is general information, not medical advice.").is_visible()
    shot(page, f"guidance-page-{scheme}")
    axe_check(page, f"guidance page ({scheme})")


def test_a_guidance_page_once_opened_stays_readable_offline(patient_page, loaded_guidance, wait_for_service_worker):
    page = patient_page
    page.goto("/guidance/")
    wait_for_service_worker(page)
    page.goto("/guidance/mindfulness-relaxation/")
    page.context.set_offline(True)
    try:
        page.goto("/guidance/mindfulness-relaxation/")
        assert page.get_by_role("heading", level=1).inner_text() == "Mindfulness and relaxation"
        assert page.get_by_text("A simple breathing practice").is_visible()
    finally:
        page.context.set_offline(False)


def test_the_admin_preview_follows_typing_and_shows_lists_as_patients_see_them(
    phone_page, log_in, make_user, loaded_guidance, shot
):
    from checkin.models import GuidancePage

    page = phone_page()
    page.set_viewport_size({"width": 1280, "height": 900})  # admins edit at a desk
    log_in(page, make_user("admin@example.com", is_staff=True, is_superuser=True))
    guide = GuidancePage.objects.get(slug="sleep-and-stress")
    page.goto(f"/admin/checkin/guidancepage/{guide.pk}/change/")
    preview = page.locator(".guidance-preview")
    body = "## A new heading\n\n- first point\n- second point\n\n<script>document.title='x'</script>"
    page.locator("#id_body").fill(body)
    preview.get_by_role("heading", name="A new heading").wait_for()
    items = preview.locator("li")
    assert items.all_inner_texts() == ["first point", "second point"]
    # The admin's own form styles drop bullets and indent lists by 160px.
    assert items.first.evaluate("li => getComputedStyle(li).listStyleType") == "disc"
    indent = preview.locator("ul").bounding_box()["x"] - preview.bounding_box()["x"]
    assert indent < 40, indent
    assert "<script" not in preview.inner_html()
    # Beside the text, at the same height, so it is in view while typing.
    text_box, preview_box = page.locator("#id_body").bounding_box(), preview.bounding_box()
    assert preview_box["x"] >= text_box["x"] + text_box["width"]
    assert abs(preview_box["y"] - text_box["y"]) < 80
    shot(page, "admin-guidance-preview")
    # Nothing was saved by previewing.
    guide.refresh_from_db()
    assert "A new heading" not in guide.body


def test_the_admin_forms_give_sentences_room(phone_page, log_in, make_user, loaded_guidance, shot):
    """Titles, messages and the checkbox lists of sources and pages use the
    width of the form, not the admin's 160px label column."""
    from checkin.models import GuidancePage, PatternRule

    page = phone_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, make_user("admin@example.com", is_staff=True, is_superuser=True))

    def one_line(label):
        # Taller than one line plus its padding means the title folded.
        line = label.evaluate("l => parseFloat(getComputedStyle(l).fontSize) * 2")
        return label.bounding_box()["height"] < line + 12

    guide = GuidancePage.objects.get(slug="pain-mood-cycle")
    page.goto(f"/admin/checkin/guidancepage/{guide.pk}/change/")
    for label in page.locator("#id_sources label").all():
        assert one_line(label), label.inner_text()
    for field in ("#id_title", "#id_summary"):
        assert page.locator(field).bounding_box()["width"] > 600, field
    # The text shares its row with the preview: half of it each, still room for sentences.
    assert page.locator("#id_body").bounding_box()["width"] > 380

    rule = PatternRule.objects.get(detector="low_mood_run")
    page.goto(f"/admin/checkin/patternrule/{rule.pk}/change/")
    for label in page.locator("#id_guidance label").all():
        assert one_line(label), label.inner_text()
    for field in ("#id_title", "#id_message"):
        assert page.locator(field).bounding_box()["width"] > 600, field
    # Its settings: number fields with their ranges, not JSON.
    share = page.get_by_label("Min share")
    assert (share.get_attribute("type"), share.get_attribute("min"), share.get_attribute("max")) == (
        "number",
        "0.1",
        "0.9",
    )
    shot(page, "admin-pattern-rule")

    # A new rule lists every check's settings, as a list that reads like one.
    page.goto("/admin/checkin/patternrule/add/")
    settings_list = page.locator(".rule-settings").first
    assert settings_list.locator("li").first.evaluate("li => getComputedStyle(li).listStyleType") == "disc"
    indent = settings_list.bounding_box()["x"] - page.locator(".field-settings_help .readonly").bounding_box()["x"]
    assert indent < 40, indent


@pytest.mark.parametrize("checked_in_today", [True, False], ids=["checked-in", "not-yet"])
def test_with_ordinary_findings_last_7_days_is_on_the_first_screen(
    phone_page, log_in, patient, make_checkin, today, loaded_guidance, shot, checked_in_today
):
    """Today's status, then "Last 7 days" in view at 390x844, before today's check-in too (its pain and
    mood scales on home); the ordinary findings and a due questionnaire follow."""
    import datetime
    from decimal import Decimal

    for n in range(0 if checked_in_today else 1, 14):  # short nights with more pain, no walking: nothing urgent
        short = n % 2 == 0
        make_checkin(
            patient,
            today - datetime.timedelta(days=n),
            pain=6 if short else 3,
            mood=6,
            sleep_hours=Decimal("5") if short else Decimal("8"),
            exercise_minutes=0,
            exercise_kind="none",
        )
    page = phone_page()
    log_in(page, patient)
    page.goto("/")
    assert page.locator(".safety-panel [data-severity]").count() == 0
    assert page.locator("[data-quick-form]").count() == (0 if checked_in_today else 1)
    assert page.locator(".findings details").count() >= 2
    tab_bar = page.locator(".tabbar").bounding_box()
    week = page.get_by_role("heading", name="Last 7 days").bounding_box()
    assert week["y"] + week["height"] < tab_bar["y"]  # in view, not under the tab bar
    assert page.get_by_role("heading", name="What Mend noticed").bounding_box()["y"] > week["y"]
    if not checked_in_today:  # the second tap saves, so no Save button takes room
        expect(page.get_by_role("button", name="Save pain and mood")).to_be_hidden()
    shot(page, f"home-findings-lines-{'checked-in' if checked_in_today else 'not-yet'}", full_page=False)
