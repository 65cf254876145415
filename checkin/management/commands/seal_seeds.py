"""Seal every authenticator seed under the newest key in MEND_SEED_KEYS.

Run after setting MEND_SEED_KEYS for the first time (it seals seeds kept
before), and after putting a new key first (it reseals everything under it,
after which the older key can leave the list). Safe to run again: a seed
already sealed under the newest key is left alone.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from checkin.models import AuthenticatorApp, seeds


class Command(BaseCommand):
    help = "Seal (or reseal) every authenticator seed under the newest key in MEND_SEED_KEYS."

    def handle(self, *args, **options):
        key_id = seeds.current_key_id()
        if key_id is None:
            raise CommandError("MEND_SEED_KEYS is empty: set it first (the README says how).")
        done = 0
        with transaction.atomic():
            for app in AuthenticatorApp.objects.select_for_update().only("pk", "key"):
                if seeds.needs_sealing(app.key):
                    app.save(update_fields=["key"])
                    done += 1
        self.stdout.write(f"Sealed {done} authenticator seed(s) under key {key_id}.")
