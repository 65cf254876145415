"""The clinician's list of patients for a whole clinic: sorted by stored summaries
(urgent first, then last check-in), searchable, paged, and logged for each patient shown."""

import datetime
import json

import pytest
from django.test import Client

from checkin.models import AccessLog, CheckIn, PatientSummary, PatternRule, User
from checkin.sharing import summaries
from tests.conftest import sign_in

# Summaries are worked out after each write commits (checkin/core/derived.py).
pytestmark = pytest.mark.django_db(transaction=True)


def names_in_order(html, names):
    return sorted(names, key=lambda name: html.index(f">{name}<"))


@pytest.fixture
def clinic(make_user, make_share, clinician):
    """Three patients sharing with the clinician."""
    people = {name: make_user(f"{name.lower()}@example.com", name=name) for name in ("Ada", "Ben", "Cy")}
    for person in people.values():
        make_share(person, clinician)
    return people


def test_a_red_flag_check_in_makes_an_unseen_signal_and_deleting_it_ends_that(clinic, make_checkin):
    ada = clinic["Ada"]
    checkin = make_checkin(ada, ada.today(), symptoms=["fever"])
    summary = PatientSummary.objects.get(patient=ada)
    assert (summary.signal_level, summary.signal_last) == ("urgent", ada.today())
    checkin.delete()
    summary = PatientSummary.objects.get(patient=ada)
    assert (summary.signal_level, summary.signal_last) == ("", None)


def test_urgent_patients_come_first_then_the_latest_check_in(clinic, clinician_client, make_checkin):
    today = clinic["Ada"].today()
    make_checkin(clinic["Ada"], today - datetime.timedelta(days=5))
    make_checkin(clinic["Ben"], today)
    make_checkin(clinic["Cy"], today - datetime.timedelta(days=2), symptoms=["fever"])
    html = clinician_client.get("/clinician/").content.decode()
    assert names_in_order(html, ["Ada", "Ben", "Cy"]) == ["Cy", "Ben", "Ada"]
    cy = html[html.index(">Cy<") : html.index(">Ben<")]
    assert "Symptoms that need prompt medical advice" in cy  # worked out afresh for the page


def test_a_phq9_saved_updates_the_band_and_item9(clinic, make_checkin):
    from checkin.models import QuestionnaireResponse

    ada = clinic["Ada"]
    QuestionnaireResponse.objects.create(
        patient=ada,
        instrument="phq9",
        date=ada.today(),
        score=12,
        band="moderate",
        self_harm=True,
        answers={},
        version="PHQ-9",
    )
    summary = PatientSummary.objects.get(patient=ada)
    assert (summary.phq9_band, summary.signal_level, summary.signal_last) == ("moderate", "emergency", ada.today())


def test_an_update_from_the_offline_queue_refreshes_the_summary(clinic, make_checkin):
    ada = clinic["Ada"]
    make_checkin(ada, ada.today())
    client = Client()
    sign_in(client, ada)
    body = {
        "date": ada.today().isoformat(),
        "pain": 3,
        "mood": 6,
        "sleep_hours": 7,
        "sleep_quality": 3,
        "exercise_minutes": 0,
        "exercise_kind": "none",
        "symptoms": ["fever"],
        "note": "",
        "client_uuid": "0b7c6a5e-8f0e-4c1a-9d2b-3e4f5a6b7c8d",
    }
    response = client.post("/api/checkins/", json.dumps(body), content_type="application/json")
    assert response.json()["outcome"] == "updated"
    summary = PatientSummary.objects.get(patient=ada)
    assert (summary.signal_level, summary.signal_last) == ("urgent", ada.today())


def test_an_admin_making_a_rule_urgent_resorts_the_list(clinic, clinician_client, make_checkin, loaded_guidance):
    ben = clinic["Ben"]
    for n in range(10):
        make_checkin(ben, ben.today() - datetime.timedelta(days=n), mood=2)
    make_checkin(clinic["Ada"], clinic["Ada"].today())
    html = clinician_client.get("/clinician/").content.decode()
    assert names_in_order(html, ["Ada", "Ben"]) == ["Ada", "Ben"]  # same day: by name
    rule = PatternRule.objects.get(detector="low_mood_run")
    rule.severity = "urgent"
    rule.save()
    html = clinician_client.get("/clinician/").content.decode()
    assert names_in_order(html, ["Ada", "Ben"]) == ["Ben", "Ada"]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("", ["Cy", "Ben", "Ada"]),  # needs attention first: Cy's warning sign
        ("quiet", ["Ada", "Cy", "Ben"]),  # longest without a check-in first
        ("recent", ["Ben", "Cy", "Ada"]),
        ("name", ["Ada", "Ben", "Cy"]),
    ],
)
def test_the_list_sorts_by_each_order(clinic, clinician_client, make_checkin, sort, order):
    today = clinic["Ada"].today()
    make_checkin(clinic["Ada"], today - datetime.timedelta(days=9))
    make_checkin(clinic["Ben"], today)
    make_checkin(clinic["Cy"], today - datetime.timedelta(days=2), symptoms=["fever"])
    html = clinician_client.get(f"/clinician/?sort={sort}").content.decode()
    assert names_in_order(html, ["Ada", "Ben", "Cy"]) == order


