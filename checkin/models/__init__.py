"""Mend's data, one module per area; everything is importable from here
(``checkin.models.CheckIn``), as Django and the migrations expect."""

from checkin.models.accounts import (  # noqa: F401
    TIME_ZONES,
    AccountEvent,
    AuthenticatorApp,
    PendingSignup,
    User,
    UserManager,
    default_time_zone,
    validate_time_zone,
    zone_label,
)
from checkin.models.checkins import (  # noqa: F401
    FIRST_DATE,
    NOTE_MAX_LENGTH,
    CheckIn,
    CheckInQuerySet,
    DeletedCheckIn,
    ExerciseKind,
    HistoryTotals,
    SleepQuality,
    WeekTotals,
    validate_symptoms,
)
from checkin.models.guidance import GuidancePage, PatternRule, Severity, Source, Trust  # noqa: F401
from checkin.models.limits import RateCount  # noqa: F401
from checkin.models.medicines import DeletedDose, DeletedMedicine, Dose, DoseEffect, Medicine  # noqa: F401
from checkin.models.questionnaires import Assignment, QuestionnaireResponse, QuestionnaireSchedule  # noqa: F401
from checkin.models.reminders import PushSubscription, Reminder  # noqa: F401
from checkin.models.safety import CrisisLine, SafetyPlan  # noqa: F401
from checkin.models.sharing import AccessLog, PatientSummary, Share, SignalReview, Team  # noqa: F401
