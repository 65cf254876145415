"""The ten-year exports stream in flat memory: the most Python holds at once
while one is sent does not grow with the history (rows are read a chunk at
a time, checkin/core/streaming.py, with or without server-side cursors)."""

import datetime
import tracemalloc

import pytest

from checkin.models import CheckIn


def seed(patient, days):
    today = patient.today()
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            date=today - datetime.timedelta(days=n),
            pain=n % 11,
            mood=2 + (n * 3) % 9,  # no very low mood: the signals, kept whole, stay few
            sleep_hours=7,
            sleep_quality=3,
            exercise_minutes=20,
            exercise_kind="walking",
            note="A short note about the day.",
        )
        for n in range(days)
    )


def peak_while_sent(client, url) -> tuple[int, int]:
    """(the most memory allocated at once while the body is sent, the body's size)."""
    response = client.get(url)
    tracemalloc.start()
    try:
        size = sum(len(chunk) for chunk in response.streaming_content)
        return tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/account/export/?format=fhir", "/account/export/", "/account/export/?format=csv"])
def test_ten_years_take_no_more_memory_than_two(patient_client, patient, url):
    seed(patient, 730)
    two_years, two_size = peak_while_sent(patient_client, url)
    CheckIn.objects.all().delete()
    seed(patient, 3650)
    ten_years, ten_size = peak_while_sent(patient_client, url)
    assert ten_size > 4 * two_size
    assert ten_years < 1.5 * two_years, (two_years, ten_years)
