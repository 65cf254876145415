"""Every page with patient data tells browsers and proxies not to store it."""

import pytest

pytestmark = pytest.mark.django_db

# Views rely on PrivatePagesMiddleware for this, not on a never_cache of their own.
PATIENT_PAGES = (
    "/",
    "/checkin/",
    "/history/",
    "/trends/",
    "/api/trends/",
    "/account/",
    "/measures/",
    "/safety-plan/",
    "/api/checkins/",
    "/share/",
    "/share/views/",
    "/account/export/?format=json",
    "/account/export/?format=csv",
    "/account/export/?format=fhir",
)


@pytest.mark.parametrize("path", PATIENT_PAGES)
def test_patient_pages_are_private_and_never_stored(patient_client, path):
    response = patient_client.get(path)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_the_clinicians_pages_and_downloads_too(clinician_client, share):
    for path in (
        "/clinician/",
        "/clinician/redeem/",
        f"/clinician/patients/{share.pk}/",
        f"/clinician/patients/{share.pk}/report/",
        f"/clinician/patients/{share.pk}/report.csv",
        f"/clinician/patients/{share.pk}/fhir/",
    ):
        response = clinician_client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


def test_public_pages_for_visitors_stay_cacheable(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    assert "no-store" not in client.get("/help/").get("Cache-Control", "")


def test_static_files_keep_their_own_caching(patient_client):
    response = patient_client.get("/static/css/mend.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
