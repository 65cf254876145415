"""The daily check-in form: record, change, move, delete, back-fill, and every kind of bad input."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import dateformat

from checkin.core.dates import day_name
from checkin.models import CheckIn
from tests.conftest import checkin_values, sign_in

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/checkin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_eleven_large_choices_for_pain_and_mood_with_words_for_both_ends(patient_client):
    response = patient_client.get("/checkin/")
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("pain", "mood"):
        for n in range(11):
            assert f'name="{field}" id="id_{field}_{n}" value="{n}"' in html
    assert "0 = No pain" in html and "10 = Worst imaginable" in html
    assert "0 = Very low" in html and "10 = Very good" in html


def test_every_control_has_a_label(patient_client):
    import re

    html = patient_client.get("/checkin/").content.decode()
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', html)
    hidden = re.findall(r'<input type="hidden"[^>]*\sid="([^"]+)"', html)
    visible = [i for i in ids if i not in hidden]
    assert visible
    for control_id in visible:
        assert f'for="{control_id}"' in html, control_id


def test_it_records_todays_check_in(patient_client, patient, today):
    response = patient_client.post("/checkin/", checkin_values(symptoms=["numbness", "fever"], note="Long walk"))
    assert response.status_code == 302
    checkin = CheckIn.objects.get(patient=patient)
    assert checkin.date == today
    assert (checkin.pain, checkin.mood, checkin.sleep_hours) == (4, 6, Decimal("7.5"))
    assert checkin.symptoms == ["fever", "numbness"]
    assert checkin.note == "Long walk"
    page = patient_client.get(response["Location"]).content.decode()
    assert "Saved your check-in for today" in page


def test_saving_again_the_same_day_changes_the_one_row(patient_client, patient):
    patient_client.post("/checkin/", checkin_values(pain="4"))
    patient_client.post("/checkin/", checkin_values(pain="7"))
    assert CheckIn.objects.filter(patient=patient).count() == 1
    assert CheckIn.objects.get(patient=patient).pain == 7


def test_the_form_comes_back_filled_in_when_editing_today(patient_client, patient, today, make_checkin):
    make_checkin(patient, today, pain=8, note="Rough day")
    html = patient_client.get("/checkin/").content.decode()
    assert 'id="id_pain_8" value="8" autocomplete="off" checked' in html
    assert "Rough day" in html
    assert "Save changes" in html


def test_it_back_fills_a_missed_past_day(patient_client, patient, yesterday):
    response = patient_client.post(f"/checkin/{yesterday:%Y-%m-%d}/", checkin_values(pain="3"))
    assert response.status_code == 302
    assert CheckIn.objects.get(patient=patient).date == yesterday


def test_a_past_days_form_asks_about_that_day_not_today(patient_client, yesterday):
    past = patient_client.get(f"/checkin/{yesterday:%Y-%m-%d}/").content.decode()
    assert "Hours of sleep the night before" in past
    assert "Minutes of activity that day" in past
    assert "Any of these that day, new or worse?" in past
    assert "today" not in re.sub(r"<[^>]+>", " ", past.split("<form", 1)[1].split("</form>", 1)[0])
    todays = patient_client.get("/checkin/").content.decode()
    assert "Hours of sleep last night" in todays
    assert "Minutes of activity today" in todays


@pytest.mark.parametrize(
    "path", ["/checkin/2999-01-01/", "/checkin/1999-12-31/", "/checkin/not-a-date/", "/checkin/2024-02-30/"]
)
def test_a_future_ancient_or_impossible_day_is_not_found(patient_client, path):
    assert patient_client.get(path).status_code == 404


def test_same_as_yesterday_fills_in_yesterdays_answers(patient_client, patient, yesterday, make_checkin):
    make_checkin(
        patient, yesterday, pain=6, mood=3, sleep_hours=Decimal("5.5"), exercise_minutes=15, note="yesterday-only note"
    )
    page = patient_client.get("/checkin/").content.decode()
    assert "Same as yesterday" in page
    html = patient_client.get("/checkin/?copy=yesterday").content.decode()
    assert 'id="id_pain_6" value="6" autocomplete="off" checked' in html
    assert 'id="id_mood_3" value="3" autocomplete="off" checked' in html
    assert 'value="5.5"' in html
    assert "yesterday-only note" not in html  # the note is not copied
    assert not CheckIn.objects.filter(date=yesterday + datetime.timedelta(days=1)).exists()


def test_a_posted_client_uuid_is_kept(patient_client, patient):
    uuid = "3f1c9b62-7d43-4c1e-9a4e-0d9e0a7b5f21"
    patient_client.post("/checkin/", checkin_values(client_uuid=uuid))
    assert str(CheckIn.objects.get(patient=patient).client_uuid) == uuid


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("pain", "11", "Pain: choose a whole number from 0 to 10."),
        ("pain", "-1", "Pain: choose a whole number from 0 to 10."),
        ("pain", "lots", "Pain: choose a whole number from 0 to 10."),
        ("pain", None, "Pain: choose a number from 0 to 10."),
        ("mood", "10.5", "Mood: choose a whole number from 0 to 10."),
        ("mood", None, "Mood: choose a number from 0 to 10."),
        ("sleep_hours", "25", "Sleep: hours must be from 0 to 24."),
        ("sleep_hours", "-2", "Sleep: hours must be from 0 to 24."),
        ("sleep_hours", "6.3", "Sleep: use half hours, for example 6 or 6.5."),
        ("sleep_hours", "eight", "Sleep: enter a number of hours from 0 to 24"),
        ("sleep_hours", None, "Sleep: enter the hours you slept, from 0 to 24."),
        ("sleep_quality", "6", "Sleep quality: choose from 1 (very poor) to 5 (very good)."),
        ("exercise_minutes", "1441", "Activity: minutes must be from 0 to 1440"),
        ("exercise_minutes", "ten", "Activity: enter whole minutes from 0 to 1440."),
        ("exercise_kind", "dancing", "Kind of activity: choose one of walking, stretching"),
        ("note", "x" * 2001, "Note: at most 2,000 characters (you have 2001)."),
        ("date", "2999-01-01", "Day: must be today"),
        ("date", "1999-12-31", "Day: must be 1 January 2000 or later."),
        ("date", "2024-02-30", "Day: enter a date as YYYY-MM-DD."),
        (
            "symptoms",
            ["headache"],
            "Warning signs: choose only from saddle_numbness, bladder_bowel, both_legs, "
            "leg_weakness_worse, sexual_function, chest_pain, serious_accident, fever, "
            "weight_loss, night_pain, injury, leg_numbness, cancer_history, lump_shape, "
            "cough_strain, upper_back.",
        ),
    ],
)
def test_bad_input_comes_back_with_a_message_naming_the_field(patient_client, field, value, message):
    data = checkin_values(**{"note": "kept note", field: value})
    response = patient_client.post("/checkin/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert not CheckIn.objects.exists()
    if field != "note":
        assert "kept note" in html  # nothing the user typed is lost
    if field not in ("pain",):
        assert 'id="id_pain_4" value="4" autocomplete="off" checked' in html


def test_it_never_errors_on_a_huge_number(patient_client):
    response = patient_client.post("/checkin/", checkin_values(exercise_minutes="9" * 400, sleep_hours="9" * 400))
    assert response.status_code == 200
    assert not CheckIn.objects.exists()


def test_dates_in_messages_are_written_as_pages_write_them():
    """Dates in messages read "8 Nov 2026" or "Sunday 8 November": no leading zero, the month in words."""
    from checkin.daily.forms import CheckInForm
    from checkin.sharing.forms import InviteForm, ReportRangeForm

    today = datetime.date(2026, 11, 8)
    form = CheckInForm(checkin_values(date="2026-11-09"), today=today, day=today)
    assert form.errors["date"] == ["Day: must be today (8 Nov 2026) or earlier, not a future day."]
    invite = InviteForm({"ends_on": "2026-11-07"}, today=today)
    assert invite.errors["ends_on"] == [
        "Last day: choose today (8 Nov 2026) or a later day, or leave it empty for no end."
    ]
    report = ReportRangeForm({"end": "2026-11-09"}, today=today, lengths={"30": "30 days"})
    assert report.errors["end"] == ["Up to: choose today (8 Nov 2026) or an earlier day."]
    assert day_name(today) == "Sunday 8 November"


def test_changing_the_day_of_a_check_in_moves_it(patient_client, patient, yesterday, make_checkin):
    make_checkin(patient, yesterday, pain=8, note="wrong day")
    earlier = yesterday - datetime.timedelta(days=1)
    response = patient_client.post(
        f"/checkin/{yesterday:%Y-%m-%d}/",
        checkin_values(date=earlier.isoformat(), pain="3", note="wrong day"),
        follow=True,
    )
    (checkin,) = CheckIn.objects.filter(patient=patient)
    assert (checkin.date, checkin.pain, checkin.note) == (earlier, 3, "wrong day")
    page = patient_client.get(f"/checkin/{earlier:%Y-%m-%d}/").content.decode()
    assert "Change it to move this check-in to another day." in page
    assert "For an earlier day, change it here." in patient_client.get("/checkin/").content.decode()
    assert f"Moved your check-in from {day_name(yesterday)} to {day_name(earlier)}." in response.content.decode()


@pytest.mark.parametrize("today_has_one", [False, True])
def test_another_days_check_in_is_never_overwritten(
    patient_client, patient, today, yesterday, make_checkin, today_has_one
):
    make_checkin(patient, yesterday, pain=8, note="yesterday's own")
    if today_has_one:
        make_checkin(patient, today, pain=5)
    response = patient_client.post("/checkin/", checkin_values(date=yesterday.isoformat(), pain="2", note="typed now"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Day: {day_name(yesterday)} already has a check-in. Open it from History to change it" in html
    assert 'id="id_pain_2" value="2" autocomplete="off" checked' in html and "typed now" in html
    assert CheckIn.objects.get(patient=patient, date=yesterday).pain == 8
    assert CheckIn.objects.filter(patient=patient).count() == (2 if today_has_one else 1)
    if today_has_one:
        assert CheckIn.objects.get(patient=patient, date=today).pain == 5


def test_a_new_check_in_may_go_to_an_empty_earlier_day(patient_client, patient, yesterday):
    response = patient_client.post("/checkin/", checkin_values(date=yesterday.isoformat(), pain="2"))
    assert response.status_code == 302
    assert CheckIn.objects.get(patient=patient).date == yesterday


def test_a_check_in_is_deleted_only_after_a_page_that_asks(patient_client, patient, yesterday, make_checkin):
    make_checkin(patient, yesterday, pain=7, note="entered by mistake")
    path = f"/history/{yesterday:%Y-%m-%d}/delete/"
    assert f'href="{path}"' in patient_client.get(f"/checkin/{yesterday:%Y-%m-%d}/").content.decode()
    asking = patient_client.get(path).content.decode()
    assert f"Delete your check-in for {dateformat.format(yesterday, 'l j F Y')}?" in asking
    assert "Pain 7" in asking and "and its note" in asking
    assert CheckIn.objects.filter(patient=patient).exists()  # looking deletes nothing
    response = patient_client.post(path, follow=True)
    assert response.redirect_chain == [("/history/", 302)]
    assert f"Deleted your check-in for {day_name(yesterday)}." in response.content.decode()
    assert not CheckIn.objects.filter(patient=patient).exists()
    assert patient_client.post(path).status_code == 404  # nothing left to delete


def test_a_day_without_a_check_in_offers_nothing_to_delete(patient_client):
    assert "Delete this check-in" not in patient_client.get("/checkin/").content.decode()


def test_nobody_else_can_delete_a_patients_check_in(client, patient, other_patient, clinician, yesterday, make_checkin):
    make_checkin(patient, yesterday)
    for person in (other_patient, clinician):
        sign_in(client, person)
        assert client.post(f"/history/{yesterday:%Y-%m-%d}/delete/").status_code == 404
    client.logout()
    assert client.post(f"/history/{yesterday:%Y-%m-%d}/delete/").status_code == 302  # to log in
    assert CheckIn.objects.filter(patient=patient).count() == 1


def test_same_as_names_the_day_it_copies(patient_client, patient, today, make_checkin):
    five_days_ago = today - datetime.timedelta(days=5)
    make_checkin(patient, five_days_ago, pain=6)
    page = patient_client.get("/checkin/").content.decode()
    assert f"Same as {dateformat.format(five_days_ago, 'l j F')}" in page and "Same as yesterday" not in page
    copied = patient_client.get("/checkin/?copy=yesterday").content.decode()
    assert 'id="id_pain_6" value="6" autocomplete="off" checked' in copied
    four_days_ago = five_days_ago + datetime.timedelta(days=1)
    past = patient_client.get(f"/checkin/{four_days_ago:%Y-%m-%d}/").content.decode()
    assert "Same as the day before" in past
    # Nothing earlier to copy: no button.
    first = five_days_ago - datetime.timedelta(days=1)
    assert "Same as" not in patient_client.get(f"/checkin/{first:%Y-%m-%d}/").content.decode()


@pytest.mark.parametrize(
    "minutes, kind, field, question",
    [
        ("20", "none", "exercise_kind", "Kind of activity: you noted 20 minutes. What kind was it?"),
        ("0", "walking", "exercise_minutes", "Activity: you chose walking. How many minutes?"),
    ],
)
def test_minutes_and_kind_that_disagree_get_a_question_and_nothing_is_saved(
    patient_client, minutes, kind, field, question
):
    response = patient_client.post("/checkin/", checkin_values(exercise_minutes=minutes, exercise_kind=kind))
    html = response.content.decode()
    assert question in html
    assert f'href="#div_id_{field}"' in html  # the summary links to the answer to check
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("minutes, kind", [("0", "none"), ("30", "walking"), ("5", "other")])
def test_minutes_and_kind_that_agree_are_saved(patient_client, minutes, kind):
    assert (
        patient_client.post("/checkin/", checkin_values(exercise_minutes=minutes, exercise_kind=kind)).status_code
        == 302
    )


def test_the_error_summary_names_each_answer_once_and_links_to_it(patient_client):
    html = patient_client.post("/checkin/", checkin_values(pain=None, sleep_hours="25")).content.decode()
    summary = html[html.index('id="form-errors"') : html.index("</ul>", html.index('id="form-errors"'))]
    assert '<a href="#div_id_pain">' in summary and '<a href="#div_id_sleep_hours">' in summary
    # The messages themselves appear once each, by their answers.
    assert html.count("Sleep: hours must be from 0 to 24.") == 1
    assert html.count("Pain: choose a number from 0 to 10.") == 1
    assert "Sleep: hours" not in summary


def test_sleep_and_activity_offer_one_tap_answers_and_kinds_are_buttons(patient_client):
    html = patient_client.get("/checkin/").content.decode()
    assert 'data-chips="5 6 7 8 9"' in html and 'data-chips="0 10 20 30 45 60"' in html
    assert 'type="radio" class="btn-check" name="exercise_kind"' in html
