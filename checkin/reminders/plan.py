"""Keeping each patient's next reminder moment (``Reminder.next_at``) right.

It changes when the patient saves their settings, checks in (a day with a
check-in needs no reminder), or is reminded; send_reminders then finds the
due ones with one indexed query.
"""

from django.db.models import Max
from django.utils import timezone

from checkin.core import derived
from checkin.core.derived import after_commit
from checkin.models import CheckIn, Reminder
from checkin.reminders.schedule import next_reminder

_READ = object()


def plan(reminder: Reminder, now=None, last=_READ) -> None:
    """Sets ``reminder.next_at`` (not saved) from its settings and the
    patient's check-ins (``last``: their last check-in's day, read when not given)."""
    if not (reminder.push or reminder.email):
        reminder.next_at = None  # a time without a way to remind is no reminder
        return
    patient = reminder.patient
    if last is _READ:
        last = CheckIn.objects.filter(patient=patient).aggregate(day=Max("date"))["day"]
    done = max(filter(None, (last, reminder.reminded_on)), default=None)
    reminder.next_at = next_reminder(
        now or timezone.now(), patient.zone, reminder.time, reminder.days, reminder.paused_until, done
    )


def replan(patient_id: int) -> None:
    """After a check-in: the patient's next reminder again, if they have reminders."""
    reminder = Reminder.objects.select_related("patient").filter(patient_id=patient_id).first()
    if reminder is not None:
        plan(reminder)
        Reminder.objects.filter(pk=reminder.pk).update(next_at=reminder.next_at)


def replan_all() -> None:
    """Every reminder's next moment again (``manage.py repair_derived``), in
    two queries and one batched update however many."""
    last = dict(CheckIn.objects.values("patient_id").annotate(day=Max("date")).values_list("patient_id", "day"))
    reminders = list(Reminder.objects.select_related("patient"))
    now = timezone.now()
    for reminder in reminders:
        plan(reminder, now, last=last.get(reminder.patient_id))
    Reminder.objects.bulk_update(reminders, ["next_at"], batch_size=500)


def _checkin_saved(sender, instance, origin=None, **kwargs):
    from django.contrib.auth import get_user_model

    if not isinstance(origin, get_user_model()):
        after_commit("reminder plan", replan, instance.patient_id, instance.date)


def connect() -> None:
    """Called once when Django starts (checkin/apps.py)."""
    from django.db.models.signals import post_delete, post_save

    derived.register("reminder plan", lambda patient_id: replan(patient_id))
    post_save.connect(_checkin_saved, sender=CheckIn, dispatch_uid="reminders.checkin_saved")
    post_delete.connect(_checkin_saved, sender=CheckIn, dispatch_uid="reminders.checkin_deleted")
