"""The clinician's side: redeeming codes, the patient list, one patient's page, the report."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from checkin.models import AccessLog, CheckIn, Share, invites
from checkin.sharing import summaries
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

WRONG = "this code does not work"


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Wrong-code counts live in the cache: start every test with none."""
    cache.clear()
    yield
    cache.clear()


def invite(patient_client):
    """The patient makes an invitation through the real page; returns the code shown."""
    html = patient_client.post("/share/", follow=True).content.decode()
    return re.search(r'data-invite-code="([^"]+)"', html).group(1)


def login(user):
    client = Client()
    sign_in(client, user)
    return client


def many_days(patient, today, count, **fields):
    values = dict(pain=5, mood=5, sleep_hours=Decimal("7"), sleep_quality=3, exercise_minutes=20)
    values.update(fields)
    CheckIn.objects.bulk_create(
        CheckIn(patient=patient, date=today - datetime.timedelta(days=n), **values) for n in range(count)
    )


# --- who is a clinician ----------------------------------------------------


@pytest.mark.parametrize("path", ["/clinician/", "/clinician/redeem/"])
def test_clinician_pages_do_not_exist_for_patients(patient_client, path):
    assert patient_client.get(path).status_code == 404


def test_staff_status_is_not_a_clinicians(make_user, share):
    staff = login(make_user("admin@example.com", is_staff=True, is_superuser=True))
    assert staff.get("/clinician/").status_code == 404
    assert staff.get(f"/clinician/patients/{share.pk}/").status_code == 404


def test_check_ins_notes_shares_and_the_access_log_are_not_in_the_admin():
    registered = {model.__name__ for model in admin.site._registry}
    assert not registered & {"CheckIn", "Share", "AccessLog", "QuestionnaireResponse", "SafetyPlan"}


def test_patients_cannot_make_themselves_clinicians(patient_client, patient):
    patient_client.post("/account/", {"name": "Pat", "time_zone": "Europe/London", "is_clinician": "on"})
    patient.refresh_from_db()
    assert patient.is_clinician is False


# --- redeeming ---------------------------------------------------------------


def test_a_clinician_redeems_a_code_typed_with_spaces_and_lower_case(
    patient_client, clinician_client, patient, clinician
):
    code = invite(patient_client)
    typed = " " + invites.normalize(code).lower()[:5] + " " + invites.normalize(code).lower()[5:] + " "
    response = clinician_client.post("/clinician/redeem/", {"code": typed}, follow=True)
    share = Share.objects.get(patient=patient)
    assert share.clinician == clinician and share.redeemed_at is not None
    assert response.redirect_chain[-1][0] == f"/clinician/patients/{share.pk}/"
    assert "Pat now shares their Mend data with you." in response.content.decode()


def test_a_code_in_the_query_string_is_not_read(patient_client, clinician_client, patient):
    # Query strings end up in access logs: the link carries the code after "#" instead.
    code = invite(patient_client)
    html = clinician_client.get(f"/clinician/redeem/?code={code}").content.decode()
    assert code not in html and "js/invite-code.js" in html
    assert Share.objects.get(patient=patient).clinician is None


def test_a_code_works_only_once(patient_client, clinician_client, other_clinician, patient):
    code = invite(patient_client)
    clinician_client.post("/clinician/redeem/", {"code": code})
    second = login(other_clinician).post("/clinician/redeem/", {"code": code})
    assert second.status_code == 400 and WRONG in second.content.decode()
    assert Share.objects.get(patient=patient).clinician.email == "clinician@example.com"


def _error_of(response):
    return re.search(
        r'<div class="alert alert-danger" role="alert">(.*?)</div>', response.content.decode(), re.S
    ).group(1)


