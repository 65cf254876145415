"""What Mend noticed: cards on the home page, the safety panel, and the shared cards_for() function."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat

from checkin.insights.cards import cards_for, lookback_days
from checkin.insights.patterns import REGISTRY
from checkin.insights.rules import load_rules
from checkin.models import CheckIn, GuidancePage, PatternRule, Severity
from tests.conftest import checkin_values, rough_fortnight

pytestmark = pytest.mark.django_db

SEEK_HELP_LINK = 'href="/help/"'


def cards_in(html):
    """(detector, severity) of each card, in page order."""
    import re

    return re.findall(r'data-severity="(\w+)" data-detector="(\w+)"', html)


def test_a_rough_fortnight_shows_high_pain_short_sleep_and_low_mood_cards_linked_to_guidance(
    patient_client, patient, today, make_checkin, loaded_guidance
):
    rough_fortnight(make_checkin, patient, today)
    html = patient_client.get("/").content.decode()
    assert "What Mend noticed" in html
    found = {detector: severity for severity, detector in cards_in(html)}
    assert found["high_pain_streak"] == "attention"
    assert found["low_mood_run"] == "attention"
    assert found["short_sleep_pain"] == "info"
    assert "Pain 7 or more on 10 days running" in html
    assert "Mood 3 or lower on 10 of 14 check-ins in the last 14 days" in html
    assert "Pain averaged 8.0 after nights under 6 hours, against 4.0 after longer nights" in html
    for link in ("/guidance/physical-therapy/", "/guidance/sleep-and-stress/", "/guidance/cbt-and-counselling/"):
        assert f'href="{link}"' in html
    # No safety panel for this series: nothing urgent happened.
    assert 'class="safety-panel' not in html


def test_the_linked_guidance_page_shows_its_sources(patient_client, patient, today, make_checkin, loaded_guidance):
    rough_fortnight(make_checkin, patient, today)
    patient_client.get("/")
    html = patient_client.get("/guidance/sleep-and-stress/").content.decode()
    assert "Sources" in html and "Back Pain and Depression: Breaking the Pain Cycle" in html


def test_cards_come_urgent_first_then_worth_a_look_then_good_to_know(
    patient_client, patient, today, make_checkin, loaded_guidance
):
    rough_fortnight(make_checkin, patient, today)
    CheckIn.objects.filter(patient=patient, date=today).update(symptoms=["fever"])
    severities = [severity for severity, _ in cards_in(patient_client.get("/").content.decode())]
    assert severities[0] == "urgent"
    assert severities == sorted(severities, key=["urgent", "attention", "info"].index)


def test_a_rule_marked_urgent_is_in_full_before_the_week_and_the_others_one_line_after(
    patient_client, patient, today, make_checkin, loaded_guidance
):
    rough_fortnight(make_checkin, patient, today)
    PatternRule.objects.filter(detector="low_mood_run").update(severity="urgent")
    html = patient_client.get("/").content.decode()
    week = html.index('id="week-heading"')
    urgent = html.index('data-severity="urgent" data-detector="low_mood_run"')
    ordinary = html.index('data-severity="attention" data-detector="high_pain_streak"')
    assert urgent < week < html.index('id="noticed-heading"') < ordinary
    assert html[urgent - 200 : urgent].count("finding-card")  # a full card, not a one-line <details>
    assert "Nothing to point out just now" not in html


def test_a_quiet_history_shows_no_cards_but_a_kind_line(patient_client, patient, today, make_checkin, loaded_guidance):
    make_checkin(patient, today)
    html = patient_client.get("/").content.decode()
    assert "data-severity" not in html
    assert "Nothing to point out just now" in html


def test_good_news_shows_too(patient_client, patient, today, make_checkin, loaded_guidance):
    for n in range(14):
        make_checkin(patient, today - datetime.timedelta(days=n), pain=3 if n < 7 else 6)
    html = patient_client.get("/").content.decode()
    assert ("info", "improving") in cards_in(html)
    assert "Pain averaged 3.0, down from 6.0" in html


def test_a_disabled_rule_shows_no_card(patient_client, patient, today, make_checkin, loaded_guidance):
    rough_fortnight(make_checkin, patient, today)
    PatternRule.objects.filter(detector="high_pain_streak").update(enabled=False)
    detectors = [d for _, d in cards_in(patient_client.get("/").content.decode())]
    assert "high_pain_streak" not in detectors and "low_mood_run" in detectors


def test_a_rule_with_broken_settings_falls_back_to_the_defaults(
    patient_client, patient, today, make_checkin, loaded_guidance
):
    rough_fortnight(make_checkin, patient, today)
    PatternRule.objects.filter(detector="high_pain_streak").update(params={"threshold": "lots", "nonsense": 1})
    response = patient_client.get("/")
    assert response.status_code == 200
    assert "Pain 7 or more on 10 days running" in response.content.decode()


# --- safety: not configurable away ------------------------------------------------


def assert_safety_panel_on_top(html, link=SEEK_HELP_LINK):
    panel = html.index('class="safety-panel')
    assert panel < html.index("<h1")  # first, before the greeting
    assert html.index(link, panel) < html.index("today-heading")
    for number in ('href="tel:999"', 'href="tel:116123"', 'href="sms:85258"'):  # MEND_REGION=GB's lines
        assert number in html[panel : html.index("today-heading")]


def test_a_red_flag_puts_seek_help_now_and_crisis_lines_at_the_top(
    patient_client, patient, today, make_checkin, loaded_guidance
):
    make_checkin(patient, today, symptoms=["bladder_bowel"])
    html = patient_client.get("/").content.decode()
    assert_safety_panel_on_top(html)
    assert ("urgent", "red_flag") in cards_in(html)
    assert "New bladder or bowel trouble on" in html
    assert "Go to the emergency department now" in html
    assert (
        '<a class="btn btn-call btn-call-emergency w-100 mb-2" href="tel:999">Call 999 (Emergency services)</a>' in html
    )


def test_very_low_mood_puts_seek_help_now_and_crisis_lines_at_the_top(
    patient_client, patient, today, make_checkin, loaded_guidance
):
    make_checkin(patient, today - datetime.timedelta(days=1), mood=1)
    html = patient_client.get("/").content.decode()
    assert_safety_panel_on_top(html)
    assert ("urgent", "very_low_mood") in cards_in(html)


def test_the_safety_panel_shows_right_after_saving_a_check_in(patient_client, loaded_guidance):
    response = patient_client.post("/checkin/", checkin_values(symptoms=["weakness"]), follow=True)
    html = response.content.decode()
    assert "Saved your check-in for today" in html
    assert_safety_panel_on_top(html)
    response = patient_client.post("/checkin/", checkin_values(mood="0"), follow=True)
    html = response.content.decode()
    assert ("urgent", "very_low_mood") in cards_in(html)
    assert_safety_panel_on_top(html)


def test_back_filling_red_flags_from_days_ago_still_says_what_to_do(patient_client, today, loaded_guidance):
    # Too old for the red-flag card (it looks at the last 30 days), yet
    # the symptoms may still be there: the patient is told what to do anyway.
    past = today - datetime.timedelta(days=35)
    day_name = dateformat.format(past, "l j F")  # "Sunday 8 November": no leading zero
    response = patient_client.post(
        f"/checkin/{past.isoformat()}/", checkin_values(symptoms=["bladder_bowel", "numbness"]), follow=True
    )
    html = response.content.decode()
    assert f"Saved your check-in for {day_name}." in html
    assert ("urgent", "red_flag") not in cards_in(html)
    assert (
        f'role="alert">You noted new bladder or bowel trouble and numbness in the legs, buttocks or groin on {day_name}. '
        "If you still have any of this, please go to an emergency department now, or call the emergency number."
    ) in html


def test_a_recent_red_flag_gets_its_card_and_no_second_warning(patient_client, today, loaded_guidance):
    yesterday = today - datetime.timedelta(days=9)
    response = patient_client.post(
        f"/checkin/{yesterday.isoformat()}/", checkin_values(symptoms=["fever"]), follow=True
    )
    html = response.content.decode()
    assert ("urgent", "red_flag") in cards_in(html)
    assert "You noted fever" not in html


def test_the_urgent_cards_cannot_be_disabled_downgraded_or_unlinked(
    patient_client, patient, today, make_checkin, loaded_guidance
):
    make_checkin(patient, today, mood=0, symptoms=["fever"])
    for rule in PatternRule.objects.filter(detector__in=["red_flag", "very_low_mood"]):
        rule.enabled = False
        rule.severity = Severity.INFO
        rule.save()
        rule.guidance.clear()
    html = patient_client.get("/").content.decode()
    assert ("urgent", "red_flag") in cards_in(html) and ("urgent", "very_low_mood") in cards_in(html)
    assert_safety_panel_on_top(html)


def test_the_urgent_cards_show_even_without_any_rules(patient_client, patient, today, make_checkin, loaded_guidance):
    PatternRule.objects.all().delete()
    make_checkin(patient, today, symptoms=["numbness"])
    html = patient_client.get("/").content.decode()
    assert ("urgent", "red_flag") in cards_in(html)
    assert "Go to the emergency department now" in html  # the triage speaks, with or without rules
    assert_safety_panel_on_top(html)


def test_the_urgent_cards_fall_back_to_the_help_page_if_seek_help_now_is_gone(
    patient_client, patient, today, make_checkin, loaded_guidance
):
    GuidancePage.objects.filter(slug="seek-help-now").delete()
    make_checkin(patient, today, symptoms=["numbness"])
    html = patient_client.get("/").content.decode()
    assert_safety_panel_on_top(html, link='href="/help/"')


# --- queries and reuse --------------------------------------------------------------


def home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_takes_the_same_number_of_queries_whatever_the_history(
    patient_client, patient, today, make_checkin, loaded_guidance
):
    make_checkin(patient, today, symptoms=["fever"])
    few = home_queries(patient_client)
    for n in range(1, 120):
        make_checkin(
            patient, today - datetime.timedelta(days=n), pain=8, mood=1 if n % 3 else 6, sleep_hours=Decimal("5")
        )
    assert home_queries(patient_client) == few


def test_noticed_takes_at_most_three_queries_and_none_without_check_ins(
    patient, today, make_checkin, loaded_guidance, django_assert_num_queries, django_assert_max_num_queries
):
    with django_assert_num_queries(0):
        assert cards_for([], today) == []
    make_checkin(patient, today, mood=0, symptoms=["fever"])
    rows = list(CheckIn.objects.filter(patient=patient))
    with django_assert_max_num_queries(3):
        cards = cards_for(rows, today)
    assert [card.detector for card in cards.safety] == ["red_flag", "very_low_mood"]


def test_noticed_works_from_check_in_rows_or_plain_days_without_a_request(
    patient, today, make_checkin, loaded_guidance
):
    rough_fortnight(make_checkin, patient, today)
    rows = list(CheckIn.objects.filter(patient=patient))
    from_rows = cards_for(rows, today)
    from_days = cards_for([row.as_day() for row in rows], today)
    assert [(c.detector, c.severity, c.evidence) for c in from_rows] == [
        (c.detector, c.severity, c.evidence) for c in from_days
    ]
    card = next(c for c in from_rows if c.detector == "short_sleep_pain")
    assert [page.get_absolute_url() for page in card.pages] == ["/guidance/sleep-and-stress/"]
    assert card.finding.figures["short_days"] == 10


# --- how far back: the rules' windows ---------------------------------------------


def still_days(make_checkin, patient, today, count):
    """``count`` days up to today with no exercise and nothing else of note."""
    for n in range(count):
        make_checkin(patient, today - datetime.timedelta(days=n), exercise_minutes=0, exercise_kind="none")


def test_lookback_is_the_widest_window_among_the_rules_that_run(loaded_guidance):
    rules = load_rules()
    assert lookback_days(rules) == 30  # red_flag, pain_mood_linked, short_sleep_pain, exercise_helps
    PatternRule.objects.filter(detector="inactivity").update(params={"window": 60, "min_days": 4})
    assert lookback_days(load_rules()) == 60
    PatternRule.objects.filter(detector="inactivity").update(enabled=False)
    assert lookback_days(load_rules()) == 30  # a rule that does not run needs no days
    # The safety detectors run whatever their rule says, widened windows included.
    PatternRule.objects.filter(detector="red_flag").update(enabled=False, params={"window": 45})
    assert lookback_days({"red_flag": PatternRule.objects.get(detector="red_flag")}) == 45
    assert lookback_days({}) == 30  # no rules at all: the safety detectors' defaults
    PatternRule.objects.filter(detector="pain_rising").update(params={"window": "lots"})
    assert lookback_days(load_rules()) == 45  # unusable settings run as the defaults; red_flag's widened one stays


def test_every_detector_looks_only_at_a_window_lookback_can_read():
    assert all("window" in {p.name for p in detector.params} for detector in REGISTRY.values())


def test_a_widened_window_on_home_reads_every_day_it_speaks_of(
    patient_client, patient, today, make_checkin, loaded_guidance
):
    still_days(make_checkin, patient, today, 50)
    PatternRule.objects.filter(detector="inactivity").update(params={"window": 60, "min_days": 40})
    html = patient_client.get("/").content.decode()
    assert "no exercise logged on any of the 50 check-ins in the last 60 days" in html.lower()