def test_not_checked_in_for_a_week_shows_how_long_and_filters(clinic, clinician_client, clinician, make_checkin):
    today = clinic["Ada"].today()
    make_checkin(clinic["Ada"], today - datetime.timedelta(days=9))
    make_checkin(clinic["Ben"], today - datetime.timedelta(days=6))
    html = clinician_client.get("/clinician/").content.decode()
    ada = html[html.index(">Ada<") :]
    assert '<span class="patient-cell is-quiet"><span class="cell-label">Last check-in</span>' in ada
    assert "(9 days ago)" in ada
    quiet = clinician_client.get("/clinician/?quiet=1").content.decode()
    # Cy has never checked in; Ben did 6 days ago.
    assert ">Ada<" in quiet and ">Cy<" in quiet and ">Ben<" not in quiet
    assert "2 patients not checked in for 7 days or more." in quiet
    assert 'id="id_quiet" checked' in quiet


def test_paging_keeps_the_order_and_the_filter(clinic, clinician_client, clinician, make_user, make_share):
    for n in range(30):
        make_share(make_user(f"river{n}@example.com", name=f"River {n:02}"), clinician)
    html = clinician_client.get("/clinician/?sort=name&quiet=1").content.decode()
    assert 'href="?page=2&amp;sort=name&amp;quiet=1"' in html
    assert '<option value="name" selected>' in html
    page2 = clinician_client.get("/clinician/?page=2&sort=name&quiet=1").content.decode()
    assert names_in_order(page2, ["River 27", "River 28"]) == ["River 27", "River 28"]


def test_an_unknown_order_is_the_default(clinic, clinician_client):
    assert '<option value="attention" selected>' in clinician_client.get("/clinician/?sort=nonsense").content.decode()


def test_search_finds_patients_by_name_or_email_and_keeps_the_words_across_pages(
    clinic, clinician_client, clinician, make_user, make_share
):
    html = clinician_client.get("/clinician/?q=ben").content.decode()
    assert ">Ben<" in html and ">Ada<" not in html and "1 patient matches “ben”" in html
    html = clinician_client.get("/clinician/?q=CY@EXAMPLE").content.decode()
    assert ">Cy<" in html and ">Ben<" not in html
    html = clinician_client.get("/clinician/?q=nobody").content.decode()
    assert "No patient matches “nobody”." in html
    for n in range(30):
        make_share(make_user(f"river{n}@example.com", name=f"River {n:02}"), clinician)
    html = clinician_client.get("/clinician/?q=river").content.decode()
    assert "30 patients match" in html and 'href="?page=2&amp;q=river"' in html


def test_each_patient_shown_sees_that_they_were_in_the_list_and_no_one_else(
    clinician_client, clinician, make_user, make_share
):
    people = [make_user(f"p{n:02}@example.com", name=f"Person {n:02}") for n in range(30)]
    for person in people:
        make_share(person, clinician)
    clinician_client.get("/clinician/")
    logged = AccessLog.objects.filter(what="saw you in their list of patients")
    assert logged.count() == 25
    assert set(logged.values_list("patient__name", flat=True)) == {f"Person {n:02}" for n in range(25)}


def test_deleting_an_account_with_check_ins_still_works(clinic, make_checkin):
    ada = clinic["Ada"]
    for n in range(5):
        make_checkin(ada, ada.today() - datetime.timedelta(days=n), symptoms=["fever"])
    ada.delete()
    assert not CheckIn.objects.filter(patient_id=ada.pk).exists()
    assert not PatientSummary.objects.filter(patient_id=ada.pk).exists()


def test_urgent_until_is_the_evidence_end_plus_the_window(clinic, make_checkin):
    ada = clinic["Ada"]
    day = ada.today() - datetime.timedelta(days=1)
    make_checkin(ada, day, symptoms=["fever"])
    rules = summaries.urgent_rules()
    window = summaries.window_of("red_flag", rules)
    assert PatientSummary.objects.get(patient=ada).urgent_until == day + datetime.timedelta(days=window - 1)


