"""Questionnaires in a real phone-sized Chromium: one tap per item, scores on
the trends page, and item 9's safety card online and offline."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from checkin.core.sync import owner_tag
from checkin.models import QuestionnaireResponse
from tests.e2e.pwa_helpers import eventually, visit_while_online


def tap_answers(page, values):
    """One tap per item: ``values`` are the answers' numbers, item 1 first."""
    for number, value in enumerate(values, start=1):
        page.locator(f"label[for=id_item{number}_{value}]").click()


def phq9_history(patient, today, scores):
    """PHQ-9 responses: ``scores`` are (weeks ago, score, band)."""
    for weeks_ago, value, band in scores:
        QuestionnaireResponse.objects.create(
            patient=patient,
            instrument="phq9",
            date=today - datetime.timedelta(weeks=weeks_ago),
            score=value,
            band=band,
            version="PHQ-9",
            answers={},
        )


def test_the_peg_is_three_taps_and_save_and_the_score_follows(patient_page, patient, today, shot, axe_check):
    page = patient_page
    page.goto("/")
    shot(page, "home-measure-card")
    page.get_by_role("link", name="Start").click()
    expect(page.get_by_role("heading", name="Pain this past week")).to_be_visible()
    axe_check(page, "peg form")
    shot(page, "measure-peg-form")
    tap_answers(page, [6, 7, 8])
    page.get_by_role("button", name="Save answers").click()
    expect(page.locator(".measure-result")).to_contain_text("Your PEG score today is 7 out of 10")
    row = QuestionnaireResponse.objects.get(patient=patient)
    assert (row.instrument, row.date, str(row.score)) == ("peg", today, "7.0")
    shot(page, "measure-peg-result")


def test_a_missing_answer_keeps_the_others_and_names_the_question(patient_page):
    page = patient_page
    page.goto("/measures/gad2/")
    tap_answers(page, [2])
    page.get_by_role("button", name="Save answers").click()
    expect(page.locator("#form-errors")).to_contain_text("Question 2 (Not being able to stop or…)")
    expect(page.locator("#id_item1_2")).to_be_checked()


def test_item9_opens_the_safety_card_before_the_score(patient_page, phone_page, log_in, patient, shot, axe_check):
    page = patient_page
    page.goto("/measures/phq9/")
    tap_answers(page, [1, 1, 0, 2, 0, 1, 0, 0, 1])
    page.get_by_role("button", name="Save answers").click()
    card = page.locator("[data-safety-card]")
    expect(card).to_be_visible()
    expect(card.get_by_role("link", name="Open my safety plan")).to_be_visible()
    assert card.bounding_box()["y"] < page.locator(".measure-result").bounding_box()["y"]
    axe_check(page, "phq9 result with safety card")
    shot(page, "measure-phq9-item9")
    dark = phone_page(color_scheme="dark")
    log_in(dark, patient)
    dark.goto("/measures/?done=phq9")
    expect(dark.locator("[data-safety-card]")).to_be_visible()
    shot(dark, "measure-phq9-item9-dark")


@pytest.fixture
def offline_ready(patient_page, wait_for_service_worker):
    wait_for_service_worker(patient_page)
    visit_while_online(patient_page, "/measures/phq9/", "/")
    return patient_page


def test_offline_item9_opens_the_safety_card_and_the_answers_are_stored_once(offline_ready, patient, today, shot):
    page = offline_ready
    page.context.set_offline(True)
    page.goto("/measures/phq9/")
    tap_answers(page, [0, 1, 0, 0, 0, 0, 0, 0, 2])
    page.get_by_role("button", name="Save answers").click()
    page.wait_for_url(re.compile(r"/measures/phq9/(\?.*)?$"))
    card = page.locator("[data-safety-card]")
    expect(card).to_be_visible()
    expect(card.locator(".btn-call").first).to_be_visible()
    expect(page.locator("[data-pwa-status]")).to_contain_text("Saved on this phone. Mend will send your answers")
    shot(page, "measure-phq9-item9-offline")
    [item] = page.evaluate("(owner) => MendQueue.list(owner)", owner_tag(patient))
    assert (item["values"]["instrument"], item["values"]["item9"], item["what"]) == ("phq9", "2", "questionnaire")
    assert not QuestionnaireResponse.objects.exists()

    page.context.set_offline(False)
    page.get_by_text("Sent the questionnaire saved on this phone.").wait_for()
    row = eventually(lambda: QuestionnaireResponse.objects.filter(patient=patient).first(), message="the response")
    assert (str(row.client_uuid), row.score, row.self_harm, row.date) == (item["client_uuid"], 3, True, today)

    # Sent again (an answer lost on the way): still one response.
    page.evaluate("(item) => MendQueue.put(item)", {**item, "status": "waiting"})
    page.reload()
    page.get_by_text("Sent the questionnaire saved on this phone.").wait_for()
    assert QuestionnaireResponse.objects.filter(patient=patient).count() == 1


