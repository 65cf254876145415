"""Work out every derived row again: the clinicians' summaries and each reminder's next moment."""

from django.core.management.base import BaseCommand

from checkin.reminders.plan import replan_all
from checkin.sharing.summaries import refresh_all


class Command(BaseCommand):
    help = (
        "Work out the clinicians' summaries and the reminders' next moments again, from the patients' own "
        "answers. Safe on every server at any time (run it from cron, say hourly): it only recomputes."
    )

    def handle(self, *args, **options):
        refresh_all()
        replan_all()
        self.stdout.write("Summaries and reminder plans worked out again.")
