"""A start-up warning when the deployment's region has no emergency number:
every Call button would then have nothing to dial (checkin/web/checks.py
says when database checks run)."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from checkin.safety import lines as crisis


@register(Tags.database)
def emergency_number_configured(app_configs=None, databases=None, **kwargs):
    if not databases or "default" not in databases:
        return []
    try:
        everything = crisis.all_lines()
    except DatabaseError:  # not migrated yet: checkin/web/checks.py says so
        return []
    if crisis.emergency_line(everything, crisis.region()):
        return []
    return [
        Warning(
            f"MEND_REGION={crisis.region()} has no emergency number: no Call button has a number to dial.",
            hint="Add the region's emergency number and crisis lines in the admin (Crisis lines), "
            "or set MEND_REGION to a region Mend ships lines for.",
            id="mend.W201",
        )
    ]
