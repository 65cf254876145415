"""“Today” is the patient's own local date, not the server's."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

# 10:30 UTC on 1 March 2025 is 23:30 in Auckland (NZDT, +13) and
# 02:30 in Los Angeles (PST, -8): the same instant, two different dates.
INSTANT = datetime.datetime(2025, 3, 1, 10, 30, tzinfo=datetime.UTC)


def test_two_patients_at_the_same_instant_get_their_own_dates(make_user, monkeypatch):
    auckland = make_user("nz@example.com", time_zone="Pacific/Auckland")
    los_angeles = make_user("la@example.com", time_zone="America/Los_Angeles")
    monkeypatch.setattr(timezone, "now", lambda: INSTANT)
    assert auckland.today() == datetime.date(2025, 3, 1)
    assert los_angeles.today() == datetime.date(2025, 3, 1)

    later = INSTANT + datetime.timedelta(hours=1)  # 00:30 in Auckland, 03:30 in LA
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert auckland.today() == datetime.date(2025, 3, 2)
    assert los_angeles.today() == datetime.date(2025, 3, 1)


def test_the_check_in_page_saves_to_the_patients_local_day(client, make_user, monkeypatch):
    from tests.conftest import checkin_values, sign_in

    auckland = make_user("nz@example.com", time_zone="Pacific/Auckland")
    monkeypatch.setattr(timezone, "now", lambda: INSTANT + datetime.timedelta(hours=1))
    sign_in(client, auckland)
    client.post("/checkin/", checkin_values())
    assert auckland.checkins.get().date == datetime.date(2025, 3, 2)
