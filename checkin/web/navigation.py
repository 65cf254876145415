"""What the site-wide navigation shows, for every template (a context processor).

Patients get the tab bar of their own diary. Clinicians work from their list
of patients, so the tab bar is not theirs; one who also keeps a diary of
their own reaches it from a "My check-ins" menu. Whether they do is asked
only when a clinician's page is drawn.
"""

from django.utils.functional import SimpleLazyObject

from checkin import access


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    clinician = signed_in and user.is_clinician
    return {
        "patient_tabs": signed_in and not clinician,
        "own_diary_menu": SimpleLazyObject(lambda: clinician and access.own_checkins(user).exists()),
    }
