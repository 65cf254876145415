"""Clinic teams: a patient shares with a team by the same invitation code;
every member sees the patient, each look logged under the person's name;
leaving the team ends a member's access at once; a share with one clinician
works as before."""

import pytest
from django.db.models import ProtectedError

from checkin.models import AccessLog, Share, Team
from tests.sharing.test_clinician import invite, login

pytestmark = pytest.mark.django_db

# Every page a clinician can open for one patient (GET), and the actions (POST).
PAGES = ["", "report/", "report.csv", "fhir/", "safety-plan/"]
ACTIONS = ["signals/seen/", "discharge/", "clinic-number/"]


@pytest.fixture
def colleague(make_user):
    return make_user("colleague@example.com", name="Dr Singh", is_clinician=True)


@pytest.fixture
def team(clinician, colleague):
    team = Team.objects.create(name="Back pain clinic")
    team.members.add(clinician, colleague)
    return team


@pytest.fixture
def team_share(patient_client, patient, clinician, team):
    """The patient's code, redeemed by Dr Chen for the team (safety plan included, so every page exists)."""
    code = invite(patient_client)
    response = login(clinician).post("/clinician/redeem/", {"code": code, "team": team.pk})
    share = Share.objects.get(patient=patient)
    assert response.status_code == 302 and share.team == team and share.clinician == clinician
    Share.objects.filter(pk=share.pk).update(include_safety_plan=True)
    return share


def url(share, rest=""):
    return f"/clinician/patients/{share.pk}/{rest}"


def test_every_member_sees_the_patient_and_each_look_is_logged_under_their_own_name(
    team_share, colleague, clinician, patient
):
    singh = login(colleague)
    assert patient.email in singh.get("/clinician/").content.decode()
    page = singh.get(url(team_share)).content.decode()
    assert "Shared with your team <strong>Back pain clinic</strong>" in page
    for rest in PAGES:
        assert singh.get(url(team_share, rest)).status_code == 200, rest
    looked = set(AccessLog.objects.filter(patient=patient).values_list("clinician__name", flat=True))
    assert looked == {"Dr Singh"}  # the person, never the team


def test_a_clinician_who_leaves_the_team_gets_404_at_once_everywhere(team_share, colleague, team):
    singh = login(colleague)
    assert singh.get(url(team_share)).status_code == 200
    team.members.remove(colleague)
    for rest in PAGES:
        assert singh.get(url(team_share, rest)).status_code == 404, rest
    for rest in ACTIONS:
        assert singh.post(url(team_share, rest), {"clinic_number": "1"}).status_code == 404, rest
    assert "patient@example.com" not in singh.get("/clinician/").content.decode()


def test_the_clinician_who_redeemed_for_the_team_also_loses_it_on_leaving(team_share, clinician, team):
    team.members.remove(clinician)
    assert login(clinician).get(url(team_share)).status_code == 404


def test_a_clinician_outside_the_team_gets_404(team_share, other_clinician):
    stranger = login(other_clinician)
    for rest in PAGES:
        assert stranger.get(url(team_share, rest)).status_code == 404, rest
    assert "patient@example.com" not in stranger.get("/clinician/").content.decode()


def test_a_share_with_one_clinician_stays_theirs_alone(patient_client, patient, clinician, colleague, team):
    code = invite(patient_client)
    login(clinician).post("/clinician/redeem/", {"code": code, "team": ""})  # "Just me"
    share = Share.objects.get(patient=patient)
    assert share.team is None
    assert login(clinician).get(url(share)).status_code == 200
    assert login(colleague).get(url(share)).status_code == 404


def test_a_code_cannot_be_redeemed_for_a_team_the_clinician_is_not_in(patient_client, patient, other_clinician, team):
    Team.objects.create(name="Physio").members.add(other_clinician)
    code = invite(patient_client)
    response = login(other_clinician).post("/clinician/redeem/", {"code": code, "team": team.pk})
    assert response.status_code == 400
    assert "Share with: choose “Just me” or one of your teams." in response.content.decode()
    assert not Share.objects.filter(patient=patient, clinician__isnull=False).exists()


def test_a_clinician_in_no_team_redeems_for_themselves_whatever_is_posted(
    patient_client, patient, other_clinician, team
):
    code = invite(patient_client)
    login(other_clinician).post("/clinician/redeem/", {"code": code, "team": team.pk})
    share = Share.objects.get(patient=patient)
    assert share.clinician == other_clinician and share.team is None


def test_the_redeem_page_offers_the_team_only_to_its_members(clinician, other_clinician, team):
    assert "Back pain clinic" in login(clinician).get("/clinician/redeem/").content.decode()
    assert 'name="team"' not in login(other_clinician).get("/clinician/redeem/").content.decode()


def test_the_patient_sees_the_team_its_members_and_who_ended_it(team_share, patient_client, colleague):
    page = patient_client.get("/share/").content.decode()
    assert "Back pain clinic" in page and "Dr Chen" in page and "Dr Singh" in page
    assert "everyone in it sees your data" in page
    login(colleague).post(url(team_share, "discharge/"))
    page = patient_client.get("/share/").content.decode()
    assert "Back pain clinic ended sharing on" in page
    assert "Dr Singh" in patient_client.get("/share/").content.decode()  # the access log names who did


def test_sharing_again_with_the_same_team_replaces_the_earlier_share(
    team_share, patient_client, patient, colleague, team
):
    code = invite(patient_client)
    login(colleague).post("/clinician/redeem/", {"code": code, "team": team.pk})
    assert Share.objects.active().filter(patient=patient, team=team).count() == 1
    assert Share.objects.get(pk=team_share.pk).revoked_at is not None


def test_a_team_with_shares_cannot_be_deleted_only_emptied(team_share, team):
    with pytest.raises(ProtectedError):
        team.delete()


def test_the_admin_takes_only_clinicians_as_members(admin_client, patient, clinician):
    response = admin_client.post("/admin/checkin/team/add/", {"name": "Physio", "members": [patient.pk, clinician.pk]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()  # a patient is not among the choices
    assert not Team.objects.filter(name="Physio").exists()
    assert (
        admin_client.post("/admin/checkin/team/add/", {"name": "Physio", "members": [clinician.pk]}).status_code == 302
    )
    assert list(Team.objects.get(name="Physio").members.all()) == [clinician]


def test_a_clinicians_account_page_names_their_teams(clinician, other_clinician, team):
    assert "Your teams: <strong>Back pain clinic</strong>" in login(clinician).get("/account/").content.decode()
    assert "You are in no team" in login(other_clinician).get("/account/").content.decode()
