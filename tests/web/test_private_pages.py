"""Every page with patient data tells browsers and proxies not to store it."""

import pytest

pytestmark = pytest.mark.django_db

PATIENT_PAGES = ("/", "/checkin/", "/history/", "/trends/", "/api/trends/", "/account/", "/measures/",
                 "/safety-plan/", "/api/checkins/")


@pytest.mark.parametrize("path", PATIENT_PAGES)
def test_patient_pages_are_private_and_never_stored(patient_client, path):
    response = patient_client.get(path)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_the_clinicians_pages_too(clinician_client, share):
    for path in ("/clinician/", f"/clinician/patients/{share.pk}/"):
        assert "no-store" in clinician_client.get(path)["Cache-Control"]


def test_public_pages_for_visitors_stay_cacheable(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    assert "no-store" not in client.get("/help/").get("Cache-Control", "")


def test_static_files_keep_their_own_caching(patient_client):
    response = patient_client.get("/static/css/mend.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
