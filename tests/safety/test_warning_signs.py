"""Each warning sign, saved in a check-in, puts what to do first on the next
page, with a Call button for the deployment's number."""

import pytest

from checkin.domain import triage
from checkin.models import CheckIn
from tests.conftest import checkin_values

pytestmark = pytest.mark.django_db

EMERGENCY_CALL = (
    '<a class="btn btn-call btn-call-emergency w-100 mb-2" href="tel:999">Call 999 (Emergency services)</a>'
)
# The same words as the phone shows offline (tests/e2e/test_safety_browser.py).
URGENT_CALL = '<a class="btn btn-call w-100 mb-2" href="tel:111">Call 111 (NHS 111)</a>'


def first_thing(html: str) -> str:
    """The page's main content before the greeting: what the patient reads first."""
    main = html[html.index("<main") :]
    return main[: main.index("<h1")]


@pytest.mark.parametrize("sign", [s for s in triage.SIGNS if s.level == triage.EMERGENCY], ids=lambda s: s.value)
def test_an_emergency_sign_says_go_now_with_a_call_button_first(patient_client, loaded_guidance, sign):
    response = patient_client.post("/checkin/", checkin_values(symptoms=[sign.value]), follow=True)
    top = first_thing(response.content.decode())
    assert "Go to the emergency department now" in top
    assert EMERGENCY_CALL in top
    assert sign.words[0].upper() + sign.words[1:] in top  # what the patient ticked, in words


@pytest.mark.parametrize("sign", [s for s in triage.SIGNS if s.level == triage.URGENT], ids=lambda s: s.value)
def test_an_urgent_sign_says_get_advice_today_with_the_urgent_line(patient_client, loaded_guidance, sign):
    response = patient_client.post("/checkin/", checkin_values(symptoms=[sign.value]), follow=True)
    top = first_thing(response.content.decode())
    assert "Get medical advice today" in top
    assert URGENT_CALL in top
    assert "Go to the emergency department now" not in top


def test_the_advice_stays_at_the_top_of_home_that_day(patient_client, loaded_guidance):
    patient_client.post("/checkin/", checkin_values(symptoms=["saddle_numbness"]))
    assert "Go to the emergency department now" in first_thing(patient_client.get("/").content.decode())


def test_the_check_in_asks_about_the_signs_in_the_main_form_and_untouched_means_none(patient_client, patient):
    html = patient_client.get("/checkin/").content.decode()
    question = html.index("Any of these, new or worse?")
    assert question < html.index("<details")  # not hidden in the optional part
    for sign in triage.SIGNS:
        assert sign.question.replace("'", "&#x27;") in html
    patient_client.post("/checkin/", checkin_values())
    assert CheckIn.objects.get(patient=patient).symptoms == []


def test_an_earlier_answer_is_kept_when_its_check_in_is_edited(patient_client, patient, today, make_checkin):
    make_checkin(patient, today, symptoms=["numbness"])
    html = patient_client.get("/checkin/").content.decode()
    assert "Numbness in the legs, buttocks or groin" in html
    patient_client.post("/checkin/", checkin_values(pain="6", symptoms=["numbness"]))
    assert CheckIn.objects.get(patient=patient).symptoms == ["numbness"]


def test_the_clinicians_report_names_each_sign_as_asked(
    clinician_client, share, patient, today, make_checkin, loaded_guidance
):
    make_checkin(patient, today, symptoms=["saddle_numbness"])
    html = clinician_client.get(f"/clinician/patients/{share.pk}/report/").content.decode()
    assert triage.BY_VALUE["saddle_numbness"].words.capitalize() in html
