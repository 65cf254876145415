"""A patient downloads all of their data, and can delete their account."""

import csv
import datetime
import io
import json

import pandas
import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from checkin.core.streaming import CHUNK
from checkin.daily.exports import CHECKIN_HEADERS
from checkin.models import AccessLog, CheckIn, QuestionnaireResponse, Share, User
from tests.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


# --- export ------------------------------------------------------------------


def test_the_json_export_holds_the_account_and_every_check_in(patient_client, patient, today, make_checkin, share):
    for n in range(3):
        make_checkin(
            patient, today - datetime.timedelta(days=n), pain=n, note=f"note {n}", symptoms=["fever"] if n else []
        )
    response = patient_client.get("/account/export/")
    data = json.loads(body(response))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="mend-export-{today:%Y-%m-%d}.json"'
    assert data["account"]["email"] == "patient@example.com" and data["account"]["name"] == "Pat"
    assert [c["date"] for c in data["checkins"]] == [
        (today - datetime.timedelta(days=n)).isoformat() for n in (2, 1, 0)
    ]
    assert data["checkins"][0] == {
        "date": (today - datetime.timedelta(days=2)).isoformat(),
        "pain": 2,
        "mood": 6,
        "sleep_hours": 7.5,
        "sleep_quality": 3,
        "exercise_minutes": 20,
        "exercise_kind": "walking",
        "symptoms": ["fever"],
        "note": "note 2",
        "self_harm": None,
    }
    assert data["shares"][0]["clinician"] == "Dr Chen"


def test_the_export_of_an_account_without_check_ins_is_valid_json(patient_client):
    data = json.loads(body(patient_client.get("/account/export/")))
    assert data["checkins"] == [] and data["shares"] == [] and data["views"] == []


def test_the_export_never_includes_another_patients_data(patient_client, other_patient, make_checkin):
    make_checkin(other_patient, other_patient.today(), note="Olive's secret")
    assert "Olive" not in body(patient_client.get("/account/export/"))
    assert "Olive" not in body(patient_client.get("/account/export/?format=csv"))


def test_the_csv_export_has_a_header_and_one_row_per_check_in(patient_client, patient, today, make_checkin):
    make_checkin(patient, today, pain=3, mood=8, note="Good day, walked to the park", symptoms=["numbness", "fever"])
    response = patient_client.get("/account/export/?format=csv")
    text = body(response)
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="mend-{today:%Y-%m-%d}-checkins.csv"'
    assert text.startswith("\ufeff")  # so that Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == list(CHECKIN_HEADERS.values())
    assert rows[0][1] == "pain (0-10, 10 = worst)" and rows[0][3] == "sleep (hours)"
    assert rows[1] == [
        today.isoformat(),
        "3",
        "8",
        "7.5",
        "3",
        "20",
        "walking",
        "numbness;fever",
        "",
        "Good day, walked to the park",
    ]


@pytest.mark.parametrize("table", ["checkins", "questionnaires", "signals"])
def test_each_spreadsheet_is_one_table_pandas_reads_first_time(patient_client, patient, today, make_checkin, table):
    for n in range(20):
        make_checkin(patient, today - datetime.timedelta(days=n), note="Stiff, then better" if n % 3 else "")
    make_checkin(
        patient,
        today - datetime.timedelta(days=25),
        symptoms=["legs_weak"],
        sleep_hours=None,
        sleep_quality=None,
        exercise_minutes=None,
        exercise_kind="",
    )
    for n, (instrument, answers) in enumerate(
        [("phq9", {f"item{i}": 1 for i in range(1, 10)}), ("peg", {"item1": 6, "item2": 5, "item3": 7})]
    ):
        QuestionnaireResponse.objects.create(
            patient=patient,
            instrument=instrument,
            date=today - datetime.timedelta(days=n),
            score=9 if n == 0 else 6,
            band="mild" if n == 0 else "",
            answers=answers,
            version="v",
        )
    response = patient_client.get(f"/account/export/?format=csv&table={table}")
    frame = pandas.read_csv(io.BytesIO(b"".join(response.streaming_content)), encoding="utf-8-sig")
    expected = {"checkins": 21, "questionnaires": 2, "signals": 2}[table]  # weak legs; the PHQ-9's item 9
    assert len(frame) == expected
    assert not any(str(column).startswith("Unnamed") for column in frame.columns)
    if table == "questionnaires":
        phq9 = frame[frame["questionnaire"] == "phq9"].iloc[0]
        assert (phq9["score"], phq9["highest possible score"], phq9["item 9"]) == (9, 27, 1)
        assert phq9["item answers"].startswith("0-3: not at all")
        assert frame[frame["questionnaire"] == "peg"].iloc[0]["item answers"] == "0-10 (PEG)"
    if table == "signals":
        assert set(frame["signal"]) == {"legs_weak", "self_harm"}


