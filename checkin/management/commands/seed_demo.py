"""Create a demo patient with realistic check-ins and questionnaires, for trying Mend out."""

import datetime
import random
import secrets
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from checkin.domain.instruments import INSTRUMENTS, score
from checkin.models import CheckIn, ExerciseKind, QuestionnaireResponse, User

DEMO_EMAIL = "demo@mend.example"


def demo_days(today: datetime.date, days: int, seed: int = 7) -> list[dict]:
    """Plausible days: pain and mood pull against each other, short nights
    raise next-day pain, activity eases it, and about one day in ten is missed."""
    rng = random.Random(seed)
    rows = []
    base_pain = 5.0
    for n in range(days, 0, -1):
        day = today - datetime.timedelta(days=n - 1)
        # A slow drift, so there is a trend to see.
        base_pain = min(8.0, max(2.0, base_pain + rng.uniform(-0.35, 0.3)))
        if rng.random() < 0.1 and n > 1:
            continue
        sleep = rng.choice([4.5, 5, 5.5, 6, 6.5, 7, 7, 7.5, 7.5, 8, 8.5])
        active = rng.random() < 0.55
        minutes = rng.choice([15, 20, 30, 30, 45, 60]) if active else 0
        pain = base_pain + (1.5 if sleep < 6 else 0) - (0.8 if active else 0) + rng.uniform(-1, 1)
        pain = int(round(min(10, max(0, pain))))
        mood = int(round(min(10, max(0, 9 - 0.7 * pain + rng.uniform(-1.2, 1.2)))))
        rows.append(
            {
                "date": day,
                "pain": pain,
                "mood": mood,
                "sleep_hours": Decimal(str(sleep)),
                "sleep_quality": max(1, min(5, int(round(sleep - 3 + rng.uniform(-1, 1))))),
                "exercise_minutes": minutes,
                "exercise_kind": rng.choice(["walking", "walking", "stretching", "swimming", "yoga", "physio"])
                if active
                else ExerciseKind.NONE,
                "note": rng.choice(["", "", "", "Stiff in the morning.", "Good walk with a friend.", "Bad night."]),
            }
        )
    return rows


def demo_responses(rows: list[dict], today: datetime.date, days: int, seed: int = 7) -> list[dict]:
    """A PEG every week that follows the week's pain, and a PHQ-9 every four
    weeks that follows its mood; scored as the patient's answers would be."""
    rng = random.Random(seed)
    result = []
    for weeks_ago in range(days // 7):
        day = today - datetime.timedelta(weeks=weeks_ago)
        week = [r for r in rows if day - datetime.timedelta(days=6) <= r["date"] <= day]
        if not week:
            continue
        pain = sum(r["pain"] for r in week) / len(week)
        mood = sum(r["mood"] for r in week) / len(week)
        peg = [int(round(min(10, max(0, pain + rng.uniform(-1, 1.5))))) for _ in range(3)]
        result.append(_response("peg", day, peg))
        if weeks_ago % 4 == 0:
            low = min(3, max(0, (7 - mood) / 2))
            result.append(
                _response("phq9", day, [int(round(min(3, max(0, low + rng.uniform(-1, 1))))) for _ in range(8)] + [0])
            )
    return result


def _response(slug: str, day: datetime.date, values: list[int]) -> dict:
    instrument = INSTRUMENTS[slug]
    answers = {f"item{n}": value for n, value in enumerate(values, start=1)}
    scored = score(instrument, answers)
    return {
        "instrument": slug,
        "date": day,
        "answers": answers,
        "score": scored.value,
        "band": scored.band,
        "version": instrument.version,
    }


class Command(BaseCommand):
    help = "Create (or reset) a demo patient with 120 days of realistic check-ins and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--email", default=DEMO_EMAIL)
        parser.add_argument("--password", help="Defaults to a new random password, printed at the end.")
        parser.add_argument("--days", type=int, default=120)

    @transaction.atomic
    def handle(self, *args, email, password, days, **options):
        password = password or secrets.token_urlsafe(9)
        user, _ = User.objects.get_or_create(email=email, defaults={"name": "Demo patient"})
        user.set_password(password)
        user.save()
        user.checkins.all().delete()
        user.responses.all().delete()
        rows = demo_days(user.today(), days)
        CheckIn.objects.bulk_create(CheckIn(patient=user, **row) for row in rows)
        QuestionnaireResponse.objects.bulk_create(
            QuestionnaireResponse(patient=user, **row) for row in demo_responses(rows, user.today(), days)
        )
        count = user.checkins.count()
        self.stdout.write(self.style.SUCCESS(f"Demo patient ready with {count} check-ins over the last {days} days."))
        self.stdout.write(f"  email:    {email}\n  password: {password}")
