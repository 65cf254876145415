"""The Django admin, one module per area: accounts, and guidance (sources,
pages and pattern rules). Check-ins, notes and shares are deliberately not
registered: health data is not browsable in /admin/."""

from checkin.accounts import admin as accounts_admin  # noqa: F401  (registers User)
from checkin.guidance import admin as guidance_admin  # noqa: F401  (registers Source, GuidancePage, PatternRule)
from checkin.safety import admin as safety_admin  # noqa: F401  (registers CrisisLine)
