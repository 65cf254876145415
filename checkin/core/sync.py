"""Storing a check-in (or a questionnaire response, or a medicine) that a phone sends later, exactly once.

A check-in made offline waits in the phone's queue under a `client_uuid` and
may be sent more than once (a lost response, a replay on the next start). Two
phones may also each send one for the same day. The rules:

- The same `client_uuid` again: nothing changes; the stored row is the answer.
  That holds after the row was deleted too: its replay is "already stored"
  and brings nothing back.
- A new `client_uuid` for a day the patient deleted after these answers were
  edited: nothing is stored; the answer is "deleted" (a deletion wins over
  older edits), and the phone drops its copy.
- A new `client_uuid` for a day that has no row (never had one, or was
  deleted before these answers were edited): the row is created.
- A new `client_uuid` for a day that already has one: the answers edited later
  (by `updated_at`) win. The winner's uuid becomes the row's uuid, so that
  replaying either request afterwards gives the same answer again.

`CheckIn.updated_at` is when the answers were last edited. For a check-in from
the queue that is the phone's own time, not the time it arrived; a phone clock
ahead of the server's counts as "now", so a wrong clock cannot win for ever.
"""

import datetime
import enum
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import salted_hmac

from checkin.core.derived import patient_changed
from checkin.models import CheckIn, DeletedCheckIn


class Outcome(enum.StrEnum):
    CREATED = "created"  # a new row for the day
    ALREADY_STORED = "already_stored"  # this client_uuid was stored before (and may have been deleted since)
    DELETED = "deleted"  # the day was deleted after these answers were edited: nothing stored
    UPDATED = "updated"  # the day had a row; these answers were newer and replaced it
    KEPT_NEWER = "kept_newer"  # the day had a row with newer answers; it was kept


class UuidTaken(Exception):
    """The client_uuid belongs to another person's check-in."""


def store_client_checkin(
    patient, day: datetime.date, values: dict, client_uuid: uuid.UUID, edited_at: datetime.datetime | None = None
) -> tuple[CheckIn | None, Outcome]:
    """Store one queued check-in following the rules above; returns (row, outcome).

    The row is the one the day now holds, or None when there is none: the
    replay of a deleted row, or answers a deletion superseded.
    """
    return store_client_row(CheckIn, patient, {"date": day}, values, client_uuid, edited_at, DeletedCheckIn)


def store_client_row(model, patient, key: dict, values: dict, client_uuid, edited_at=None, tombstones=None):
    """The rules above for any kind of row a phone queues (check-ins, questionnaire
    responses): ``key`` picks the patient's one row it replaces (``{"date": day}``),
    ``tombstones`` is the model remembering deleted rows, if the kind has one.

    Safe when two requests race: the one that loses on a unique constraint
    (same uuid, or same patient and key) retries once and then sees the row
    the other one stored.
    """
    now = timezone.now()
    edited_at = min(edited_at or now, now)

    def attempt():
        with transaction.atomic():
            return _store(model, tombstones, patient, key, values, client_uuid, edited_at)

    try:
        row, outcome = attempt()
    except IntegrityError:  # lost a race on a unique constraint: the winner's row is there now
        row, outcome = attempt()
    if outcome == Outcome.UPDATED:
        # update() sends no post_save: the derived rows must still know.
        patient_changed(patient.pk, key.get("date"))
    return row, outcome


def store_client_item(model, patient, values: dict, client_uuid, edited_at=None, tombstones=None):
    """A queued item that is a thing of its own (a medicine), not one day's
    answers: created once under its ``client_uuid``; sent again, or after it
    was deleted, it is "already stored" and nothing changes. Returns (row or
    None, outcome); safe when two requests race, as ``store_client_row``."""
    edited_at = min(edited_at or timezone.now(), timezone.now())

    def attempt():
        with transaction.atomic():
            known = _known(model, tombstones, patient, client_uuid)
            if known is not None:
                return known
            return model.objects.create(patient=patient, client_uuid=client_uuid, updated_at=edited_at, **values), (
                Outcome.CREATED
            )

    try:
        return attempt()
    except IntegrityError:  # the same uuid stored by a request racing this one: known now
        return attempt()


def _known(model, tombstones, patient, client_uuid):
    """(row or None, ALREADY_STORED) for a uuid stored or deleted before; None for a new one.
    Raises UuidTaken for another person's uuid."""
    for kind in (model, tombstones):
        same = kind.objects.filter(client_uuid=client_uuid).first() if kind else None
        if same is not None:
            if same.patient_id != patient.pk:
                raise UuidTaken(client_uuid)
            return (same if kind is model else None), Outcome.ALREADY_STORED
    return None


def _store(model, tombstones, patient, key, values, client_uuid, edited_at):
    known = _known(model, tombstones, patient, client_uuid)
    if known is not None:
        return known
    row = model.objects.select_for_update().filter(patient=patient, **key).first()
    if row is None:
        if tombstones:
            last_deleted = tombstones.objects.filter(patient=patient, **key).aggregate(at=Max("deleted_at"))["at"]
            if last_deleted is not None and edited_at <= last_deleted:
                return None, Outcome.DELETED
        row = model.objects.create(patient=patient, client_uuid=client_uuid, **key, **values)
        _set_edited_at(row, edited_at)
        return row, Outcome.CREATED
    if edited_at <= row.updated_at:
        return row, Outcome.KEPT_NEWER
    # QuerySet.update() skips auto_now, so updated_at keeps the phone's time.
    model.objects.filter(pk=row.pk).update(client_uuid=client_uuid, updated_at=edited_at, **values)
    row.refresh_from_db()
    return row, Outcome.UPDATED


def _set_edited_at(row, edited_at):
    type(row).objects.filter(pk=row.pk).update(updated_at=edited_at)
    row.updated_at = edited_at


def owner_tag(user) -> str:
    """The phone's tag for an account: stable for one account, meaningless to
    anyone without the secret key; '' when logged out. A queued item carries
    it, and is only ever stored for the account that saved it."""
    if not user.is_authenticated:
        return ""
    return salted_hmac("mend.pwa.owner", str(user.pk)).hexdigest()[:24]
