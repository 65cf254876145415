"""The patient's questionnaire pages: the home card, the forms, the results and the trends."""

import datetime
import re
from decimal import Decimal

import pytest

from checkin.models import QuestionnaireResponse, QuestionnaireSchedule
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def items(*values, **extra):
    return {**{f"item{n}": str(v) for n, v in enumerate(values, start=1)}, **extra}


def make_response(patient, instrument, day, score, band="", **fields):
    return QuestionnaireResponse.objects.create(
        patient=patient, instrument=instrument, date=day, score=score, band=band, version="test", answers={}, **fields
    )


def test_the_default_schedules_are_peg_weekly_and_the_screeners_fortnightly(loaded_guidance):
    assert dict(QuestionnaireSchedule.objects.values_list("instrument", "every_days")) == {
        "peg": 7,
        "phq2": 14,
        "gad2": 14,
    }


def test_the_defaults_hold_for_an_instrument_without_a_row(patient_client, patient, today):
    assert not QuestionnaireSchedule.objects.exists()
    QuestionnaireSchedule.objects.create(instrument="gad2", every_days=14, enabled=False)
    make_response(patient, "peg", today - datetime.timedelta(days=6), 2)
    page = patient_client.get("/measures/").content.decode()
    assert 'href="/measures/phq2/"' in page  # the default, without a row
    assert 'href="/measures/peg/"' not in page  # answered 6 days ago: due after 7
    assert 'href="/measures/gad2/"' not in page  # turned off by an admin


def test_home_offers_one_quiet_card_for_the_first_questionnaire_due(patient_client):
    page = patient_client.get("/").content.decode()
    assert page.count('class="card mb-3 measure-due"') == 1
    assert "Pain this past week" in page
    assert "3 questions, about a minute." in page
    # Below today's check-in, never in its way.
    assert page.index("Full check-in") < page.index("measure-due")


def test_not_now_hides_the_card_until_tomorrow(patient_client, patient, today):
    response = patient_client.post("/home/not-now/")
    assert response.status_code == 302
    assert "measure-due" not in patient_client.get("/").content.decode()
    patient.refresh_from_db()
    assert patient.measures_hidden_on == today
    type(patient).objects.filter(pk=patient.pk).update(measures_hidden_on=today - datetime.timedelta(days=1))
    assert "measure-due" in patient_client.get("/").content.decode()


def test_no_card_once_everything_due_is_answered(patient_client, patient, today):
    for slug in ("peg", "phq2", "gad2"):
        make_response(patient, slug, today, 1)
    assert "measure-due" not in patient_client.get("/").content.decode()


def test_the_form_shows_each_item_word_for_word_with_its_copyright(patient_client):
    page = patient_client.get("/measures/phq9/").content.decode()
    assert "Over the last 2 weeks, how often have you been bothered by any of the following problems?" in page
    assert "Thoughts that you would be better off dead or of hurting yourself in some way" in page
    assert page.count('name="item') == 9 * 4
    assert page.count('name="difficulty"') == 4
    assert "No permission required to reproduce, translate, display or distribute." in page
    peg = patient_client.get("/measures/peg/").content.decode()
    assert peg.count('name="item1"') == 11
    assert "0 = No pain" in peg and "10 = Pain as bad as you can imagine" in peg


def test_saving_scores_and_shows_the_result(patient_client, patient, today):
    response = patient_client.post("/measures/peg/", items(6, 7, 8))
    assert response.status_code == 302
    assert response["Location"] == "/measures/?done=peg"
    saved = QuestionnaireResponse.objects.get(patient=patient)
    assert (saved.instrument, saved.date, saved.score, saved.answers) == (
        "peg",
        today,
        Decimal("7"),
        {"item1": 6, "item2": 7, "item3": 8},
    )
    assert saved.version == "PEG 2009"
    page = patient_client.get(response["Location"]).content.decode()
    assert re.search(r"Your PEG score today is <strong>7</strong> out of 10: higher means pain gets in", page)
    assert "data-change" not in page  # nothing to compare with yet


def test_the_result_says_its_band_and_the_change_since_last_time(patient_client, patient, today):
    make_response(patient, "phq9", today - datetime.timedelta(days=14), 16, "moderately severe")
    response = patient_client.post("/measures/phq9/", items(1, 1, 1, 1, 1, 1, 2, 2, 0), follow=True)
    page = response.content.decode()
    assert "score today is <strong>10</strong> out of 27: moderate (10–14)." in page
    earlier = (today - datetime.timedelta(days=14)).strftime("%-d %b %Y")
    assert f"That is 6 points lower than last time: a meaningful improvement ({earlier})." in page


