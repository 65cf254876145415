import datetime

import pytest
from django.core.management import call_command

from checkin.domain.instruments import INSTRUMENTS, score
from checkin.models import CheckIn, QuestionnaireResponse, User

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_a_patient_with_120_days_and_prints_its_login(capsys):
    call_command("seed_demo", password="demo-pass-123")
    out = capsys.readouterr().out
    user = User.objects.get(email="demo@mend.example")
    assert "demo@mend.example" in out and "demo-pass-123" in out
    assert user.check_password("demo-pass-123")
    dates = list(CheckIn.objects.filter(patient=user).values_list("date", flat=True))
    assert 95 <= len(dates) <= 120  # about one day in ten is missed, as in life
    assert max(dates) == user.today()
    assert min(dates) >= user.today() - datetime.timedelta(days=119)
    assert f"{len(dates)} check-ins over the last 120 days" in out
    # A PEG each week and a PHQ-9 every four, scored as the instruments say.
    pegs = QuestionnaireResponse.objects.filter(patient=user, instrument="peg")
    assert pegs.count() == 17 and pegs.filter(date=user.today()).exists()
    assert QuestionnaireResponse.objects.filter(patient=user, instrument="phq9").count() == 5
    for response in QuestionnaireResponse.objects.filter(patient=user):
        assert response.score == score(INSTRUMENTS[response.instrument], response.answers).value


def test_seed_demo_twice_resets_rather_than_duplicates():
    call_command("seed_demo", password="one-pass-123")
    first = CheckIn.objects.count()
    call_command("seed_demo", password="two-pass-123")
    assert CheckIn.objects.count() == first
    assert QuestionnaireResponse.objects.count() == 22
    assert User.objects.count() == 1