def test_a_wrong_code_gets_the_same_answer_whether_or_not_it_ever_existed(
    patient_client, clinician_client, patient, make_share
):
    used = invite(patient_client)
    clinician_client.post("/clinician/redeem/", {"code": used})
    expired = invite(patient_client)
    Share.objects.filter(clinician__isnull=True).update(
        invite_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    cancelled = invite(patient_client)
    patient_client.post(f"/share/{Share.objects.filter(clinician__isnull=True).latest('created_at').pk}/revoke/")
    never = "ABCD-EFGH-JK"
    answers = []
    for code in (used, expired, cancelled, never):
        cache.clear()
        response = clinician_client.post("/clinician/redeem/", {"code": code})
        answers.append((response.status_code, _error_of(response)))
    assert len(set(answers)) == 1
    assert answers[0][0] == 400 and WRONG in answers[0][1]


def test_a_malformed_code_is_explained_without_a_lookup(clinician_client):
    response = clinician_client.post("/clinician/redeem/", {"code": "hello"})
    assert response.status_code == 400
    assert "a code has 10 letters and numbers" in response.content.decode()


def test_an_empty_code_names_the_field(clinician_client):
    response = clinician_client.post("/clinician/redeem/", {})
    assert "Invitation code: enter the code the patient gave you" in response.content.decode()


def test_repeated_wrong_codes_are_throttled_even_when_the_next_one_is_right(patient_client, clinician_client, patient):
    for n in range(5):
        assert clinician_client.post("/clinician/redeem/", {"code": f"ABCD-EFGH-J{n + 2}"}).status_code == 400
    code = invite(patient_client)
    response = clinician_client.post("/clinician/redeem/", {"code": code})
    assert response.status_code == 429
    assert "Too many codes that did not work" in response.content.decode()
    assert Share.objects.get(patient=patient).clinician is None


def test_the_throttle_is_per_account_so_a_colleague_can_still_redeem(patient_client, clinician_client, other_clinician):
    for n in range(5):
        clinician_client.post("/clinician/redeem/", {"code": f"ABCD-EFGH-J{n + 2}"})
    code = invite(patient_client)
    assert login(other_clinician).post("/clinician/redeem/", {"code": code}).status_code == 302


def test_many_accounts_from_one_address_are_throttled_too(make_user):
    for n in range(4):
        doctor = login(make_user(f"doc{n}@example.com", is_clinician=True))
        for m in range(5):
            doctor.post("/clinician/redeem/", {"code": f"ABCD-EFGH-J{m + 2}"})
    newcomer = login(make_user("doc-new@example.com", is_clinician=True))
    assert newcomer.post("/clinician/redeem/", {"code": "ABCD-EFGH-JK"}).status_code == 429


def test_a_clinician_cannot_redeem_their_own_invitation(make_user):
    doctor = make_user("doctor-patient@example.com", is_clinician=True)
    client = login(doctor)
    code = invite(client)
    response = client.post("/clinician/redeem/", {"code": code})
    assert response.status_code == 400 and WRONG in response.content.decode()


def test_a_new_invitation_from_the_same_patient_replaces_the_earlier_share(patient_client, clinician_client, share):
    code = invite(patient_client)
    clinician_client.post("/clinician/redeem/", {"code": code})
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert Share.objects.active().filter(clinician__email="clinician@example.com").count() == 1


# --- the list of patients -----------------------------------------------------


@pytest.mark.django_db(transaction=True)  # derived rows are worked out after commit
def test_the_list_shows_name_last_check_in_and_seven_day_means(clinician_client, share, patient, today, make_checkin):
    for n, (pain, mood) in enumerate([(6, 3), (4, 5), (2, 7)]):
        make_checkin(patient, today - datetime.timedelta(days=n), pain=pain, mood=mood)
    make_checkin(patient, today - datetime.timedelta(days=8), pain=10, mood=0)  # outside the 7 days
    html = clinician_client.get("/clinician/").content.decode()
    assert "Pat" in html and "patient@example.com" in html
    assert f"{today:%-d %b %Y}" in html
    assert ">4.0<" in html and ">5.0<" in html
    assert f'href="/clinician/patients/{share.pk}/"' in html


@pytest.mark.django_db(transaction=True)  # derived rows are worked out after commit
def test_the_list_puts_patients_with_urgent_patterns_first(
    clinician_client, clinician, make_user, make_share, make_checkin, loaded_guidance
):
    calm = make_user("aaron@example.com", name="Aaron")
    worried = make_user("zoe@example.com", name="Zoe")
    for person in (calm, worried):
        make_share(person, clinician)
    make_checkin(calm, calm.today(), pain=3, mood=7)
    make_checkin(worried, worried.today(), pain=6, mood=5, symptoms=["weakness"])
    html = clinician_client.get("/clinician/").content.decode()
    assert html.index("Zoe") < html.index("Aaron")
    assert "Symptoms that need prompt medical advice" in html


@pytest.mark.django_db(transaction=True)  # derived rows are worked out after commit
def test_a_pattern_an_admin_made_urgent_also_puts_a_patient_first(
    clinician_client, clinician, make_user, make_share, make_checkin, loaded_guidance
):
    from checkin.models import PatternRule

    PatternRule.objects.filter(detector="high_pain_streak").update(severity="urgent")
    calm = make_user("aaron@example.com", name="Aaron")
    sore = make_user("zoe@example.com", name="Zoe")
    for person in (calm, sore):
        make_share(person, clinician)
    for n in range(3):
        make_checkin(calm, calm.today() - datetime.timedelta(days=n), pain=3, mood=7)
        make_checkin(sore, sore.today() - datetime.timedelta(days=n), pain=8, mood=5)
    html = clinician_client.get("/clinician/").content.decode()
    assert html.index("Zoe") < html.index("Aaron")


@pytest.mark.django_db(transaction=True)  # derived rows are worked out after commit
def test_an_urgent_rule_with_a_wide_window_sees_all_of_it_on_the_list(
    clinician_client, clinician, make_user, make_share, make_checkin, loaded_guidance
):
    from checkin.models import PatternRule

    # 40 quiet check-ins: more than a month back, which the list used to stop at.
    PatternRule.objects.filter(detector="inactivity").update(severity="urgent", params={"window": 60, "min_days": 40})
    still = make_user("zoe@example.com", name="Zoe")
    make_share(make_user("aaron@example.com", name="Aaron"), clinician)
    make_share(still, clinician)
    for n in range(40):
        make_checkin(still, still.today() - datetime.timedelta(days=n), exercise_minutes=0, exercise_kind="none")
    html = clinician_client.get("/clinician/").content.decode()
    assert html.index("Zoe") < html.index("Aaron")
    assert "No exercise lately" in html


def test_the_patient_page_says_how_many_days_its_patterns_cover(
    clinician_client, share, patient, today, loaded_guidance
):
    from checkin.models import PatternRule

    quiet = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert "No patterns in the 30 days up to" in quiet
    assert "Safety signals in the last 30 days" in quiet
    PatternRule.objects.filter(detector="inactivity").update(params={"window": 60, "min_days": 4})
    html = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert "No patterns in the 60 days up to" in html


def test_the_list_never_shows_patients_after_revoke_or_end(clinician_client, clinician, make_user, make_share):
    make_share(make_user("gone@example.com", name="Revoked Rita"), clinician, revoked_at=timezone.now())
    make_share(make_user("ended@example.com", name="Ended Ed"), clinician, ends_at=timezone.now())
    make_share(make_user("invite@example.com", name="Invited Ivy"))
    html = clinician_client.get("/clinician/").content.decode()
    # Whole names and addresses: a bare "Ed" can turn up inside a random key on the page.
    for name in ("Revoked Rita", "Ended Ed", "Invited Ivy", "gone@example.com", "ended@example.com"):
        assert name not in html
    assert "No patients share their data with you yet" in html


def test_the_list_is_paginated_and_needs_a_constant_number_of_queries_for_500_patients(
    clinician_client, clinician, django_user_model, make_share, loaded_guidance, django_assert_max_num_queries
):
    from checkin.models import User

    patients = User.objects.bulk_create(
        User(email=f"p{n:03}@example.com", name=f"Patient {n:03}", time_zone="Europe/London") for n in range(500)
    )
    now = timezone.now()
    Share.objects.bulk_create(
        Share(patient=p, clinician=clinician, redeemed_at=now, invite_expires_at=now) for p in patients
    )
    today = patients[0].today()
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=p,
            date=today - datetime.timedelta(days=n),
            pain=(n + i) % 11,
            mood=5,
            sleep_hours=Decimal("7"),
            sleep_quality=3,
            exercise_minutes=10,
        )
        for i, p in enumerate(patients)
        for n in range(10)
    )
    summaries.refresh_missing()  # as `migrate` does for patients whose rows skipped the signals
    with django_assert_max_num_queries(13):
        html = clinician_client.get("/clinician/").content.decode()
    assert "500 patients share with you" in html
    assert "Page 1 of 20" in html
    with django_assert_max_num_queries(13):
        last = clinician_client.get("/clinician/?page=20").content.decode()
    assert "Patient 499" in last
    # Any order and the "not checked in" filter cost the same.
    for query in ("?sort=quiet&quiet=1&page=2", "?sort=name&page=20", "?sort=recent"):
        with django_assert_max_num_queries(13):
            assert clinician_client.get(f"/clinician/{query}").status_code == 200