def test_a_missing_answer_names_the_question_and_keeps_the_others(patient_client):
    response = patient_client.post("/measures/gad7/", items(1, 2, 3, 0, 1, 2))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Question 7 (Feeling afraid as if something awful…): choose one of the answers." in page
    assert re.search(r'name="item3" id="[^"]+" value="3" autocomplete="off" checked', page)
    assert not QuestionnaireResponse.objects.exists()


def test_an_answer_outside_the_scale_is_refused(patient_client):
    response = patient_client.post("/measures/peg/", items(6, 11, 8))
    assert response.status_code == 400
    assert "Question 2 (What number best describes how, during…): choose a number from 0 to 10." in (
        response.content.decode()
    )
    assert not QuestionnaireResponse.objects.exists()


def test_editing_the_same_day_rescores_and_keeps_one_response(patient_client, patient):
    patient_client.post("/measures/phq9/", items(1, 1, 1, 1, 1, 1, 1, 1, 0))
    patient_client.post("/measures/phq9/", items(2, 2, 2, 2, 2, 2, 2, 2, 0, difficulty=2))
    saved = QuestionnaireResponse.objects.get(patient=patient)
    assert (saved.score, saved.band, saved.difficulty) == (16, "moderately severe", 2)
    page = patient_client.get("/measures/phq9/").content.decode()
    assert "Editing today's answers" in page
    assert re.search(r'name="item1" id="[^"]+" value="2" autocomplete="off" checked', page)


def test_item9_opens_the_safety_card_before_the_score_whatever_the_total(patient_client, patient):
    response = patient_client.post("/measures/phq9/", items(0, 0, 0, 0, 0, 0, 0, 0, 1), follow=True)
    page = response.content.decode()
    assert QuestionnaireResponse.objects.get(patient=patient).self_harm is True
    card = page.index("data-safety-card")
    assert card < page.index("Your PHQ-9 score today")
    assert "Samaritans" in page[card:]  # the deployment's (GB) crisis lines
    assert 'href="tel:999"' in page[card:]
    assert "/safety-plan/" in page[card:]
    assert 'href="/guidance/thoughts-of-suicide/">What can help with these thoughts</a>' in page[card:]
    assert "hidden" not in page[card : card + 200].split(">")[0]


def test_no_safety_card_when_item9_is_not_at_all(patient_client):
    page = patient_client.post("/measures/phq9/", items(3, 3, 3, 3, 3, 3, 3, 3, 0), follow=True).content.decode()
    assert "data-safety-card" not in page


def test_a_positive_screener_offers_the_full_scale_with_its_two_answers_filled(patient_client, patient):
    page = patient_client.post("/measures/phq2/", items(2, 1), follow=True).content.decode()
    assert 'href="/measures/phq9/">Answer the rest now' in page
    form = patient_client.get("/measures/phq9/").content.decode()
    assert re.search(r'name="item1" id="[^"]+" value="2" autocomplete="off" checked', form)
    assert re.search(r'name="item2" id="[^"]+" value="1" autocomplete="off" checked', form)
    assert "Your first 2 answers are filled in from the PHQ-2 you answered today" in form
    home = patient_client.get("/").content.decode()
    assert 'href="/measures/phq9/">Start' in home


def test_a_negative_screener_asks_nothing_more(patient_client):
    page = patient_client.post("/measures/gad2/", items(1, 1), follow=True).content.decode()
    assert "Nothing here needs more questions today." in page
    assert "Answer the rest now" not in page
    assert "out of 6: below 3, no more questions needed." in page


def test_the_list_shows_what_is_due_and_what_was_done(patient_client, patient, today):
    make_response(patient, "phq9", today - datetime.timedelta(days=3), 11, "moderate")
    page = patient_client.get("/measures/").content.decode()
    assert 'href="/measures/peg/"' in page and 'href="/measures/gad2/"' in page
    assert 'href="/measures/phq2/"' not in page  # the PHQ-9 three days ago stands in for it
    assert "PHQ-9 <strong>11</strong>" in page and "moderate (10–14)" in page


def test_unknown_questionnaires_are_not_found(patient_client):
    assert patient_client.get("/measures/phq10/").status_code == 404


