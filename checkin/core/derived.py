"""Derived data, worked out after the patient's own write has committed.

A check-in, a questionnaire or a share commits on its own. What is derived
from it (the clinicians' summaries, the next reminder) is worked out once
that commit is done, outside it, so that a bug or a lock timeout in
bookkeeping never costs the patient's answer. A step that fails is logged
with the patient, the day and the step; ``manage.py repair_derived`` (safe
on every server, at any time) works every derived row out again.

The feature areas that keep derived rows register their steps when Django
starts (``register``); a write that sends no model signal (a queued
update, ``QuerySet.update()``) calls ``patient_changed``, so that the shared
layer never imports a feature.
"""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger("mend.derived")

# step name -> work(patient_id), registered by the areas at start-up.
STEPS: dict[str, Callable[[int], None]] = {}


def register(step: str, work: Callable[[int], None]) -> None:
    """``work(patient_id)`` runs after any change to that patient's answers."""
    STEPS[step] = work


def patient_changed(patient_id: int, day=None) -> None:
    """Every registered step, for one patient, after the current transaction commits."""
    for step, work in STEPS.items():
        after_commit(step, work, patient_id, day)


def after_commit(step: str, work: Callable[[int], None], patient_id: int, day=None) -> None:
    """Runs ``work(patient_id)`` once the current transaction commits (at
    once outside one); a failure is logged, never raised."""

    def run():
        try:
            work(patient_id)
        except Exception:
            logger.exception(
                "Derived step %r failed for patient %s (day %s); manage.py repair_derived works it out again",
                step,
                patient_id,
                day,
            )

    transaction.on_commit(run)