# --- one patient --------------------------------------------------------------


def test_the_patient_page_shows_trends_and_patterns_read_only(clinician_client, share, patient, today, loaded_guidance):
    many_days(patient, today, 20, pain=7, mood=2)
    html = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert 'id="trends-data"' in html and "Week by week" in html
    assert "Patterns" in html and "Several high-pain days in a row" in html
    # Nothing on it changes the patient's data: its forms file the share under
    # the clinic's number, ask for a questionnaire (the patient may decline) and end it.
    main = html.split('id="main"')[1].split("</main>")[0].replace('role="search"', "")
    assert re.findall(r'<form[^>]*action="([^"]+)"', main) == [
        f"/clinician/patients/{share.pk}/{part}/" for part in ("clinic-number", "ask", "discharge")
    ]
    assert main.count("<form") == 3


def test_insights_and_patterns_speak_to_the_clinician_on_the_patient_page_and_report(
    clinician_client, patient_client, share, patient, today, make_checkin, loaded_guidance
):
    for n in range(20):
        # Exercise on the 12 days of pain 0-3, none on the 8 days of pain 4-7.
        minutes = 30 if n % 8 < 4 else 0
        make_checkin(patient, today - datetime.timedelta(days=n), pain=n % 8, mood=9 - n % 8, exercise_minutes=minutes)
    for url in (f"/clinician/patients/{share.pk}/", f"/clinician/patients/{share.pk}/report/?days=30"):
        html = clinician_client.get(url).content.decode()
        assert "On days with more pain, mood was lower: a strong link (r = -1.00) over 20 days." in html
        assert "On days with exercise, pain averaged 1.5 and mood 7.5, against pain 5.5 and mood 3.5" in html
        assert "on days with exercise, against" not in html  # the pattern card: stated once, as the insight
        assert "your mood" not in html and "Your pain" not in html and "days you" not in html
    patient_html = patient_client.get("/trends/").content.decode()
    assert "On days with more pain your mood was lower: a strong link over 20 days." in patient_html
    assert "(r = " not in patient_html  # the strength in words only: Pearson's r is for the clinician
    assert "On days you exercised your pain averaged 1.5 and your mood 7.5" in patient_html