def test_logged_out_visitors_are_sent_to_log_in(client):
    assert client.get("/measures/").status_code == 302
    assert client.post("/measures/peg/", items(1, 1, 1)).status_code == 302
    assert not QuestionnaireResponse.objects.exists()


def test_a_patient_never_sees_another_patients_answers(patient_client, other_patient, today):
    make_response(other_patient, "gad7", today, 17, "severe")
    page = patient_client.get("/measures/").content.decode()
    assert "severe" not in page and "None yet." in page
    assert 'data-instrument="gad7"' not in patient_client.get("/trends/").content.decode()


def test_trends_chart_the_scores_with_bands_and_a_table(patient_client, patient, today, make_checkin):
    for weeks_ago, value in ((3, 8), (2, 12), (0, 16)):
        make_response(
            patient,
            "phq9",
            today - datetime.timedelta(weeks=weeks_ago),
            value,
            {8: "mild", 12: "moderate", 16: "moderately severe"}[value],
        )
    for n in range(10):
        make_checkin(patient, today - datetime.timedelta(days=n), pain=5)
    make_response(patient, "peg", today, Decimal("6.3"))
    page = patient_client.get("/trends/?days=30").content.decode()
    phq9 = page[page.index('data-instrument="phq9"') :]
    assert phq9.count('class="score-dot"') == 3
    assert phq9.count("score-band score-band") == 5
    assert "a change beyond it is a meaningful one" in phq9
    assert "<td>16</td><td>moderately severe</td>" in phq9
    peg = page[page.index('data-instrument="peg"') :]
    assert 'class="score-pain"' in peg  # pain's average on the same 0-10 scale
    # The PHQ-9 rose by 8 since the last one: the pattern links the low-mood pages.
    assert 'data-finding="phq9_high"' in page


def test_the_score_findings_link_the_guidance(patient_client, patient, today, loaded_guidance):
    make_response(patient, "peg", today - datetime.timedelta(days=7), Decimal("4"))
    make_response(patient, "peg", today, Decimal("6"))
    page = patient_client.get("/measures/").content.decode()
    assert "The PEG score rose by 2 points since the last one, to 6." in page
    assert 'href="/guidance/flare-up/"' in page and 'href="/guidance/staying-active/"' in page


def test_an_admin_changes_a_schedule_and_the_home_card_follows(
    make_user, patient_client, patient, today, loaded_guidance
):
    from django.test import Client

    admin = Client()
    sign_in(admin, make_user("admin@example.com", is_staff=True, is_superuser=True))
    peg = QuestionnaireSchedule.objects.get(instrument="peg")
    page = admin.get(f"/admin/checkin/questionnaireschedule/{peg.pk}/change/")
    assert page.status_code == 200
    response = admin.post(f"/admin/checkin/questionnaireschedule/{peg.pk}/change/", {"every_days": "0"})
    assert (
        response.status_code == 200 and "Ensure this value is greater than or equal to 1" in response.content.decode()
    )
    admin.post(f"/admin/checkin/questionnaireschedule/{peg.pk}/change/", {"every_days": "28"})  # enabled unticked
    assert QuestionnaireSchedule.objects.get(instrument="peg").enabled is False
    assert 'href="/measures/peg/">Start' not in patient_client.get("/").content.decode()
    assert 'href="/measures/phq2/">Start' in patient_client.get("/").content.decode()


def test_item9_cannot_be_turned_off_by_any_schedule(patient_client):
    QuestionnaireSchedule.objects.update(enabled=False)
    page = patient_client.post("/measures/phq9/", items(0, 0, 0, 0, 0, 0, 0, 0, 3), follow=True).content.decode()
    assert "data-safety-card" in page


def test_peg_scores_saved_with_a_decimal_are_rounded_as_loinc_states_them(patient, today):
    import importlib

    from django.apps import apps as registry

    migration = importlib.import_module("checkin.migrations.0025_peg_scores_as_loinc_rounds_them")
    for weeks, saved in enumerate(("5.3", "5.7", "6.5", "7.0")):
        make_response(patient, "peg", today - datetime.timedelta(weeks=weeks), Decimal(saved))
    make_response(patient, "gad7", today, Decimal("6"))
    migration.round_peg_scores(registry, None)
    pegs = QuestionnaireResponse.objects.filter(instrument="peg").order_by("-date")
    assert [r.score for r in pegs] == [Decimal("5"), Decimal("6"), Decimal("7"), Decimal("7")]
    assert QuestionnaireResponse.objects.get(instrument="gad7").score == Decimal("6")