def test_migrate_gives_every_sharing_patient_without_one_a_summary(clinic, make_checkin):
    from django.core.management import call_command

    make_checkin(clinic["Ada"], clinic["Ada"].today(), symptoms=["fever"])
    PatientSummary.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert set(PatientSummary.objects.values_list("patient__name", flat=True)) == {"Ada", "Ben", "Cy"}
    assert PatientSummary.objects.get(patient=clinic["Ada"]).urgent_until is not None
    assert not PatientSummary.objects.filter(patient__is_clinician=True).exists()


def test_a_patient_with_nothing_recorded_shows_none_yet(clinic, clinician_client):
    html = clinician_client.get("/clinician/").content.decode()
    assert html.count("None yet") == 3 and User.objects.count() == 4


def test_only_sharing_patients_have_their_summary_worked_out(make_user, make_checkin, django_assert_max_num_queries):
    loner = make_user("loner@example.com")
    make_checkin(loner, loner.today() - datetime.timedelta(days=1))
    with django_assert_max_num_queries(1):  # is anyone shown this patient? no: nothing more
        summaries.refresh(loner.pk)
    assert not PatientSummary.objects.filter(patient=loner).exists()


def test_a_share_that_starts_or_comes_back_brings_its_patients_summary_up_to_date(
    make_user, make_share, clinician, make_checkin
):
    ada = make_user("ada@example.com", name="Ada")
    share = make_share(ada, clinician)
    share.revoke()
    make_checkin(ada, ada.today(), symptoms=["fever"])  # while nobody could see it
    assert share.undo_revoke()
    summary = PatientSummary.objects.get(patient=ada)
    assert summary.last_checkin == ada.today() and summary.urgent_until is not None

    ben = make_user("ben@example.com", name="Ben")
    make_checkin(ben, ben.today())
    make_share(ben, clinician)  # redeemed: its patient now appears on a list
    assert PatientSummary.objects.get(patient=ben).last_checkin == ben.today()


def respond(patient, instrument, days_ago, score, band=""):
    from checkin.models import QuestionnaireResponse

    return QuestionnaireResponse.objects.create(
        patient=patient,
        instrument=instrument,
        date=patient.today() - datetime.timedelta(days=days_ago),
        score=score,
        band=band,
        answers={},
        version="test",
    )


def test_the_list_sorts_by_each_column(clinic, clinician_client, make_checkin):
    ada, ben, cy = clinic["Ada"], clinic["Ben"], clinic["Cy"]
    today = ada.today()
    for n in range(5):  # a week each: Ada in most pain, Ben the lowest mood
        make_checkin(ada, today - datetime.timedelta(days=n), pain=8, mood=5)
        make_checkin(ben, today - datetime.timedelta(days=n), pain=3, mood=2)
        make_checkin(cy, today - datetime.timedelta(days=n), pain=5, mood=7)
    make_checkin(cy, today - datetime.timedelta(days=20), pain=10, mood=0)  # long ago: not in the week
    respond(ada, "phq9", 30, 22, "severe")
    respond(ada, "phq9", 2, 6, "mild")  # the latest counts, not the worst
    respond(ben, "phq9", 3, 14, "moderate")
    respond(cy, "peg", 1, 7)
    respond(ben, "peg", 1, 4)

    def order(sort):
        html = clinician_client.get(f"/clinician/?sort={sort}").content.decode()
        return names_in_order(html, ["Ada", "Ben", "Cy"])

    assert order("pain") == ["Ada", "Cy", "Ben"]
    assert order("mood") == ["Ben", "Ada", "Cy"]
    assert order("phq9") == ["Ben", "Ada", "Cy"]  # Cy has none: last
    assert order("peg") == ["Cy", "Ben", "Ada"]
    assert order("name") == ["Ada", "Ben", "Cy"]
    html = clinician_client.get("/clinician/?sort=phq9").content.decode()
    assert "PHQ-9 14 moderate" in html and "PEG 7" in html
    assert '<a href="?sort=phq9" aria-current="true" title="Sort: Highest latest PHQ-9 first">PHQ-9</a>' in html


def test_sorting_by_pain_reads_the_same_number_of_queries_for_3_or_30_patients(
    clinic, clinician_client, make_user, make_share, clinician, make_checkin, django_assert_max_num_queries
):
    with django_assert_max_num_queries(13) as few:
        clinician_client.get("/clinician/?sort=pain")
    for n in range(27):
        person = make_user(f"p{n}@example.com", name=f"P{n:02}")
        make_share(person, clinician)
        make_checkin(person, person.today())
    with django_assert_max_num_queries(len(few.captured_queries)):
        clinician_client.get("/clinician/?sort=pain")


def test_a_column_heading_keeps_the_search_and_the_filter(clinic, clinician_client):
    html = clinician_client.get("/clinician/?q=a&quiet=1").content.decode()
    assert 'href="?sort=pain&amp;q=a&amp;quiet=1"' in html