def test_the_trends_page_charts_the_scores(patient_page, patient, today, shot, axe_check):
    phq9_history(patient, today, ((6, 14, "moderate"), (4, 11, "moderate"), (2, 8, "mild"), (0, 6, "mild")))
    page = patient_page
    page.goto("/trends/?days=90")
    chart = page.locator('[data-instrument="phq9"] svg')
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] > 300
    assert page.locator('[data-instrument="phq9"] .score-dot').count() == 4
    axe_check(page, "trends with scores")
    page.locator('[data-instrument="phq9"]').scroll_into_view_if_needed()
    shot(page, "trends-scores")


def test_not_now_hides_the_card_until_tomorrow(patient_page, patient, today):
    page = patient_page
    page.goto("/")
    card = page.locator(".measure-due")
    expect(card).to_be_visible()
    card.get_by_role("button", name="Not now, ask me tomorrow").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator(".measure-due")).to_have_count(0)
    patient.refresh_from_db()
    assert patient.measures_hidden_on == today


# Each label's drawn height in screen pixels: its font size times the SVG's scale.
SMALLEST_TEXT_PX_JS = """(svg) => Math.min(...[...svg.querySelectorAll('text')].map(
  (t) => parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a))"""


@pytest.mark.parametrize(("width", "height"), [(390, 844), (320, 640)])
def test_scores_say_what_they_mean_and_the_charts_read_at_phone_size(
    patient_page, patient, today, shot, axe_check, width, height
):
    # Three months of PHQ-9s, a fortnight apart, improving then worse again.
    phq9_history(
        patient,
        today,
        (
            (12, 17, "moderately severe"),
            (10, 15, "moderately severe"),
            (8, 12, "moderate"),
            (6, 9, "mild"),
            (4, 8, "mild"),
            (2, 16, "moderately severe"),
        ),
    )
    page = patient_page
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/measures/")
    expect(page.get_by_role("heading", name="Your mood questionnaire")).to_be_visible()  # the PHQ-9 of 16
    assert axe_check(page, "measures with a finding") == []
    page.goto("/measures/phq2/")
    expect(page.get_by_role("heading", name="Mood: two quick questions")).to_be_visible()
    tap_answers(page, [2, 2])
    page.get_by_role("button", name="Save answers").click()
    expect(page.locator(".measure-result")).to_contain_text("4 out of 6: worth answering all 9 PHQ-9 questions")
    page.get_by_role("link", name="Answer the rest now").click()
    expect(page.get_by_role("heading", name="Mood these past two weeks")).to_be_visible()
    expect(page.locator("[data-carried]")).to_contain_text("Your first 2 answers are filled in from the PHQ-2")
    expect(page.locator("#id_item1_2")).to_be_checked()
    shot(page, f"measure-phq9-carried-{width}")
    tap_answers(page, [2, 2, 1, 1, 1, 1, 0, 0, 0])
    page.get_by_role("button", name="Save answers").click()
    result = page.locator(".measure-result")
    expect(result).to_contain_text("score today is 8 out of 27: mild (5–9).")
    expect(result).to_contain_text("That is 8 points lower than last time: a meaningful improvement")
    assert axe_check(page, "measures with a result") == []
    shot(page, f"measures-result-{width}")

    page.goto("/trends/?days=90")
    chart = page.locator('[data-instrument="phq9"] svg')
    chart.scroll_into_view_if_needed()
    for band in ("minimal", "mild", "moderate", "moderately severe", "severe"):
        expect(chart.locator(".score-band-label", has_text=re.compile(f"^{band}$"))).to_be_visible()
    assert chart.evaluate(SMALLEST_TEXT_PX_JS) >= 12
    shot(page, f"trends-scores-{width}", full_page=False)
