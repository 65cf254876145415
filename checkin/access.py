"""The one place that answers "may this user see this patient's data?".

Every read of check-ins goes through a function here. Anything a user may not
see raises Http404, so that a stranger cannot even learn that it exists.

The rules:
* a patient sees their own data, and manages their own shares;
* a clinician (``is_clinician``, set only by an admin) sees a patient only
  through an *active* share of theirs (redeemed, not revoked, not past its
  end), or of a team they are in now (``seen_by``). Each check is made on
  every request, so a share stops working the moment it is revoked or ends,
  and a team's the moment the clinician leaves the team;
* a clinician sees notes only when the share includes them;
* staff status gives nothing here: admins are not clinicians.
"""

import datetime
import uuid
from collections.abc import Callable
from typing import NamedTuple

from django.db.models import Avg, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from checkin.models import (
    AccessLog,
    Assignment,
    CheckIn,
    Dose,
    DoseEffect,
    HistoryTotals,
    Medicine,
    QuestionnaireResponse,
    Reminder,
    SafetyPlan,
    Share,
    User,
    WeekTotals,
)
from checkin.models.sharing import seen_by


def own_checkins(viewer: User):
    """The signed-in patient's own check-ins; 404 for anyone not signed in."""
    if not viewer.is_authenticated:
        raise Http404("Not signed in")
    return CheckIn.objects.filter(patient=viewer)


def own_responses(viewer: User):
    """The signed-in patient's own questionnaire responses; 404 for anyone not signed in."""
    own_checkins(viewer)  # the same check
    return QuestionnaireResponse.objects.filter(patient=viewer)


class StoredTotals(NamedTuple):
    """One patient's totals kept by the database from their check-ins
    (``WeekTotals`` and ``HistoryTotals`` querysets), for the trends page's "all"."""

    weeks: QuerySet
    history: QuerySet

    @classmethod
    def of(cls, patient_id) -> "StoredTotals":
        return cls(
            weeks=WeekTotals.objects.filter(patient_id=patient_id),
            history=HistoryTotals.objects.filter(patient_id=patient_id),
        )


def own_stored_totals(viewer: User) -> StoredTotals:
    """The signed-in patient's stored totals."""
    own_checkins(viewer)  # the same check: 404 unless signed in
    return StoredTotals.of(viewer.pk)


def own_checkin_on(viewer: User, day: datetime.date) -> CheckIn | None:
    """The viewer's own check-in for one day, or None when there is none yet."""
    return own_checkins(viewer).filter(date=day).first()


# --- the patient's own shares ------------------------------------------------


def own_requests(viewer: User):
    """The questionnaires clinicians asked the signed-in patient to answer:
    still open, through shares still active."""
    own_checkins(viewer)  # the same check: 404 unless signed in
    return (
        Assignment.objects.open()
        .filter(share__in=Share.objects.active().filter(patient=viewer))
        .select_related("asked_by", "share__team")
    )


def shared_requests(viewer: User, share: Share):
    """The questionnaires asked of the patient through an opened share, newest first."""
    if not (viewer.is_authenticated and share.is_seen_by(viewer)):
        raise Http404("No such share")
    return Assignment.objects.filter(share=share).select_related("asked_by")


def own_reminder(viewer: User) -> Reminder:
    """The signed-in patient's reminder settings, or new unsaved ones."""
    own_checkins(viewer)  # the same check: 404 for anyone not signed in
    return Reminder.objects.filter(patient=viewer).first() or Reminder(patient=viewer)


def own_shares(viewer: User):
    """The signed-in patient's invitations and shares (any state)."""
    return Share.objects.filter(patient=viewer)


def own_share(viewer: User, share_id: uuid.UUID) -> Share:
    """One of the viewer's own shares; 404 for anyone else's."""
    share = own_shares(viewer).select_related("clinician", "team").filter(pk=share_id).first()
    if share is None:
        raise Http404("No such share")
    share.patient = viewer  # the same person: no query for their time zone
    return share


def own_medicines(viewer: User):
    """The signed-in patient's own medicines, stopped ones too."""
    own_checkins(viewer)  # the same check: 404 unless signed in
    return Medicine.objects.filter(patient=viewer)


def own_medicine(viewer: User, medicine_id: int) -> Medicine:
    """One of the signed-in patient's medicines; 404 for anyone else's."""
    return get_object_or_404(own_medicines(viewer), pk=medicine_id)


def own_doses(viewer: User):
    """The doses the signed-in patient logged."""
    own_checkins(viewer)  # the same check: 404 unless signed in
    return Dose.objects.filter(patient=viewer)


def own_dose(viewer: User, dose_id: int) -> Dose:
    """One of the signed-in patient's doses; 404 for anyone else's."""
    return get_object_or_404(own_doses(viewer).select_related("medicine"), pk=dose_id)


def own_dose_effects(viewer: User):
    """The signed-in patient's "did it help?" answers."""
    own_checkins(viewer)  # the same check: 404 unless signed in
    return DoseEffect.objects.filter(patient=viewer)


