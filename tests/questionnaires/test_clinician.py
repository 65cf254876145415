"""The clinician sees the same scores: latest, changes marked, item 9 first, in the spreadsheet too."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from checkin.models import AccessLog, QuestionnaireResponse, Share, User
from checkin.sharing import summaries
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def respond(patient, instrument, day, score, band="", self_harm=False, answers=None):
    return QuestionnaireResponse.objects.create(
        patient=patient,
        instrument=instrument,
        date=day,
        score=score,
        band=band,
        self_harm=self_harm,
        version="test",
        answers=answers or {},
    )


def weeks_ago(today, n):
    return today - datetime.timedelta(weeks=n)


def test_the_patient_page_shows_latest_scores_with_meaningful_changes_marked(clinician_client, share, patient, today):
    respond(patient, "phq9", weeks_ago(today, 4), 8, "mild")
    respond(patient, "phq9", weeks_ago(today, 2), 11, "moderate")
    respond(patient, "phq9", today, 14, "moderate")
    respond(patient, "peg", weeks_ago(today, 1), Decimal("6"))
    respond(patient, "peg", today, Decimal("5"))
    html = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    phq9 = html[html.index('<tr data-instrument="phq9" class="is-flagged">') :]
    phq9 = phq9[: phq9.index("</tr>")]
    assert "<strong>14</strong>/27 moderate" in phq9
    assert "worse by 6 ▲" in phq9 and "a meaningful worsening" in phq9  # since the first: 8 -> 14
    assert '<span class="score-change score-worse">' in phq9
    assert "worse by 3</span><br>" in phq9  # since the previous: not meaningful
    peg = html[html.index('<tr data-instrument="peg"') :]
    assert "better by 1 ▼" in peg[: peg.index("</tr>")]  # the PEG's 1 point: meaningful
    assert html.count('class="score-dot"') == 5  # the charts beside the trends
    assert AccessLog.objects.filter(patient=patient, clinician=share.clinician).count() == 1


def test_item9_is_flagged_as_an_emergency_signal_on_the_patient_page(clinician_client, share, patient, today):
    respond(
        patient,
        "phq9",
        today,
        3,
        "minimal",
        self_harm=True,
        answers={**{f"item{n}": 0 for n in range(1, 9)}, "item9": 2},
    )
    html = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert (
        'data-level="emergency">Emergency</span> <strong>Thoughts of being better off dead or of self-harm '
        "(PHQ-9 item 9: “More than half the days”)</strong>"
    ) in html


def test_the_report_shows_the_scores(clinician_client, share, patient, today):
    respond(patient, "gad7", weeks_ago(today, 3), 16, "severe")
    respond(patient, "gad7", today, 9, "mild")
    html = clinician_client.get(f"/clinician/patients/{share.pk}/report/?days=30").content.decode()
    gad7 = html[html.index('<tr data-instrument="gad7" class="is-flagged">') :]
    assert (
        "<strong>9</strong>/21 mild" in gad7
        and "better by 7 ▼" in gad7
        and '<span class="score-change score-better">' in gad7
    )


def test_a_clinician_without_the_share_gets_404(other_clinician, share, patient, today):
    respond(patient, "phq9", today, 22, "severe")
    client = Client()
    sign_in(client, other_clinician)
    assert client.get(f"/clinician/patients/{share.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)  # derived rows are worked out after commit
def test_the_list_shows_the_latest_phq9_band_and_puts_item9_first(
    clinician_client, clinician, make_user, make_share, today
):
    names = ["Aaron", "Bea", "Zed"]
    patients = {name: make_user(f"{name.lower()}@example.com", name=name) for name in names}
    for p in patients.values():
        make_share(p, clinician)
    respond(patients["Aaron"], "phq9", today, 12, "moderate")
    respond(patients["Zed"], "phq9", weeks_ago(today, 2), 2, "minimal")
    respond(patients["Zed"], "phq9", today, 4, "minimal", self_harm=True)
    html = clinician_client.get("/clinician/").content.decode()
    assert html.index("Zed") < html.index("Aaron") < html.index("Bea")
    zed = html[html.index("Zed") : html.index("Aaron")]
    assert (
        "Emergency: thoughts of being better off dead or of self-harm (PHQ-9 item 9 above “Not at all”), reported today"
        in zed
    )
    assert "minimal" in zed
    assert "moderate" in html[html.index("Aaron") : html.index("Bea")]


@pytest.mark.django_db(transaction=True)  # derived rows are worked out after commit
def test_an_earlier_item9_sorts_first_until_a_clinician_marks_it_seen_though_a_later_phq9_has_none(
    clinician_client, clinician, make_user, make_share, today
):
    aaron, zed = make_user("a@example.com", name="Aaron"), make_user("z@example.com", name="Zed")
    make_share(aaron, clinician)
    share = make_share(zed, clinician)
    respond(zed, "phq9", weeks_ago(today, 2), 6, "mild", self_harm=True)
    respond(zed, "phq9", today, 3, "minimal")
    html = clinician_client.get("/clinician/").content.decode()
    assert html.index("Zed") < html.index("Aaron")
    assert "reported 14 days ago" in html
    clinician_client.post(f"/clinician/patients/{share.pk}/signals/seen/", follow=True)
    html = clinician_client.get("/clinician/").content.decode()
    assert html.index("Aaron") < html.index("Zed")


def test_the_list_needs_the_same_queries_for_5_or_300_patients_with_scores(
    clinician_client, clinician, make_share, django_assert_max_num_queries
):
    patients = User.objects.bulk_create(
        User(email=f"p{n:03}@example.com", name=f"Patient {n:03}", time_zone="Europe/London") for n in range(300)
    )
    now = timezone.now()
    Share.objects.bulk_create(
        Share(patient=p, clinician=clinician, redeemed_at=now, invite_expires_at=now) for p in patients
    )
    today = patients[0].today()
    QuestionnaireResponse.objects.bulk_create(
        QuestionnaireResponse(
            patient=p,
            instrument="phq9",
            date=weeks_ago(today, n),
            score=n,
            band="minimal",
            version="test",
            answers={},
            self_harm=(i == 299 and n == 0),
        )
        for i, p in enumerate(patients)
        for n in range(4)
    )
    summaries.refresh_missing()  # as `migrate` does for patients whose rows skipped the signals
    with django_assert_max_num_queries(13):
        html = clinician_client.get("/clinician/").content.decode()
    assert html.index("Patient 299") < html.index("Patient 000")


def test_the_spreadsheet_holds_each_response_item_by_item(clinician_client, share, patient, today):
    respond(patient, "phq9", today, 5, "mild", answers={f"item{n}": 1 if n <= 5 else 0 for n in range(1, 10)})
    respond(patient, "peg", today - datetime.timedelta(days=40), Decimal("4.0"), answers={"item1": 4})
    url = f"/clinician/patients/{share.pk}/report.csv?days=30&end={today}&table=questionnaires"
    response = clinician_client.get(url)
    assert response["Content-Disposition"].endswith('-questionnaires.csv"')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().removeprefix("\ufeff"))))
    assert rows[0] == [
        "questionnaire",
        "version",
        "date",
        "score",
        "highest possible score",
        "band",
        *(f"item {n}" for n in range(1, 10)),
        "item answers",
        "how difficult (0-3, not scored)",
    ]
    scale = "0-3: not at all, several days, more than half the days, nearly every day"
    assert rows[1:] == [
        ["phq9", "test", today.isoformat(), "5", "27", "mild", "1", "1", "1", "1", "1", "0", "0", "0", "0", scale, ""]
    ]  # the PEG of 40 days ago is outside the 30 days