def test_every_view_writes_an_access_log_row_the_patient_can_read(clinician_client, patient_client, share):
    clinician_client.get(f"/clinician/patients/{share.pk}/")
    clinician_client.get(f"/clinician/patients/{share.pk}/?days=90")
    clinician_client.get(f"/clinician/patients/{share.pk}/report/?days=7")
    rows = list(AccessLog.objects.filter(patient=share.patient).order_by("viewed_at"))
    assert [r.what for r in rows][:2] == ["looked at your trends and patterns"] * 2
    assert rows[2].what.startswith("opened a printable report of the 7 days up to")
    assert all(r.clinician_id == share.clinician_id and r.share_id == share.pk for r in rows)
    share.refresh_from_db()
    assert share.last_viewed_at == rows[-1].viewed_at
    html = patient_client.get("/share/").content.decode()
    assert "opened a printable report of the 7 days" in html


def test_notes_are_hidden_unless_the_patient_included_them(clinician_client, share, patient, today, make_checkin):
    make_checkin(patient, today, note="Argued with my sister")
    assert "Argued with my sister" not in clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    share.include_notes = True
    share.save()
    assert "Argued with my sister" in clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()


def test_a_clinician_sees_nothing_of_another_patient(clinician_client, share, other_patient, make_share, make_checkin):
    other = make_share(other_patient, None)  # an invitation, not redeemed by this clinician
    make_checkin(other_patient, other_patient.today(), note="Olive's private note", pain=9)
    assert clinician_client.get(f"/clinician/patients/{other.pk}/").status_code == 404
    assert "Olive" not in clinician_client.get("/clinician/").content.decode()
    assert "Olive" not in clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()


