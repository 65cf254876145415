"""The devices a patient's reminders go to: this device's push subscription
is remembered in the session, and logging out removes it."""

from checkin.models import PushSubscription

# This device's subscription, so that logging out here removes it.
SESSION_ENDPOINT = "mend_push_endpoint"


def forget_device(sender, request, user, **kwargs):
    """Logging out removes this device's subscription: the next person on it gets no one else's reminders."""
    endpoint = request.session.get(SESSION_ENDPOINT) if request is not None else None
    if user is not None and endpoint:
        PushSubscription.objects.filter(patient=user, endpoint=endpoint).delete()
