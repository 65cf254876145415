"""The database itself refuses bad check-ins: named constraints on every range."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from checkin.models import CheckIn

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 2, 29)


def valid(patient, **overrides):
    fields = dict(
        patient=patient,
        date=DAY,
        pain=4,
        mood=6,
        sleep_hours=Decimal("7.5"),
        sleep_quality=3,
        exercise_minutes=20,
        exercise_kind="walking",
    )
    fields.update(overrides)
    return fields


def test_it_stores_a_valid_check_in(patient):
    checkin = CheckIn.objects.create(**valid(patient, symptoms=["fever"], note="ok"))
    checkin.refresh_from_db()
    assert checkin.sleep_hours == Decimal("7.5")
    assert checkin.symptoms == ["fever"]
    assert checkin.client_uuid is not None


@pytest.mark.parametrize(
    "field, value",
    [
        ("pain", 11),
        ("mood", 11),
        ("sleep_hours", Decimal("24.5")),
        ("sleep_hours", Decimal("6.3")),
        ("sleep_quality", 0),
        ("sleep_quality", 6),
        ("exercise_minutes", 1441),
        ("exercise_kind", "dancing"),
        ("date", datetime.date(1999, 12, 31)),
        ("note", "x" * 2001),
    ],
)
def test_the_database_refuses_an_out_of_range_value(patient, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(**valid(patient, **{field: value}))
    assert not CheckIn.objects.exists()


def test_the_database_refuses_two_check_ins_for_one_day(patient):
    CheckIn.objects.create(**valid(patient))
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(**valid(patient, pain=9))


def test_two_patients_may_check_in_on_the_same_day(patient, other_patient):
    CheckIn.objects.create(**valid(patient))
    CheckIn.objects.create(**valid(other_patient))
    assert CheckIn.objects.count() == 2


def test_record_creates_then_updates_the_days_row(patient):
    values = dict(pain=4, mood=6, sleep_hours=Decimal("7"), sleep_quality=3, exercise_minutes=0, exercise_kind="none")
    first, created = CheckIn.objects.save_day(patient, DAY, values)
    assert created
    second, created_again = CheckIn.objects.save_day(patient, DAY, {**values, "pain": 8})
    assert not created_again
    assert second.pk == first.pk
    assert CheckIn.objects.get().pain == 8


def test_record_gives_a_fresh_uuid_when_the_clients_uuid_names_another_day(patient):
    values = dict(pain=4, mood=6, sleep_hours=Decimal("7"), sleep_quality=3, exercise_minutes=0, exercise_kind="none")
    first, _ = CheckIn.objects.save_day(patient, DAY, values)
    second, created = CheckIn.objects.save_day(patient, DAY - datetime.timedelta(days=1), values, first.client_uuid)
    assert created
    assert second.client_uuid != first.client_uuid
    assert CheckIn.objects.count() == 2


def test_user_email_is_the_login_and_is_unique(django_user_model):
    django_user_model.objects.create_user(email="Someone@Example.com", password="pw-12345678")
    user = django_user_model.objects.get()
    assert user.email == "someone@example.com"
    assert user.is_clinician is False
    with pytest.raises(IntegrityError), transaction.atomic():
        django_user_model.objects.create_user(email="someone@example.com", password="pw-12345678")
