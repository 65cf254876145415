"""What home shows of the safety signals, beside the warning-sign card (the
red-flag detector): a self-harm answer and severe scores. Pure Python."""

from dataclasses import dataclass
from datetime import date, timedelta

from checkin.safety import signals

# A severe score's card stays this long: "talk to your doctor this week".
SEVERE_CARD_DAYS = 7


@dataclass(frozen=True)
class HomeSignals:
    self_harm_today: bool = False  # the full safety card, before anything else
    self_harm_recent: bool = False  # the quiet "Your safety plan and crisis lines" card
    severe: tuple = ()  # severe-score signals: "talk to your doctor this week"

    def __bool__(self) -> bool:
        return self.self_harm_today or self.self_harm_recent or bool(self.severe)


def home_signals(days: list, measures: list, today: date) -> HomeSignals:
    """Home's safety cards from the patient's recent check-ins and questionnaires."""
    found = signals.collect(days, measures, today - timedelta(days=signals.SELF_HARM_CARD_DAYS - 1), today)
    self_harm = [s for s in found if s.key == signals.SELF_HARM]
    severe = tuple(s for s in found if s.level == signals.SOON and s.last > today - timedelta(days=SEVERE_CARD_DAYS))
    return HomeSignals(
        self_harm_today=any(s.last == today for s in self_harm),
        self_harm_recent=bool(self_harm),
        severe=severe,
    )
