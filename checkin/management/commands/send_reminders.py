"""Send the reminders that are due: one pass, or one every --every seconds."""

import time

from django.core.management.base import BaseCommand

from checkin.reminders import sending


class Command(BaseCommand):
    help = "Send due reminders (web push and email) once; run it every few minutes from cron or a systemd timer."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS", help="keep running, one pass every SECONDS")
        parser.add_argument("--dry-run", action="store_true", help="list who would be reminded; send nothing")

    def handle(self, *args, every=None, dry_run=False, **options):
        while True:
            result = sending.run(dry_run=dry_run)
            if dry_run:
                self.stdout.write(f"{result.due} due: patients {', '.join(map(str, result.claimed)) or 'none'}")
            else:
                self.stdout.write(
                    f"{result.due} due, {len(result.claimed)} reminded, "
                    f"{len(result.failed)} to retry, {result.expired} expired subscriptions removed"
                )
            if not every:
                return
            time.sleep(every)
