"""The clinician's patient page in a 10-minute appointment, on a desk at
1024x768: safety signals first, then the charts on the first screen, with
three months of check-ins, notes shared and PHQ-9s answered."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from checkin.models import CheckIn, QuestionnaireResponse, Share

SMALL_DESK = {"width": 1024, "height": 768}


@pytest.fixture
def busy_share(patient, clinician, today):
    """Ninety days with a note every third day, fortnightly PHQ-9s, notes shared."""
    for n in range(90):
        CheckIn.objects.create(
            patient=patient,
            date=today - datetime.timedelta(days=n),
            pain=3 + n % 5,
            mood=4 + n % 4,
            sleep_hours=Decimal("6.5"),
            sleep_quality=3,
            exercise_minutes=20 * (n % 2),
            exercise_kind="walking" if n % 2 else "none",
            note=f"Note {n}: a longer day at work, back stiff in the evening." if n % 3 == 0 else "",
        )
    for n in range(0, 90, 14):
        QuestionnaireResponse.objects.create(
            patient=patient,
            instrument="phq9",
            date=today - datetime.timedelta(days=n),
            score=9,
            band="mild",
            answers={f"item{i}": 1 for i in range(1, 10)} | {"item9": 0},
            version="PHQ-9",
        )
    now = timezone.now()
    return Share.objects.create(
        patient=patient, clinician=clinician, redeemed_at=now, invite_expires_at=now, include_notes=True
    )


def test_at_1024x768_the_charts_are_on_the_first_screen_before_patterns_and_notes(
    new_context, log_in, clinician, busy_share, shot, axe_check, loaded_guidance
):
    page = new_context().new_page()
    page.set_viewport_size(SMALL_DESK)
    log_in(page, clinician)
    page.goto(f"/clinician/patients/{busy_share.pk}/")
    chart = page.locator("canvas[data-trends-chart]").first.bounding_box()
    assert chart["y"] < SMALL_DESK["height"] - 100  # the first chart shows, not just its heading
    signals = page.get_by_role("heading", name="Safety signals in the last 30 days").bounding_box()
    notes = page.get_by_role("heading", name="Recent notes").bounding_box()
    assert signals["y"] < chart["y"] < notes["y"]
    axe_check(page, "clinician patient page at 1024")
    shot(page, "clinician-patient-1024", full_page=False)


def test_on_a_phone_patterns_still_come_before_the_charts(phone_page, log_in, clinician, busy_share):
    page = phone_page()
    log_in(page, clinician)
    page.goto(f"/clinician/patients/{busy_share.pk}/")
    patterns = page.locator(".clinician-side").bounding_box()
    chart = page.locator("canvas[data-trends-chart]").first.bounding_box()
    assert patterns["y"] < chart["y"]


def test_a_lagging_replica_says_as_of_when_above_the_patient_page(
    new_context, log_in, clinician, busy_share, shot, axe_check, loaded_guidance, monkeypatch
):
    from checkin.core import replica

    behind = timezone.now() - datetime.timedelta(minutes=4)
    monkeypatch.setattr(replica, "configured", lambda: True)
    monkeypatch.setattr(replica, "replayed_as_of", lambda: behind)
    monkeypatch.setattr(replica, "REPLICA", "default")  # the test database stands in for the replica
    page = new_context().new_page()
    page.set_viewport_size(SMALL_DESK)
    log_in(page, clinician)
    page.goto(f"/clinician/patients/{busy_share.pk}/")
    note = page.locator("[data-replica-as-of]")
    local = behind.astimezone(clinician.zone)
    assert note.inner_text().startswith(f"As of {local.day} {local:%b, %H:%M}: anything saved since then")
    assert (
        note.bounding_box()["y"]
        < page.get_by_role("heading", name="Safety signals in the last 30 days").bounding_box()["y"]
    )
    axe_check(page, "clinician patient page, replica behind")
    shot(page, "clinician-patient-as-of-1024", full_page=False)
