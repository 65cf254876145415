"""A NUL character in the query string is answered 400, before any page reads
it (PostgreSQL refuses NUL in a query, which was a 500)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/guidance/?q=back%00pain", "/guidance/?q=%00", "/help/?x=1&y=%00"])
def test_a_nul_in_the_query_is_a_400_for_anyone(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_in_the_clinicians_search_is_a_400(clinician_client):
    assert clinician_client.get("/clinician/?q=%00").status_code == 400
    assert clinician_client.get("/clinician/?q=sam").status_code == 200


def test_an_ordinary_search_is_unchanged(client):
    assert client.get("/guidance/?q=back+pain").status_code == 200
