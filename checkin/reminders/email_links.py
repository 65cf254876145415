"""One-click unsubscribe from reminder emails: a signed token stands in for
logging in, and reaches that one setting only."""

from django.core import signing

SALT = "mend.reminders.unsubscribe"


def unsubscribe_token(patient) -> str:
    """The token in a patient's unsubscribe link."""
    return signing.dumps(patient.pk, salt=SALT)


def unsubscribing_patient_id(value: str) -> int:
    """The patient a token names; ``signing.BadSignature`` for one Mend did not sign."""
    return signing.loads(value, salt=SALT)
