"""The patient's side of sharing: invitations, shares, notes, last day, who viewed."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from checkin.models import AccessLog, Share, invites
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

CODE_ON_PAGE = re.compile(r'data-invite-code="([^"]+)"')


def create_invite(client, **data):
    """POST /share/ and follow to the page that shows the new code; returns (response, code)."""
    response = client.post("/share/", data, follow=True)
    match = CODE_ON_PAGE.search(response.content.decode())
    return response, match.group(1) if match else None


def test_an_empty_post_makes_an_invitation_with_notes_off(patient_client, patient):
    response, code = create_invite(patient_client)
    assert response.status_code == 200
    share = Share.objects.get(patient=patient)
    assert share.include_notes is False
    assert share.clinician is None and share.ends_at is None
    assert code is not None


def test_the_code_is_short_grouped_and_from_an_alphabet_without_look_alikes(patient_client):
    _, code = create_invite(patient_client)
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}", code)
    assert not set(code) & set("01ILO")


def test_each_invitation_gets_a_different_code(patient_client):
    codes = {create_invite(patient_client)[1] for _ in range(5)}
    assert len(codes) == 5


def test_only_a_keyed_hash_of_the_code_is_stored(patient_client, patient):
    _, code = create_invite(patient_client)
    share = Share.objects.get(patient=patient)
    normalized = invites.normalize(code)
    assert share.code_hash == invites.code_hash(normalized)
    assert normalized not in share.code_hash


def test_the_page_shows_a_link_that_fills_in_the_code_for_the_clinician(patient_client):
    response, code = create_invite(patient_client)
    assert f"http://testserver/clinician/redeem/#code={code}" in response.content.decode()


def test_the_new_code_is_kept_in_no_session_row(patient_client):
    from django.contrib.sessions.models import Session

    response, code = create_invite(patient_client)
    normalized = code.replace("-", "")
    for session in Session.objects.all():
        decoded = str(session.get_decoded())
        assert code not in decoded and normalized not in decoded
    # Shown once: the next visit has no code.
    assert code not in patient_client.get("/share/").content.decode()


def test_the_code_is_shown_once_and_the_page_says_so(patient_client):
    response, code = create_invite(patient_client)
    assert "cannot show you this code again" in response.content.decode()
    again = patient_client.get("/share/").content.decode()
    assert code not in again
    assert "data-invite-code" not in again
    assert "Open invitations" in again  # the invitation itself is still listed


def test_an_invitation_works_for_seven_days(patient_client, patient):
    before = timezone.now()
    create_invite(patient_client)
    share = Share.objects.get(patient=patient)
    assert datetime.timedelta(days=7) <= share.invite_expires_at - before < datetime.timedelta(days=7, minutes=1)


def test_the_patient_can_include_notes_and_a_last_day_when_inviting(patient_client, patient, today):
    last = today + datetime.timedelta(days=30)
    create_invite(patient_client, include_notes="on", ends_on=last.isoformat())
    share = Share.objects.select_related("patient").get(patient=patient)
    assert share.include_notes is True
    assert share.last_day == last


def test_it_rejects_a_last_day_in_the_past_and_keeps_what_was_typed(patient_client, patient, today):
    past = today - datetime.timedelta(days=1)
    response = patient_client.post("/share/", {"include_notes": "on", "ends_on": past.isoformat()})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Last day: choose today" in html
    assert f'value="{past.isoformat()}"' in html and "checked" in html
    assert not Share.objects.exists()


def test_it_rejects_a_last_day_that_is_not_a_date(patient_client):
    response = patient_client.post("/share/", {"ends_on": "next tuesday"})
    assert response.status_code == 400
    assert "Last day (optional): enter a date as YYYY-MM-DD." in response.content.decode()


def test_it_limits_how_many_invitations_are_open_at_once(patient_client, patient, make_share):
    for _ in range(10):
        make_share(patient)
    response = patient_client.post("/share/", follow=True)
    assert "You already have 10 open invitations" in response.content.decode()
    assert Share.objects.filter(patient=patient).count() == 10


def test_the_page_lists_each_share_with_name_since_last_viewed_and_notes(
    patient_client, patient, clinician, make_share
):
    make_share(
        patient,
        clinician,
        include_notes=True,
        redeemed_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0)),
        last_viewed_at=timezone.make_aware(datetime.datetime(2026, 3, 5, 14, 30)),
    )
    html = patient_client.get("/share/").content.decode()
    assert "Dr Chen" in html and "clinician@example.com" in html
    assert "2 Mar 2026" in html
    assert "5 Mar 2026, 14:30" in html
    assert "Shared" in html and "Keep my notes private" in html
    assert "Stop sharing with Dr Chen" in html


def test_expired_and_cancelled_invitations_are_not_listed(patient_client, patient, make_share):
    make_share(patient, invite_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    make_share(patient, revoked_at=timezone.now())
    html = patient_client.get("/share/").content.decode()
    assert "Open invitations" not in html


def test_revoking_stops_the_clinician_at_once(patient_client, share, clinician):
    clinician_client = Client()
    sign_in(clinician_client, clinician)
    assert clinician_client.get(f"/clinician/patients/{share.pk}/").status_code == 200

    response = patient_client.post(f"/share/{share.pk}/revoke/", follow=True)
    assert "Stopped sharing with Dr Chen" in response.content.decode()
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert clinician_client.get(f"/clinician/patients/{share.pk}/").status_code == 404


def test_cancelling_an_invitation_makes_its_code_useless(patient_client, patient, clinician):
    _, code = create_invite(patient_client)
    share = Share.objects.get(patient=patient)
    response = patient_client.post(f"/share/{share.pk}/revoke/", follow=True)
    assert "Invitation cancelled" in response.content.decode()
    share.refresh_from_db()
    assert share.code_hash is None

    clinician_client = Client()
    sign_in(clinician_client, clinician)
    answer = clinician_client.post("/clinician/redeem/", {"code": code})
    assert answer.status_code == 400
    assert "this code does not work" in answer.content.decode()


def test_stopping_asks_first_naming_the_clinician(patient_client, share):
    page = patient_client.get(f"/share/{share.pk}/revoke/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Stop sharing with Dr Chen?" in html and "Keep sharing" in html
    share.refresh_from_db()
    assert share.revoked_at is None  # asking changes nothing


def test_the_sharing_page_links_to_the_question_not_straight_to_stopping(patient_client, share):
    html = patient_client.get("/share/").content.decode()
    assert (
        f'<a class="btn btn-outline-danger w-100" href="/share/{share.pk}/revoke/">Stop sharing with Dr Chen</a>'
        in html
    )


def test_stopping_can_be_undone_for_a_while_and_sharing_goes_on_as_before(patient_client, share, clinician_client):
    patient_client.post(f"/share/{share.pk}/revoke/")
    assert clinician_client.get(f"/clinician/patients/{share.pk}/").status_code == 404
    page = patient_client.get("/share/").content.decode()
    assert "Stopped sharing with Dr Chen" in page and f'action="/share/{share.pk}/undo/"' in page
    response = patient_client.post(f"/share/{share.pk}/undo/", follow=True)
    assert "Sharing with Dr Chen again, as before." in response.content.decode()
    share.refresh_from_db()
    assert share.revoked_at is None
    assert clinician_client.get(f"/clinician/patients/{share.pk}/").status_code == 200


def test_undo_is_refused_after_ten_minutes(patient_client, share):
    from django.utils import timezone

    share.revoke()
    Share.objects.filter(pk=share.pk).update(revoked_at=timezone.now() - datetime.timedelta(minutes=11))
    assert f"/share/{share.pk}/undo/" not in patient_client.get("/share/").content.decode()
    response = patient_client.post(f"/share/{share.pk}/undo/", follow=True)
    assert "can only be undone for 10 minutes" in response.content.decode()
    share.refresh_from_db()
    assert share.revoked_at is not None


def test_undo_gives_way_to_a_newer_share_with_the_same_clinician(patient_client, patient, share, make_share, clinician):
    share.revoke()
    newer = make_share(patient, clinician)
    patient_client.post(f"/share/{share.pk}/undo/")
    share.refresh_from_db()
    assert share.revoked_at is not None and Share.objects.get(pk=newer.pk).revoked_at is None


def test_nobody_else_can_undo(client, other_patient, share):
    share.revoke()
    sign_in(client, other_patient)
    assert client.post(f"/share/{share.pk}/undo/").status_code == 404


@pytest.mark.parametrize("action", ["revoke", "notes", "last-day"])
def test_another_patient_cannot_touch_a_share(client, other_patient, share, action):
    sign_in(client, other_patient)
    response = client.post(f"/share/{share.pk}/{action}/", {"include_notes": "1", "ends_on": ""})
    assert response.status_code == 404
    share.refresh_from_db()
    assert share.revoked_at is None and share.include_notes is False


def test_the_patient_can_turn_notes_on_and_off(patient_client, share):
    response = patient_client.post(f"/share/{share.pk}/notes/", {"include_notes": "1"}, follow=True)
    assert "Dr Chen can now see your notes" in response.content.decode()
    share.refresh_from_db()
    assert share.include_notes is True
    response = patient_client.post(f"/share/{share.pk}/notes/", {"include_notes": "0"}, follow=True)
    assert "Dr Chen can no longer see your notes" in response.content.decode()
    share.refresh_from_db()
    assert share.include_notes is False


def test_a_bad_notes_value_is_named_and_changes_nothing(patient_client, share):
    response = patient_client.post(f"/share/{share.pk}/notes/", {"include_notes": "maybe"}, follow=True)
    assert "Notes: choose 1 (share) or 0 (keep private)." in response.content.decode()
    share.refresh_from_db()
    assert share.include_notes is False


def test_a_last_day_ends_the_share_at_the_following_midnight_in_the_patients_zone(patient_client, share, today):
    response = patient_client.post(f"/share/{share.pk}/last-day/", {"ends_on": today.isoformat()}, follow=True)
    assert "Sharing will stop after" in response.content.decode()
    share.refresh_from_db()
    assert share.last_day == today
    local_end = share.ends_at.astimezone(share.patient.zone)
    assert (local_end.date(), local_end.hour, local_end.minute) == (today + datetime.timedelta(days=1), 0, 0)
    assert share.is_active()
    assert not share.is_active(share.ends_at)


def test_the_last_day_can_be_cleared(patient_client, share, today):
    patient_client.post(f"/share/{share.pk}/last-day/", {"ends_on": today.isoformat()})
    patient_client.post(f"/share/{share.pk}/last-day/", {"ends_on": ""})
    share.refresh_from_db()
    assert share.ends_at is None


def test_a_past_last_day_is_refused_with_the_field_named(patient_client, share, today):
    response = patient_client.post(f"/share/{share.pk}/last-day/", {"ends_on": "2001-01-01"})
    assert response.status_code == 400
    assert "Last day: choose today" in response.content.decode()
    share.refresh_from_db()
    assert share.ends_at is None


def test_a_share_past_its_last_day_shows_as_ended(patient_client, patient, clinician, make_share):
    make_share(patient, clinician, ends_at=timezone.now() - datetime.timedelta(hours=1))
    html = patient_client.get("/share/").content.decode()
    assert "Ended" in html
    assert "Remove from this list" in html
    assert "Stop sharing with" not in html


def test_who_viewed_my_data_lists_every_view_newest_first(patient_client, patient, share, clinician):
    older = timezone.now() - datetime.timedelta(days=2)
    AccessLog.objects.create(
        patient=patient, clinician=clinician, share=share, what="looked at your trends", viewed_at=older
    )
    AccessLog.objects.create(patient=patient, clinician=clinician, share=share, what="opened a printable report")
    html = patient_client.get("/share/").content.decode()
    assert html.index("opened a printable report") < html.index("looked at your trends")
    assert "Dr Chen</strong>" in html


def test_who_viewed_my_data_shows_nothing_of_other_patients(patient_client, other_patient, clinician, make_share):
    other_share = make_share(other_patient, clinician)
    AccessLog.objects.create(
        patient=other_patient, clinician=clinician, share=other_share, what="looked at Olive's trends"
    )
    html = patient_client.get("/share/views/").content.decode()
    assert "Olive" not in html
    assert "Nobody has looked at your data." in html


def test_the_full_view_log_is_paginated(patient_client, patient, share, clinician):
    AccessLog.objects.bulk_create(
        AccessLog(patient=patient, clinician=clinician, share=share, what=f"view {n}") for n in range(120)
    )
    html = patient_client.get("/share/views/").content.decode()
    assert "Page 1 of 3" in html


def test_the_share_page_needs_a_constant_number_of_queries(
    patient_client, patient, make_user, make_share, django_assert_max_num_queries
):
    for n in range(20):
        doctor = make_user(f"doctor{n}@example.com", is_clinician=True)
        shared = make_share(patient, doctor)
        AccessLog.objects.create(patient=patient, clinician=doctor, share=shared, what="looked")
    for _ in range(5):
        make_share(patient)
    with django_assert_max_num_queries(8):
        response = patient_client.get("/share/")
    assert response.content.decode().count("Stop sharing with") == 20


def test_sharing_pages_are_never_cached(patient_client):
    response = patient_client.get("/share/")
    assert "no-store" in response["Cache-Control"]


def test_visitors_must_log_in_to_share(client):
    response = client.get("/share/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_account_page_and_home_link_to_sharing(patient_client):
    assert 'href="/share/"' in patient_client.get("/account/").content.decode()
    assert 'href="/share/"' in patient_client.get("/").content.decode()