@pytest.mark.parametrize("suffix", ["", "report/", "report.csv"])
def test_a_revoked_or_ended_share_answers_404_and_logs_nothing(clinician_client, share, suffix):
    share.revoked_at = timezone.now()
    share.save()
    assert clinician_client.get(f"/clinician/patients/{share.pk}/{suffix}").status_code == 404
    share.revoked_at, share.ends_at = None, timezone.now()
    share.save()
    assert clinician_client.get(f"/clinician/patients/{share.pk}/{suffix}").status_code == 404
    assert not AccessLog.objects.exists()


def test_a_clinician_who_loses_the_flag_loses_access(clinician_client, share, clinician):
    clinician.is_clinician = False
    clinician.save()
    assert clinician_client.get(f"/clinician/patients/{share.pk}/").status_code == 404


def test_the_patient_page_needs_a_constant_number_of_queries(
    clinician_client, share, patient, today, loaded_guidance, django_assert_max_num_queries
):
    many_days(patient, today, 400)
    with django_assert_max_num_queries(18):
        assert clinician_client.get(f"/clinician/patients/{share.pk}/?days=all").status_code == 200


# --- the report and its spreadsheet -------------------------------------------


def test_the_report_shows_range_generation_time_table_patterns_and_red_flags(
    clinician_client, share, patient, today, make_checkin, loaded_guidance
):
    many_days(patient, today - datetime.timedelta(days=1), 30, pain=6, mood=4)
    make_checkin(patient, today, pain=8, mood=3, symptoms=["bladder_bowel"])
    response = clinician_client.get(f"/clinician/patients/{share.pk}/report/?days=30&end={today}")
    html = response.content.decode()
    start = today - datetime.timedelta(days=29)
    assert response.status_code == 200
    assert f"{start:%-d %b %Y} to {today:%-d %b %Y}" in html
    assert "Generated " in html
    assert "Week by week" in html
    # Charts drawn on the server (they print at the column's width), with no chart script.
    assert html.count('class="svg-chart"') == 3 and 'id="trends-data"' not in html and "chart.umd" not in html
    assert "Safety signals in this range" in html
    assert "New bladder or bowel trouble</strong>:" in html
    assert "css/report.css" in html and "@media print" in open("static/css/report.css").read()


def test_the_report_range_can_end_on_an_earlier_day(clinician_client, share, patient, today):
    end = today - datetime.timedelta(days=40)
    html = clinician_client.get(f"/clinician/patients/{share.pk}/report/?days=7&end={end}").content.decode()
    assert f"{end - datetime.timedelta(days=6):%-d %b %Y} to {end:%-d %b %Y}" in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("days=12", "Length: choose 7, 30, 90."),
        ("end=2999-01-01", "Up to: choose today"),
        ("end=yesterday", "Up to: enter a date as YYYY-MM-DD."),
    ],
)
def test_a_bad_report_range_is_named_and_the_last_30_days_shown(clinician_client, share, query, message):
    response = clinician_client.get(f"/clinician/patients/{share.pk}/report/?{query}")
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Showing the last 30 days instead." in html and "(30 days," in html


def _csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().removeprefix("\ufeff"))))


