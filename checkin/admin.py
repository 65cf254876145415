"""The Django admin, one module per area: accounts, guidance (sources, pages
and pattern rules), questionnaire schedules, crisis lines and clinic teams. Check-ins,
notes, questionnaire responses, safety plans and shares are deliberately not
registered: health data is not browsable in /admin/."""

from checkin.accounts import admin as accounts_admin  # noqa: F401  (registers User)
from checkin.guidance import admin as guidance_admin  # noqa: F401  (registers Source, GuidancePage, PatternRule)
from checkin.questionnaires import admin as questionnaires_admin  # noqa: F401  (registers QuestionnaireSchedule)
from checkin.safety import admin as safety_admin  # noqa: F401  (registers CrisisLine)
from checkin.sharing import admin as sharing_admin  # noqa: F401  (registers Team)
