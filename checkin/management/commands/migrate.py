"""Django's migrate, telling Mend's start-up check that it is the one
applying migrations (checkin/web/checks.py)."""

from django.core.management.commands.migrate import Command as MigrateCommand

from checkin.web import checks


class Command(MigrateCommand):
    def execute(self, *args, **options):
        checks.migrating = True
        try:
            return super().execute(*args, **options)
        finally:
            checks.migrating = False
