"""Patients get their diary's tab bar; clinicians work from their patient list,
and reach a diary of their own, if they keep one, from a menu."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_patient_has_the_tab_bar(patient_client):
    html = patient_client.get("/").content.decode()
    assert 'class="tabbar"' in html and 'class="has-tabbar"' in html
    assert "My check-ins" not in html


def test_a_clinician_without_check_ins_has_no_tab_bar_and_no_diary_menu(clinician_client):
    html = clinician_client.get("/clinician/").content.decode()
    assert 'class="tabbar"' not in html and "has-tabbar" not in html
    assert "My check-ins" not in html
    assert '<a class="topbar-link" href="/account/"' in html


def test_a_clinician_with_check_ins_reaches_them_from_a_menu(clinician_client, clinician, make_checkin):
    make_checkin(clinician, clinician.today())
    html = clinician_client.get("/clinician/").content.decode()
    assert 'class="tabbar"' not in html
    menu = html[html.index('<details class="topbar-menu">') : html.index("</details>")]
    for link in ('href="/">Home', 'href="/checkin/">Check in', 'href="/history/">History', 'href="/trends/">Trends'):
        assert link in menu


def test_logged_out_visitors_have_no_tab_bar(client):
    assert 'class="tabbar"' not in client.get("/").content.decode()
