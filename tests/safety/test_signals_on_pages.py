"""Safety signals on the pages between which they used to get lost: asked on
every check-in path, kept on home until a later check-in says otherwise,
kept at the top of the clinician's list until a clinician marks them seen."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from checkin.domain import triage
from checkin.models import AccessLog, CheckIn, QuestionnaireResponse, SignalReview
from tests.conftest import checkin_values, sign_in

EMERGENCY_CARD = "Go to the emergency department now"
SAFETY_CARD = "You told Mend about thoughts of being better off dead or of hurting yourself"


def days_ago(today, n):
    return today - datetime.timedelta(days=n)


# --- the quick paths ask ------------------------------------------------------


def test_homes_quick_form_asks_about_warning_signs_in_the_open(patient_client):
    html = patient_client.get("/").content.decode()
    form = html[html.index("data-quick-form") : html.index("</form>", html.index("data-quick-form"))]
    assert "Any warning signs today?" in form and "Tap if you have any" in form
    for sign in triage.SIGNS:
        assert f'value="{sign.value}"' in form and escape(sign.question) in form
    # Untouched means none: no box is ticked, and none is required.
    assert "checked" not in form[form.index("data-signs-question") :]


def test_the_quick_path_with_saddle_numbness_gets_the_emergency_card_with_the_call_button(
    patient_client, today, loaded_guidance
):
    response = patient_client.post(
        "/checkin/", {"pain": "6", "mood": "3", "symptoms": ["saddle_numbness"]}, follow=True
    )
    html = response.content.decode()
    assert CheckIn.objects.get(date=today).symptoms == ["saddle_numbness"]
    card = html.index(EMERGENCY_CARD)
    assert card < html.index("<h1")  # before anything else
    assert ">Emergency</p>" in html[:card] and 'href="tel:999"' in html[card:]


def test_same_as_yesterday_copies_no_sign_says_what_yesterday_had_and_asks_about_today(
    patient_client, patient, today, make_checkin
):
    make_checkin(patient, days_ago(today, 1), symptoms=["night_pain"], mood=4)
    html = patient_client.post("/history/same-again/", follow=True).content.decode()
    assert CheckIn.objects.get(date=today).symptoms == []
    assert (
        "Your last check-in noted: pain worse at night or not easing when lying still. These were not copied." in html
    )
    signs = html[html.index("data-signs-form") :]
    assert "data-signs-question open" in signs  # yesterday had some: the list is open, nothing ticked
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', signs[: signs.index("</form>")]))
    assert hidden["pain"] == "4" and hidden["mood"] == "4" and hidden["exercise_kind"] == "walking"
    # Ticking one saves today's answers unchanged, with the sign.
    patient_client.post("/checkin/", {**hidden, "symptoms": ["night_pain"]})
    saved = CheckIn.objects.get(date=today)
    assert (saved.symptoms, saved.pain, saved.mood, str(saved.sleep_hours)) == (["night_pain"], 4, 4, "7.5")


def test_same_as_yesterday_after_a_day_without_signs_says_so_with_the_list_one_tap_away(
    patient_client, patient, today, make_checkin
):
    make_checkin(patient, days_ago(today, 1))
    html = patient_client.post("/history/same-again/", follow=True).content.decode()
    assert "Your last check-in noted no warning signs." in html
    assert "data-signs-question>" in html and "Save warning signs" in html


# --- home keeps the advice ------------------------------------------------------


def test_home_keeps_the_advice_until_a_later_check_in_answers_with_none(
    patient_client, patient, today, make_checkin, loaded_guidance
):
    make_checkin(patient, days_ago(today, 9), symptoms=["fever"])
    assert "Get medical advice today" in patient_client.get("/").content.decode()
    make_checkin(patient, days_ago(today, 8))
    assert "Get medical advice today" not in patient_client.get("/").content.decode()


def test_an_urgent_card_names_no_line_mend_does_not_give(
    patient_client, patient, today, make_checkin, loaded_guidance, settings
):
    settings.MEND_REGION = "US"  # no urgent advice line in the shipped data
    make_checkin(patient, today, symptoms=["fever"])
    html = patient_client.get("/").content.decode()
    assert triage.ADVICE[triage.URGENT].closing in html
    assert "urgent care line" not in html and "surgery" not in html
    assert ">Today</p>" in html


# --- the direct question ----------------------------------------------------------


def low_days(make_checkin, patient, today):
    for n, mood in ((3, 5), (2, 1), (1, 0)):
        make_checkin(patient, days_ago(today, n), mood=mood)


def test_after_two_very_low_days_the_next_check_in_asks_once_with_the_phq9_words(
    patient_client, patient, today, make_checkin
):
    low_days(make_checkin, patient, today)
    for page in ("/", "/checkin/"):
        html = patient_client.get(page).content.decode()
        assert "Thoughts that you would be better off dead or of hurting yourself in some way" in html, page
        assert "Over the last 2 weeks, how often have you been bothered" in html and "Copyright © Pfizer" in html
    patient_client.post("/checkin/", checkin_values(self_harm="0"))
    assert CheckIn.objects.get(date=today).self_harm == 0
    # Editing today's check-in shows the answer given.
    assert 'value="0" autocomplete="off" checked' in patient_client.get("/checkin/").content.decode()
    # The next day: asked once, it is not asked again.
    for checkin in CheckIn.objects.order_by("date"):
        CheckIn.objects.filter(pk=checkin.pk).update(date=checkin.date - datetime.timedelta(days=1))
    assert "self-harm-question" not in patient_client.get("/").content.decode()
    assert "self-harm-question" not in patient_client.get("/checkin/").content.decode()


def test_a_phq2_of_3_or_a_phq9_of_15_asks_too_and_a_calm_fortnight_does_not(patient_client, patient, today):
    assert "self-harm-question" not in patient_client.get("/").content.decode()
    QuestionnaireResponse.objects.create(
        patient=patient,
        instrument="phq2",
        date=days_ago(today, 1),
        score=3,
        answers={"item1": 2, "item2": 1},
        version="PHQ-2",
    )
    assert "self-harm-question" in patient_client.get("/").content.decode()


def test_an_answer_above_not_at_all_opens_the_safety_card_first_then_a_quiet_card_for_14_days(
    patient_client, patient, today, make_checkin, loaded_guidance
):
    low_days(make_checkin, patient, today)
    html = patient_client.post("/checkin/", checkin_values(self_harm="1"), follow=True).content.decode()
    card = html.index(SAFETY_CARD)
    assert card < html.index("<h1") and 'href="tel:999"' in html[card : html.index("<h1")]
    assert "Open my safety plan" in html[card:]
    # Days later: the quiet card, not the full one.
    CheckIn.objects.filter(date=today).update(date=days_ago(today, 13))
    html = patient_client.get("/").content.decode()
    assert SAFETY_CARD not in html and "Your safety plan and crisis lines" in html
    CheckIn.objects.filter(self_harm=1).update(date=days_ago(today, 14))
    assert "Your safety plan and crisis lines" not in patient_client.get("/").content.decode()


def test_an_edit_keeps_the_answer_when_the_question_is_no_longer_asked(patient_client, patient, today, make_checkin):
    make_checkin(patient, today, self_harm=2, mood=5)
    patient_client.post("/checkin/", checkin_values(self_harm="2", note="later"))
    assert CheckIn.objects.get(date=today).self_harm == 2


def test_a_severe_phq9_gets_a_card_to_talk_to_the_doctor_this_week_with_the_lines(patient_client, patient, today):
    QuestionnaireResponse.objects.create(
        patient=patient,
        instrument="phq9",
        date=days_ago(today, 2),
        score=22,
        band="severe",
        answers={},
        version="PHQ-9",
    )
    html = patient_client.get("/").content.decode()
    assert "Please talk to your doctor this week" in html and "score on" in html and "was 22" in html
    assert 'href="tel:116123"' in html


# --- kept until a clinician has seen them --------------------------------------------


@pytest.fixture
def clinic(make_user, make_share, clinician):
    """Ten patients who share with Dr Chen, all checked in today without a sign."""
    patients = []
    for n in range(10):
        p = make_user(f"p{n}@example.com", name=f"Patient {n}")
        make_share(p, clinician)
        CheckIn.objects.create(patient=p, date=p.today(), pain=3, mood=6, exercise_kind="")
        patients.append(p)
    return patients


@pytest.mark.django_db(transaction=True)  # derived rows are worked out after commit
def test_a_warning_sign_from_10_days_ago_stays_first_until_a_clinician_marks_it_seen(
    clinic, clinician, clinician_client, make_user, make_share, today
):
    quiet = make_user("quiet@example.com", name="Zoe Quiet")
    share = make_share(quiet, clinician)
    CheckIn.objects.create(
        patient=quiet, date=days_ago(today, 10), pain=5, mood=4, exercise_kind="", symptoms=["saddle_numbness"]
    )
    CheckIn.objects.create(patient=quiet, date=days_ago(today, 9), pain=5, mood=4, exercise_kind="")  # nothing since
    html = clinician_client.get("/clinician/").content.decode()
    assert html.index("Zoe Quiet") < html.index("Patient 0")
    assert "Emergency: numbness around the bottom, genitals or inner thighs, reported 10 days ago" in html
    page = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert "Not yet marked seen by any clinician" in page and "Mend alerts nobody" in page
    # Marked seen: the list no longer puts the patient first; the patient reads who and when.
    assert (
        "Marked as seen"
        in clinician_client.post(f"/clinician/patients/{share.pk}/signals/seen/", follow=True).content.decode()
    )
    review = SignalReview.objects.get(patient=quiet)
    assert review.clinician == clinician and review.seen_through == days_ago(today, 10)
    html = clinician_client.get("/clinician/").content.decode()
    assert html.index("Patient 0") < html.index("Zoe Quiet")
    assert (
        AccessLog.objects.filter(
            patient=quiet, clinician=clinician, what=f"saw your safety signals of {days_ago(today, 10):%-d %b %Y}"
        ).count()
        == 1
    )
    patient_client = Client()
    sign_in(patient_client, quiet)
    assert (
        f"saw your safety signals of {days_ago(today, 10):%-d %b %Y}" in patient_client.get("/share/").content.decode()
    )
    page = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert "Seen by Dr Chen on" in page and "Mark as seen" not in page
    # A new sign after it is unseen again.
    CheckIn.objects.create(patient=quiet, date=today, pain=5, mood=4, exercise_kind="", symptoms=["fever"])
    html = clinician_client.get("/clinician/").content.decode()
    assert html.index("Zoe Quiet") < html.index("Patient 0") and "Today: a high temperature, reported today" in html


def test_an_unseen_signal_drops_from_the_top_after_30_days(
    clinic, clinician, clinician_client, make_user, make_share, today
):
    old = make_user("old@example.com", name="Zed Old")
    make_share(old, clinician)
    CheckIn.objects.create(patient=old, date=days_ago(today, 31), pain=5, mood=4, exercise_kind="", symptoms=["fever"])
    html = clinician_client.get("/clinician/").content.decode()
    assert html.index("Patient 0") < html.index("Zed Old")


def test_only_a_clinician_who_shares_with_the_patient_can_mark_seen(share, other_clinician, clinician_client):
    stranger = Client()
    sign_in(stranger, other_clinician)
    assert stranger.post(f"/clinician/patients/{share.pk}/signals/seen/").status_code == 404
    assert clinician_client.get(f"/clinician/patients/{share.pk}/signals/seen/").status_code == 405
    assert not SignalReview.objects.exists()


def test_a_share_that_ended_cannot_mark_seen(share, clinician_client):
    share.revoked_at = timezone.now()
    share.save()
    assert clinician_client.post(f"/clinician/patients/{share.pk}/signals/seen/").status_code == 404
