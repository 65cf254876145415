"""The one place that answers "may this user see this patient's data?".

Every read of check-ins goes through a function here. Anything a user may not
see raises Http404, so that a stranger cannot even learn that it exists.
"""

import datetime

from django.http import Http404

from checkin.models import CheckIn, User


def can_view_patient(viewer: User, patient: User) -> bool:
    """A patient sees their own data. (Clinician shares extend this rule.)"""
    return viewer.is_authenticated and viewer.pk == patient.pk


def checkins_of(viewer: User, patient: User):
    """The patient's check-ins, if the viewer may see them; 404 otherwise."""
    if not can_view_patient(viewer, patient):
        raise Http404("No such patient")
    return CheckIn.objects.filter(patient=patient)


def own_checkins(viewer: User):
    """The signed-in patient's own check-ins."""
    return checkins_of(viewer, viewer)


def own_checkin_on(viewer: User, day: datetime.date) -> CheckIn | None:
    """The viewer's own check-in for one day, or None when there is none yet."""
    return own_checkins(viewer).filter(date=day).first()
