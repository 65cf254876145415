"""Shared fixtures. Personas follow the house style: a patient, another
patient (a stranger to the first), and clinicians with and without a share."""

import datetime
from decimal import Decimal

import pytest

PASSWORD = "a-long-test-password-42"


@pytest.fixture
def make_user(django_user_model):
    def make(email, **extra):
        return django_user_model.objects.create_user(email=email, password=PASSWORD, **extra)

    return make


@pytest.fixture
def patient(make_user):
    return make_user("patient@example.com", name="Pat", time_zone="Europe/London")


@pytest.fixture
def other_patient(make_user):
    return make_user("other@example.com", name="Olive", time_zone="Europe/London")


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient)
    return client


def checkin_values(**overrides):
    """Valid form data for a check-in; override any field."""
    values = {
        "pain": "4",
        "mood": "6",
        "sleep_hours": "7.5",
        "sleep_quality": "3",
        "exercise_minutes": "20",
        "exercise_kind": "walking",
        "note": "",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


@pytest.fixture
def make_checkin():
    from checkin.models import CheckIn

    def make(patient, date, **fields):
        defaults = dict(pain=4, mood=6, sleep_hours=Decimal("7.5"), sleep_quality=3, exercise_minutes=20, exercise_kind="walking")
        defaults.update(fields)
        return CheckIn.objects.create(patient=patient, date=date, **defaults)

    return make


@pytest.fixture
def today(patient):
    return patient.today()


@pytest.fixture
def yesterday(today):
    return today - datetime.timedelta(days=1)


@pytest.fixture
def loaded_guidance(db):
    """The shipped sources, guidance pages and default pattern rules, as `make run` loads them."""
    from io import StringIO

    from django.core.management import call_command

    call_command("load_guidance", stdout=StringIO())
