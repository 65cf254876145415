"""Shared fixtures. Personas follow the house style: a patient, another
patient (a stranger to the first), and clinicians with and without a share."""

import datetime
from decimal import Decimal

import pytest

PASSWORD = "a-long-test-password-42"


def sign_in(client, user):
    """``client.force_login(user)``, then the second step if they need one."""
    client.force_login(user)
    pass_second_step(client, user)


def pass_second_step(client, user):
    """For someone who needs a second step (clinicians, admins), what their
    real login ends with: the client's session counts as past the step."""
    session = client.session
    session.update(second_step_session(user))
    session.save()


def second_step_session(user) -> dict:
    """What a session holds once ``user`` has passed the second step, if they
    need one (else nothing): an authenticator app is added for them if they
    have none. Also used by scripts/loadbench.py for its seeded sessions."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from checkin.accounts import second_step
    from checkin.models import AuthenticatorApp

    if not second_step.needed(user):
        return {}
    device = second_step.apps(user).first() or AuthenticatorApp.objects.create(user=user, name="Phone", confirmed=True)
    type(user).objects.filter(pk=user.pk).update(second_step=True)
    user.second_step = True
    return {DEVICE_ID_SESSION_KEY: device.persistent_id}


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, past the second step every admin passes."""
    sign_in(client, admin_user)
    return client


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
def strict_client(patient):
    """A client logged in as `patient` that checks CSRF tokens, as a browser's requests are checked."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    return client


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


def rough_fortnight(make_checkin, patient, today, days=20, symptoms_today=()):
    """High pain, short sleep and low mood over the last ten days; calmer days before that."""
    for n in range(days):
        bad = n < 10
        make_checkin(
            patient,
            today - datetime.timedelta(days=n),
            pain=8 if bad else 4,
            mood=3 if bad else 6,
            sleep_hours=Decimal("5") if bad else Decimal("8"),
            symptoms=list(symptoms_today) if n == 0 else [],
        )


@pytest.fixture
def make_checkin():
    from checkin.models import CheckIn

    def make(patient, date, **fields):
        defaults = dict(
            pain=4, mood=6, sleep_hours=Decimal("7.5"), sleep_quality=3, exercise_minutes=20, exercise_kind="walking"
        )
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


# --- clinicians and shares (sharing, issue 6) ---------------------------------


@pytest.fixture
def clinician(make_user):
    """A clinician account (the flag only an admin can set)."""
    return make_user("clinician@example.com", name="Dr Chen", is_clinician=True, time_zone="Europe/London")


@pytest.fixture
def other_clinician(make_user):
    """A clinician nobody has shared with."""
    return make_user("stranger.clinician@example.com", name="Dr Okafor", is_clinician=True)


@pytest.fixture
def clinician_client(clinician):
    """A client of its own, so a test can hold a patient's and a clinician's at once."""
    from django.test import Client

    client = Client()
    sign_in(client, clinician)
    return client


@pytest.fixture
def make_share():
    """`make_share(patient, clinician=None, **fields)`: a redeemed share, or an open invitation without a clinician."""
    from django.utils import timezone

    from checkin.models import Share

    def make(patient, clinician=None, **fields):
        now = timezone.now()
        defaults = {"invite_expires_at": now + datetime.timedelta(days=7)}
        if clinician is not None:
            defaults["redeemed_at"] = now
        defaults.update(fields)
        return Share.objects.create(patient=patient, clinician=clinician, **defaults)

    return make


@pytest.fixture
def share(make_share, patient, clinician):
    """`patient` shares with `clinician`, notes off."""
    return make_share(patient, clinician)