def own_safety_plan(viewer: User) -> SafetyPlan | None:
    """The signed-in patient's own safety plan, if they have written one."""
    own_checkins(viewer)  # the same check: 404 unless signed in
    return SafetyPlan.objects.filter(patient=viewer).first()


def shared_safety_plan(viewer: User, share: Share) -> SafetyPlan | None:
    """The safety plan of a patient whose opened share includes it; 404 otherwise."""
    if not (viewer.is_authenticated and share.is_seen_by(viewer) and share.include_safety_plan):
        raise Http404("No such share")
    return SafetyPlan.objects.filter(patient_id=share.patient_id).first()


def own_access_log(viewer: User):
    """Every clinician view of the viewer's data, newest first."""
    return AccessLog.objects.filter(patient=viewer).select_related("clinician").order_by("-viewed_at")


# --- clinicians ---------------------------------------------------------------


def require_clinician(viewer: User) -> None:
    """404 unless the viewer is a clinician: the clinician pages do not exist for others."""
    if not (viewer.is_authenticated and viewer.is_clinician):
        raise Http404("Not a clinician")


def shares_with(viewer: User):
    """The clinician's active shares and their teams', with their patients."""
    require_clinician(viewer)
    return Share.objects.active().filter(seen_by(viewer)).select_related("patient", "team")


def with_recent_mean(viewer: User, shares: QuerySet, answer: str, since: datetime.date) -> QuerySet:
    """``shares`` (the viewer's, from ``shares_with``) with each patient's mean
    ``answer`` ("pain", "mood") over their check-ins since ``since`` as
    ``recent_mean``, to sort the list by."""
    require_clinician(viewer)
    days = CheckIn.objects.filter(patient=OuterRef("patient_id"), date__gte=since).order_by().values("patient")
    return shares.annotate(recent_mean=Subquery(days.annotate(mean=Avg(answer)).values("mean")))


def checkins_of_shares(viewer: User, shares) -> "QuerySet":
    """Check-ins (without notes) of the patients of ``shares``, each one the
    clinician's own active share or their team's; 404 if any is not."""
    require_clinician(viewer)
    if not all(share.is_seen_by(viewer) for share in shares):
        raise Http404("No such share")
    return CheckIn.objects.filter(patient_id__in=[share.patient_id for share in shares]).defer("note")


def responses_of_shares(viewer: User, shares) -> "QuerySet":
    """Questionnaire responses of the patients of ``shares``; 404 as ``checkins_of_shares``."""
    checkins_of_shares(viewer, shares)  # the same check
    return QuestionnaireResponse.objects.filter(patient_id__in=[share.patient_id for share in shares])


def note_list_view(viewer: User, shares) -> None:
    """Logs, for each patient whose figures a clinician's list showed, that
    they were seen there: the list is a read of their data too."""
    require_clinician(viewer)
    now = timezone.now()
    AccessLog.objects.bulk_create(
        AccessLog(
            patient_id=share.patient_id,
            clinician=viewer,
            share=share,
            viewed_at=now,
            what="saw you in their list of patients",
        )
        for share in shares
    )


def open_share(viewer: User, share_id: uuid.UUID, what: str | Callable[[Share], str], **includes) -> Share:
    """The clinician's active share ``share_id``, after logging the view; 404 otherwise.

    Opening and logging are one step, so that no clinician page can show a
    patient's data without leaving a row in the patient's "Who viewed my
    data" list. ``what`` says, in the patient's words, what was looked at;
    pass a function of the share when the words depend on it (a report's
    dates are in the patient's calendar). ``includes`` are what the patient
    must have chosen to share for this page (``include_safety_plan=True``):
    without it, the page does not exist for the clinician.
    """
    require_clinician(viewer)
    now = timezone.now()
    share = (
        Share.objects.active(now)
        .filter(seen_by(viewer), pk=share_id, **includes)
        .select_related("patient", "team")
        .first()
    )
    if share is None:
        raise Http404("No such share")
    words = what(share) if callable(what) else what
    AccessLog.objects.create(patient=share.patient, clinician=viewer, share=share, viewed_at=now, what=words[:200])
    Share.objects.filter(pk=share.pk).update(last_viewed_at=now)
    share.last_viewed_at = now
    return share


def shared_checkins(viewer: User, share: Share):
    """The check-ins a clinician may read through an opened share.

    Notes are left out of the query unless the patient chose to include
    them; templates also show notes only when ``share.include_notes``.
    """
    if not (viewer.is_authenticated and share.is_seen_by(viewer)):
        raise Http404("No such share")
    checkins = CheckIn.objects.filter(patient_id=share.patient_id)
    return checkins if share.include_notes else checkins.defer("note")


def shared_responses(viewer: User, share: Share):
    """The questionnaire responses a clinician may read through an opened share."""
    shared_checkins(viewer, share)  # the same check: 404 unless the share is theirs and active
    return QuestionnaireResponse.objects.filter(patient_id=share.patient_id)


def shared_stored_totals(viewer: User, share: Share) -> StoredTotals:
    """The stored totals (derived from check-ins) a clinician may read through an opened share."""
    shared_checkins(viewer, share)  # the same check: 404 unless the share is theirs and active
    return StoredTotals.of(share.patient_id)