def test_the_columns_are_the_same_whether_or_not_notes_are_shared(
    clinician_client, share, patient, today, make_checkin
):
    make_checkin(patient, today, note="Private")
    url = f"/clinician/patients/{share.pk}/report.csv?days=7&end={today}"
    without = pandas.read_csv(io.BytesIO(b"".join(clinician_client.get(url).streaming_content)), encoding="utf-8-sig")
    share.include_notes = True
    share.save()
    shared = pandas.read_csv(io.BytesIO(b"".join(clinician_client.get(url).streaming_content)), encoding="utf-8-sig")
    assert list(without.columns) == list(shared.columns) == list(CHECKIN_HEADERS.values())
    assert pandas.isna(without.iloc[0]["note (empty unless shared)"])
    assert shared.iloc[0]["note (empty unless shared)"] == "Private"


def test_a_note_that_looks_like_a_formula_stays_text_in_the_csv(patient_client, patient, today, make_checkin):
    make_checkin(patient, today, note='=HYPERLINK("http://example.com","click")')
    rows = list(csv.reader(io.StringIO(body(patient_client.get("/account/export/?format=csv")))))
    assert rows[1][-1] == '\'=HYPERLINK("http://example.com","click")'


def test_the_export_streams_a_chunk_of_check_ins_per_query(
    patient_client, patient, today, django_assert_max_num_queries
):
    # 1,200 check-ins are three chunks (checkin/core/streaming.py): two more
    # queries than a short history, never one per day.
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            date=today - datetime.timedelta(days=n),
            pain=5,
            mood=5,
            sleep_hours=7,
            sleep_quality=3,
            exercise_minutes=0,
        )
        for n in range(1200)
    )
    QuestionnaireResponse.objects.bulk_create(
        QuestionnaireResponse(
            patient=patient,
            instrument="peg",
            date=today - datetime.timedelta(days=7 * n),
            score=5,
            answers={"item1": 5, "item2": 5, "item3": 5},
            version="PEG 2009",
        )
        for n in range(150)
    )
    # The account, shares, views, questionnaires, signals, medicines, doses, answers...: 12 whatever the history.
    with django_assert_max_num_queries(12 + 1200 // CHUNK):
        response = patient_client.get("/account/export/")
        text = body(response)
    assert isinstance(response, StreamingHttpResponse)
    assert len(json.loads(text)["checkins"]) == 1200
    assert len(json.loads(text)["questionnaires"]) == 150
    with django_assert_max_num_queries(10):
        rows = body(patient_client.get("/account/export/?format=csv")).splitlines()
    assert len(rows) == 1 + 1200  # the header and one row a day
    with django_assert_max_num_queries(10):
        rows = body(patient_client.get("/account/export/?format=csv&table=questionnaires")).splitlines()
    assert len(rows) == 1 + 150


def test_exports_are_never_cached(patient_client):
    assert "no-store" in patient_client.get("/account/export/")["Cache-Control"]


def test_visitors_must_log_in_to_export(client):
    response = client.get("/account/export/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- delete ------------------------------------------------------------------


def test_the_delete_page_says_it_cannot_be_undone_and_what_goes(patient_client, patient, today, make_checkin):
    make_checkin(patient, today)
    html = patient_client.get("/account/delete/").content.decode()
    assert "This cannot be undone." in html
    assert "your check-ins and their notes (1 in all)" in html
    assert "your questionnaire answers (0), your safety plan, your reminders and the devices they go to" in html
    assert 'type="password"' in html


def test_a_wrong_password_deletes_nothing_and_says_why(patient_client, patient, today, make_checkin):
    make_checkin(patient, today)
    response = patient_client.post("/account/delete/", {"password": "not my password"})
    assert response.status_code == 400
    assert "Password: that is not your password. Nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=patient.pk).exists() and CheckIn.objects.filter(patient=patient).exists()


def test_an_empty_password_is_named(patient_client):
    response = patient_client.post("/account/delete/", {})
    assert "Password: enter your password to confirm." in response.content.decode()


def test_the_right_password_removes_the_account_check_ins_shares_and_log_and_logs_out(
    patient_client, patient, other_patient, clinician, share, make_share, today, make_checkin
):
    make_checkin(patient, today)
    make_share(patient)  # an open invitation
    AccessLog.objects.create(patient=patient, clinician=clinician, share=share, what="looked")
    make_checkin(other_patient, today)
    clinician_client = Client()
    sign_in(clinician_client, clinician)

    response = patient_client.post("/account/delete/", {"password": PASSWORD}, follow=True)
    assert "Your account and all your check-ins have been deleted." in response.content.decode()
    assert not User.objects.filter(pk=patient.pk).exists()
    assert not CheckIn.objects.filter(patient_id=patient.pk).exists()
    assert not Share.objects.filter(patient_id=patient.pk).exists()
    assert not AccessLog.objects.filter(patient_id=patient.pk).exists()
    assert CheckIn.objects.filter(patient=other_patient).count() == 1
    assert clinician_client.get(f"/clinician/patients/{share.pk}/").status_code == 404
    assert patient_client.get("/checkin/").status_code == 302  # logged out


def test_deleting_needs_a_logged_in_patient(client):
    assert client.post("/account/delete/", {"password": PASSWORD}).status_code == 302
