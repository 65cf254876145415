"""Keeping each patient's summary for the clinicians' lists (``PatientSummary``).

A clinician's list shows each patient's last check-in and latest PHQ-9, and
sorts patients with unseen safety signals first (checkin/safety/signals.py),
then those with an urgent card. Working that out for every patient
on every view of the list is too much for a clinic of thousands, so it is
worked out when a patient's check-ins or questionnaires change (and for
everyone when an admin changes a rule) and kept. The list then joins one row
per patient, and reads only the days of the patients on its page.

Days passing without check-ins only ever end urgent cards and unseen
signals (they slide out of their windows): the stored last days account
for that.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.db.models.signals import post_delete, post_migrate, post_save

from checkin.core import derived
from checkin.core.derived import after_commit
from checkin.insights.cards import cards_for, lookback_days, window_of
from checkin.insights.patterns import SAFETY_DETECTORS
from checkin.insights.rules import load_rules
from checkin.models import CheckIn, PatientSummary, PatternRule, QuestionnaireResponse, Severity, Share, SignalReview
from checkin.safety import reading, signals


def urgent_rules() -> dict:
    """The rules an admin made urgent, and the safety ones, which always are."""
    return {
        key: rule for key, rule in load_rules().items() if rule.severity == Severity.URGENT or key in SAFETY_DETECTORS
    }


def pattern_rules() -> dict:
    """The urgent rules that are not safety signals (those are kept until seen: safety/signals.py)."""
    return {key: rule for key, rule in urgent_rules().items() if key not in SAFETY_DETECTORS}


def urgent_until(days: list, today: datetime.date, rules: dict) -> datetime.date | None:
    """The last day any urgent card found in ``days`` stays on: the day its
    evidence ends plus its detector's window, less one."""
    ends = [
        card.finding.end + datetime.timedelta(days=window_of(card.detector, rules) - 1)
        for card in cards_for(days, today, rules)
        if card.severity == Severity.URGENT
    ]
    return max(ends, default=None)


def refresh(patient_id: int) -> None:
    """Works out one patient's summary again, if they share with anyone: the
    lists show only sharing patients, and a share that starts, comes back or
    changes refreshes its patient (so a check-in by someone who shares with
    nobody costs one query here, not five)."""
    share = Share.objects.active().filter(patient_id=patient_id).select_related("patient").first()
    if share is not None:
        refresh_many({patient_id: share.patient})


def refresh_all() -> None:
    """Every sharing patient's summary again (an admin changed a rule)."""
    refresh_many({share.patient_id: share.patient for share in Share.objects.active().select_related("patient")})


def refresh_missing(apps=None, **kwargs) -> None:
    """Sharing patients without a summary get one (after ``migrate``: data from
    before summaries existed). Not when migrating back to before summaries."""
    if apps is not None and "patientsummary" not in apps.all_models["checkin"]:
        return
    missing = Share.objects.active().filter(patient__summary__isnull=True).select_related("patient")
    refresh_many({share.patient_id: share.patient for share in missing})


def refresh_many(patients: dict) -> None:
    """The summaries of ``patients`` ({id: User}) again, in seven queries however many."""
    if not patients:
        return
    ids = list(patients)
    rules = pattern_rules()
    today = max(p.today() for p in patients.values())
    earliest = min(p.today() for p in patients.values())
    since = min(earliest - datetime.timedelta(days=lookback_days(rules)), reading.recent_window(earliest))
    mine = CheckIn.objects.filter(patient_id__in=ids)
    answers = QuestionnaireResponse.objects.filter(patient_id__in=ids)
    recent = mine.filter(date__gt=since).days_by_patient()
    found = reading.read_many(mine, answers, since, today)
    reviews = reading.latest_reviews(ids)
    last = dict(mine.values("patient_id").annotate(last=Max("date")).values_list("patient_id", "last"))
    # The latest of each, by day: later rows overwrite earlier ones.
    phq9 = {pid: (band, score) for pid, band, score in _by_day(answers, "phq9", "band", "score")}
    peg = {pid: score for pid, score in _by_day(answers, "peg", "score")}
    rows = []
    for patient_id, patient in patients.items():
        today = patient.today()
        phq9_band, phq9_score = phq9.get(patient_id, ("", None))
        days = [d for d in recent.get(patient_id, []) if d.date <= today]
        review = reviews.get(patient_id)
        unseen = signals.unseen(found.get(patient_id, []), review and review.seen_through, today)
        rows.append(
            PatientSummary(
                patient_id=patient_id,
                last_checkin=last.get(patient_id),
                urgent_until=urgent_until(days, today, rules),
                phq9_band=phq9_band,
                phq9_score=phq9_score,
                peg_score=peg.get(patient_id),
                signal_level=signals.most_serious(unseen) or "",
                signal_last=max((s.last for s in unseen), default=None),
            )
        )
    # One statement (batched) whether the rows exist or not.
    PatientSummary.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["patient"],
        update_fields=[
            "last_checkin",
            "urgent_until",
            "phq9_band",
            "phq9_score",
            "peg_score",
            "signal_level",
            "signal_last",
        ],
    )


def _by_day(answers, instrument: str, *fields):
    return answers.filter(instrument=instrument).order_by("date").values_list("patient_id", *fields)


def _patient_data_changed(sender, instance, origin=None, **kwargs):
    # A check-in, a questionnaire, a share or a review of the patient's changed:
    # worked out after it commits. Deleting the whole account deletes the
    # summary with it: nothing to work out.
    if not isinstance(origin, get_user_model()):
        after_commit("clinicians' summary", refresh, instance.patient_id, getattr(instance, "date", None))


def _rule_changed(sender, instance, **kwargs):
    refresh_all()


def connect(app_config) -> None:
    """Called once when Django starts (checkin/apps.py). Updates made with
    ``QuerySet.update()`` send no signal: checkin/core/sync.py calls
    ``derived.patient_changed`` instead, which runs the step registered here."""
    post_migrate.connect(refresh_missing, sender=app_config, dispatch_uid="summaries.after_migrate")
    derived.register("clinicians' summary", lambda patient_id: refresh(patient_id))
    for model in (CheckIn, QuestionnaireResponse):
        post_save.connect(_patient_data_changed, sender=model, dispatch_uid=f"summaries.{model.__name__}.saved")
        post_delete.connect(_patient_data_changed, sender=model, dispatch_uid=f"summaries.{model.__name__}.deleted")
    post_save.connect(_patient_data_changed, sender=Share, dispatch_uid="summaries.share_saved")
    post_save.connect(_patient_data_changed, sender=SignalReview, dispatch_uid="summaries.review_saved")
    post_save.connect(_rule_changed, sender=PatternRule, dispatch_uid="summaries.rule_saved")
