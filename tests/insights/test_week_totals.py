"""The stored totals (checkin.models.WeekTotals and HistoryTotals) always
equal the sums of each week's and each patient's check-ins, whichever way the
check-ins were written: the database's triggers keep them, so these tests
write check-ins every way the project does and compare with totals.Totals
computed from the rows."""

import datetime
import random
import threading
import time
import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from checkin.core.sync import store_client_checkin
from checkin.domain.days import week_number
from checkin.insights import trends
from checkin.insights.totals import TOTALS_FIELDS, Totals
from checkin.models import CheckIn, HistoryTotals, WeekTotals
from tests.conftest import checkin_values
from tests.daily.test_concurrent_saves import run_together
from tests.postgres import require_postgresql

pytestmark = pytest.mark.django_db

WEEK_FIELDS = ("n", "pain", "mood", "sleep", "exercise")  # the first fields of Totals


def expected_weeks(patient) -> dict:
    """{week number: (weekdays, Totals of n to exercise)} computed in Python from the patient's check-ins."""
    weeks: dict[int, list] = {}
    for checkin in CheckIn.objects.filter(patient=patient):
        weeks.setdefault(week_number(checkin.date), []).append(checkin.as_day())
    result = {}
    for week, days in weeks.items():
        totals = Totals.of(days)
        shown = Totals(*(getattr(totals, name) for name in WEEK_FIELDS))
        result[week] = (sum(1 << d.date.weekday() for d in days), shown)
    return result


def stored_weeks(patient) -> dict:
    """{week number: (weekdays, Totals)} as stored; a week emptied by deletes must be all zeros."""
    result = {}
    rows = WeekTotals.objects.filter(patient=patient).values_list("week", "weekdays", *WEEK_FIELDS)
    for week, weekdays, *sums in rows:
        if sums[0] == 0:  # n
            assert weekdays == 0 and not any(sums), f"week {week} has no check-ins but non-zero sums {sums}"
            continue
        result[week] = (weekdays, Totals(*sums))
    return result


def stored_history(patient) -> Totals:
    row = HistoryTotals.objects.filter(patient=patient).values_list(*TOTALS_FIELDS).first()
    return Totals(*row) if row else Totals()


def assert_in_step(*patients):
    for patient in patients:
        assert stored_weeks(patient) == expected_weeks(patient)
        assert stored_history(patient) == Totals.of(c.as_day() for c in CheckIn.objects.filter(patient=patient))


def values(**overrides):
    row = dict(pain=4, mood=6, sleep_hours=Decimal("7.5"), sleep_quality=3, exercise_minutes=20)
    row.update(overrides)
    return row


# --- every way of writing ----------------------------------------------------------------


def test_creating_check_ins_one_by_one_adds_them_to_their_weeks(patient, make_checkin, today):
    make_checkin(patient, today, pain=7, sleep_hours=Decimal("5.5"), exercise_minutes=0)
    make_checkin(patient, today - datetime.timedelta(days=1), pain=2, mood=9)
    make_checkin(patient, today - datetime.timedelta(days=30), pain=10, mood=0)
    assert_in_step(patient)
    assert len(stored_weeks(patient)) in (2, 3)  # today and yesterday may share a week


def test_the_check_in_form_creating_then_changing_a_day_keeps_its_week(patient_client, patient, today):
    assert patient_client.post("/checkin/", checkin_values(pain="3", sleep_hours="5")).status_code == 302
    assert_in_step(patient)
    assert patient_client.post("/checkin/", checkin_values(pain="9", sleep_hours="8")).status_code == 302
    assert_in_step(patient)
    week = stored_weeks(patient)[week_number(today)][1]
    assert (week.n, week.pain, week.short_n) == (1, 9, 0)


def test_the_offline_queue_creating_and_replacing_a_day_keeps_its_week(patient, today):
    store_client_checkin(patient, today, values(pain=2), uuid.uuid4())
    later = datetime.datetime.now(datetime.UTC)
    # A newer edit from another phone replaces the row with QuerySet.update().
    store_client_checkin(patient, today, values(pain=8, exercise_minutes=0), uuid.uuid4(), edited_at=later)
    assert CheckIn.objects.get(patient=patient).pain == 8
    assert_in_step(patient)


def test_bulk_create_update_and_delete_keep_the_weeks(patient, other_patient, today, make_checkin):
    rows = [CheckIn(patient=patient, date=today - datetime.timedelta(days=n), **values(pain=n % 11)) for n in range(60)]
    CheckIn.objects.bulk_create(rows)
    make_checkin(other_patient, today)
    assert_in_step(patient, other_patient)

    CheckIn.objects.filter(patient=patient, pain__gte=8).update(pain=0, sleep_hours=Decimal("4"))
    assert_in_step(patient, other_patient)

    CheckIn.objects.filter(patient=patient, date__lt=today - datetime.timedelta(days=20)).delete()
    assert_in_step(patient, other_patient)
    CheckIn.objects.get(patient=patient, date=today).delete()
    assert_in_step(patient, other_patient)


def test_moving_a_check_in_to_another_week_moves_its_sums(patient, make_checkin, today):
    checkin = make_checkin(patient, today, pain=6)
    checkin.date = today - datetime.timedelta(days=21)
    checkin.save()
    assert_in_step(patient)
    assert week_number(today) not in stored_weeks(patient)


def test_a_week_emptied_by_deletes_keeps_a_row_of_zeros_that_the_trends_page_skips(patient, make_checkin, today):
    make_checkin(patient, today - datetime.timedelta(days=800), pain=9)
    make_checkin(patient, today, pain=1)
    CheckIn.objects.filter(patient=patient, pain=9).delete()
    assert WeekTotals.objects.filter(patient=patient, n=0).count() == 1
    assert_in_step(patient)
    CheckIn.objects.filter(patient=patient).delete()
    assert stored_history(patient) == Totals()