def test_the_spreadsheet_holds_the_range_without_notes_unless_allowed(
    clinician_client, share, patient, today, make_checkin
):
    for n in range(10):
        make_checkin(patient, today - datetime.timedelta(days=n), pain=n, note=f"note {n}")
    response = clinician_client.get(f"/clinician/patients/{share.pk}/report.csv?days=7&end={today}")
    rows = _csv_rows(response)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert rows[0][0] == "date" and rows[0][-1] == "note (empty unless shared)"
    assert {r[-1] for r in rows[1:]} == {""}  # the column is there, empty: notes are private
    assert [r[0] for r in rows[1:]] == [(today - datetime.timedelta(days=n)).isoformat() for n in range(6, -1, -1)]
    share.include_notes = True
    share.save()
    rows = _csv_rows(clinician_client.get(f"/clinician/patients/{share.pk}/report.csv?days=7&end={today}"))
    assert rows[-1][-1] == "note 0"
    assert AccessLog.objects.filter(what__startswith="downloaded a spreadsheet (CSV) of the 7 days").count() == 2


def test_a_bad_spreadsheet_range_is_named(clinician_client, share):
    response = clinician_client.get(f"/clinician/patients/{share.pk}/report.csv?days=forever")
    assert response.status_code == 400
    assert "Length: choose 7, 30, 90, 365, all." in response.content.decode()


def test_the_report_holds_the_ranges_notes_shortened_only_when_shared(
    clinician_client, share, patient, today, make_checkin
):
    for n in range(8):
        make_checkin(patient, today - datetime.timedelta(days=n), note=f"Note {n}: " + "long words " * 20)
    html = clinician_client.get(f"/clinician/patients/{share.pk}/report/?days=7").content.decode()
    assert "Note 0" not in html and "report-notes" not in html
    share.include_notes = True
    share.save()
    html = clinician_client.get(f"/clinician/patients/{share.pk}/report/?days=7").content.decode()
    notes = html[html.index('class="mb-3 report-notes"') :]
    assert notes.count("<li>") == 5 and "Note 0" in notes and "Note 5" not in notes
    assert "long words …" in notes or "long…" in notes
    assert "2 more notes in this range, and every note in full, in the spreadsheet (CSV)." in notes


def test_a_finding_the_insights_state_is_shown_once_on_the_patient_page(
    clinician_client, share, patient, today, loaded_guidance
):
    for n in range(20):  # pain and mood moving against each other: a pattern and an insight
        make = dict(pain=2 + n % 7, mood=8 - n % 7, sleep_hours=Decimal("7"), sleep_quality=3, exercise_minutes=20)
        CheckIn.objects.create(patient=patient, date=today - datetime.timedelta(days=n), **make)
    html = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert "mood was lower" in html  # the insight
    assert "Pain and mood moving together" not in html  # its pattern card is not repeated


@pytest.mark.parametrize("days", [30, 90])
def test_the_exercise_finding_is_one_set_of_numbers_on_the_patient_page(
    clinician_client, share, patient, today, loaded_guidance, days
):
    for n in range(90):  # less pain on the days with a walk, over the whole range
        walked = n % 2 == 0
        CheckIn.objects.create(
            patient=patient,
            date=today - datetime.timedelta(days=n),
            pain=3 + n % 3 if walked else 6 + n % 2,
            mood=6,
            sleep_hours=Decimal("7"),
            sleep_quality=3,
            exercise_minutes=30 if walked else 0,
            exercise_kind="walking" if walked else "none",
        )
    html = clinician_client.get(f"/clinician/patients/{share.pk}/?days={days}").content.decode()
    assert "On days with exercise, pain averaged" in html  # the insight, over the page's range
    assert "Less pain on exercise days" not in html  # the pattern card with its own 30 days is not repeated
    assert html.count("on days with exercise") + html.count("On days with exercise") == 1


