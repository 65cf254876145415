"""Derived data, worked out after the patient's own write has committed.

A check-in, a questionnaire or a share commits on its own. What is derived
from it (the clinicians' summaries, the next reminder) is worked out once
that commit is done, outside it, so that a bug or a lock timeout in
bookkeeping never costs the patient's answer. A step that fails is logged
with the patient, the day and the step; ``manage.py repair_derived`` (safe
on every server, at any time) works every derived row out again.
"""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger("mend.derived")


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