def test_a_long_random_run_of_writes_stays_in_step(patient, today):
    # Creates, edits, moves and deletes in a random order, spread over three
    # years (leap day and year ends included), every way the project writes.
    rng = random.Random(7)
    start = today - datetime.timedelta(days=3 * 365)
    for _ in range(400):
        day = start + datetime.timedelta(days=rng.randrange(3 * 365))
        action = rng.random()
        existing = CheckIn.objects.filter(patient=patient, date=day).first()
        new = values(
            pain=rng.randint(0, 10),
            mood=rng.randint(0, 10),
            sleep_hours=Decimal(rng.choice(["3", "5.5", "6", "9"])),
            exercise_minutes=rng.choice([0, 0, 10, 60]),
        )
        if existing is None or action < 0.5:
            CheckIn.objects.save_day(patient, day, new)
        elif action < 0.7:
            existing.delete()
        elif action < 0.85:
            CheckIn.objects.filter(pk=existing.pk).update(**new)
        elif not CheckIn.objects.filter(patient=patient, date=day + datetime.timedelta(days=3)).exists():
            existing.date = day + datetime.timedelta(days=3)
            existing.save(update_fields=["date"])
    assert CheckIn.objects.filter(patient=patient).count() > 100
    assert_in_step(patient)


def test_the_first_check_in_of_a_week_is_its_lowest_weekday(patient, make_checkin):
    monday = datetime.date(2024, 2, 26)  # the week of a leap day
    for offset in (4, 2, 6):
        make_checkin(patient, monday + datetime.timedelta(days=offset))
    weekdays = WeekTotals.objects.get(patient=patient, week=week_number(monday)).weekdays
    assert weekdays == 0b1010100
    assert trends.first_weekday(weekdays) == 2  # Wednesday, the 28th


# --- deleting people, migrating, racing -------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_deleting_a_patient_deletes_their_weeks_and_nobody_elses(make_user, today):
    leaving, staying = make_user("leaving@example.com"), make_user("staying@example.com")
    for person in (leaving, staying):
        CheckIn.objects.bulk_create(
            CheckIn(patient=person, date=today - datetime.timedelta(days=n), **values()) for n in range(40)
        )
    leaving.delete()  # commits: a trigger re-creating their rows would break the foreign key here
    assert not WeekTotals.objects.filter(patient_id=leaving.pk).exists()
    assert not HistoryTotals.objects.filter(patient_id=leaving.pk).exists()
    assert_in_step(staying)


def test_the_newest_migration_installs_exactly_the_triggers_the_code_writes_today():
    """Migrations freeze everything they install: the sums, each value's SQL
    (its thresholds, such as SHORT_SLEEP_HOURS), the day numbering and the
    columns watched. A change to any of them fails here until a migration
    installs the new triggers and recomputes the stored rows."""
    import importlib

    from checkin.insights import totals_sql
    from checkin.insights.totals import SUMS, VALUE_SQL, WEEK_SUMS

    newest = importlib.import_module("checkin.migrations.0013_bad_day_check_ins").TRIGGERS_0013
    assert newest.sums == SUMS
    assert newest.tables["checkin_weektotals"][1] == ("weekdays", *WEEK_SUMS)
    assert newest.value_sql == VALUE_SQL
    assert (newest.day_sql, newest.watched) == (totals_sql.DAY, totals_sql.WATCHED)
    today = totals_sql.Triggers()
    for vendor in ("postgresql", "sqlite"):
        assert newest.create(vendor) == today.create(vendor) and newest.backfill(vendor) == today.backfill(vendor)


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_in_the_weeks_of_check_ins_stored_before_it(make_user, today):
    patient = make_user("before@example.com")
    call_command("migrate", "checkin", "0003", verbosity=0)
    try:
        # The check-in as it was at 0003 (later columns do not exist yet).
        old = MigrationExecutor(connection).loader.project_state(("checkin", "0003_logout_everywhere")).apps
        OldCheckIn = old.get_model("checkin", "CheckIn")
        OldCheckIn.objects.bulk_create(
            OldCheckIn(patient_id=patient.pk, date=today - datetime.timedelta(days=3 * n), **values(pain=n % 11))
            for n in range(50)
        )
    finally:
        call_command("migrate", "checkin", verbosity=0)
    assert len(stored_weeks(patient)) > 15
    assert_in_step(patient)


@pytest.mark.django_db(transaction=True)
def test_two_days_of_one_week_saved_at_the_same_moment_both_count(make_user):
    # The second save starts while the first one's transaction is still
    # open: adding to the totals (not recomputing them from what each
    # transaction can see) means neither day is lost.
    require_postgresql()
    patient = make_user("racing@example.com")
    monday = datetime.date(2025, 3, 3)
    first_saved = threading.Event()

    def first():
        with transaction.atomic():
            CheckIn.objects.create(patient=patient, date=monday, **values(pain=2))
            first_saved.set()
            time.sleep(0.3)  # still open while the second one saves

    def second():
        assert first_saved.wait(10)
        with transaction.atomic():
            CheckIn.objects.create(patient=patient, date=monday + datetime.timedelta(days=1), **values(pain=7))

    connection.close()
    _, errors = run_together(first, second)
    assert errors == []
    week = WeekTotals.objects.get(patient=patient, week=week_number(monday))
    assert (week.n, week.pain) == (2, 9)
    assert (stored_history(patient).n, stored_history(patient).pain) == (2, 9)
    assert_in_step(patient)