# --- the whole story ------------------------------------------------------------


def test_patient_a_shares_c_reads_a_and_not_b_a_sees_the_log_revokes_and_c_gets_404(
    client, patient, other_patient, clinician, make_checkin, today, loaded_guidance
):
    make_checkin(patient, today, pain=7, mood=3, note="Note from A")
    make_checkin(other_patient, other_patient.today(), pain=2, mood=9, note="Note from B")
    a = login(patient)
    c = login(clinician)

    code = invite(a)
    share_url = c.post("/clinician/redeem/", {"code": code})["Location"]
    page = c.get(share_url).content.decode()
    assert "Pat" in page and "Note from A" not in page and "Olive" not in page and "Note from B" not in page
    assert c.get(share_url + "report/").status_code == 200

    share = Share.objects.get(patient=patient, clinician=clinician)
    a.post(f"/share/{share.pk}/notes/", {"include_notes": "1"})
    assert "Note from A" in c.get(share_url).content.decode()

    log = a.get("/share/").content.decode()
    assert log.count("Dr Chen</strong>: looked at your trends and patterns") == 2
    assert "opened a printable report" in log

    a.post(f"/share/{share.pk}/revoke/")
    assert c.get(share_url).status_code == 404
    assert c.get(share_url + "report/").status_code == 404
    assert "patient@example.com" not in c.get("/clinician/").content.decode()


# --- discharge: ending a share from the clinic's side -----------------------------------


def test_a_clinician_ends_a_share_and_every_page_of_that_patient_is_gone_at_once(
    clinician_client, share, patient, today, make_checkin
):
    make_checkin(patient, today)
    page = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert f'action="/clinician/patients/{share.pk}/discharge/"' in page
    response = clinician_client.post(f"/clinician/patients/{share.pk}/discharge/", follow=True)
    assert response.redirect_chain[-1][0] == "/clinician/"
    assert "You have stopped seeing Pat" in response.content.decode()
    share.refresh_from_db()
    assert share.revoked_at is not None and share.ended_by_clinician
    assert patient.email not in clinician_client.get("/clinician/").content.decode()
    for path in ("", "report/", "report.csv", "fhir/", "safety-plan/"):
        assert clinician_client.get(f"/clinician/patients/{share.pk}/{path}").status_code == 404, path
    assert clinician_client.post(f"/clinician/patients/{share.pk}/discharge/").status_code == 404


def test_the_patient_is_told_cannot_undo_it_and_can_invite_again(
    clinician_client, clinician, share, patient, patient_client
):
    clinician_client.post(f"/clinician/patients/{share.pk}/discharge/")
    log = AccessLog.objects.filter(patient=patient).first()
    assert (log.clinician, log.what) == (clinician, "ended sharing: you are no longer on their list")
    page = patient_client.get("/share/").content.decode()
    assert "Dr Chen ended sharing on" in page and "data-discharged" in page
    assert "ended sharing: you are no longer on their list" in page  # "Who viewed my data"
    assert f"/share/{share.pk}/undo/" not in page
    patient_client.post(f"/share/{share.pk}/undo/")
    share.refresh_from_db()
    assert share.revoked_at is not None
    # A new invitation works as ever.
    code = invite(patient_client)
    clinician_client.post("/clinician/redeem/", {"code": code})
    assert Share.objects.active().filter(patient=patient, clinician=clinician).count() == 1


def test_another_clinician_cannot_end_a_share_that_is_not_theirs(other_clinician, share):
    response = login(other_clinician).post(f"/clinician/patients/{share.pk}/discharge/")
    assert response.status_code == 404
    share.refresh_from_db()
    assert share.revoked_at is None and not share.ended_by_clinician
