"""Recovery codes were stored as django-otp stores them, in plain text: from
here on only a keyed hash is kept (checkin/accounts/second_step.py,
recovery_code_digest), so this hashes the codes already there. The rule is
copied here, not imported: a migration must do what it did when written."""

from django.db import migrations
from django.utils.crypto import salted_hmac


def digest(code: str) -> str:
    return salted_hmac("mend.recovery-code", code, algorithm="sha256").hexdigest()[:16]


def hash_codes(apps, schema_editor):
    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.all():
        token.token = digest(token.token)
        token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0017_pending_signups_push_failures"),
        ("otp_static", "0003_add_timestamps"),
    ]

    # Backwards cannot recover the codes: each person makes new ones.
    operations = [migrations.RunPython(hash_codes, migrations.RunPython.noop)]
