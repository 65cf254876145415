"""Safety signals (signals.py) in words for people: one wording for the
screens, the printed report and the exports, so that none says it softer."""

from checkin.domain import triage
from checkin.safety import signals

LEVEL_WORDS = {signals.EMERGENCY: "Emergency", signals.URGENT: "Today", signals.SOON: "This week"}
SIGNAL_WORDS = {
    signals.SELF_HARM: "thoughts of being better off dead or of self-harm",
    signals.SEVERE_PHQ9: "PHQ-9 in the severe range",
    signals.SEVERE_GAD7: "GAD-7 in the severe range",
    signals.LOW_MOOD: "mood 0 or 1 on 2 of 3 check-ins in a row",
}
# The safety card after thoughts of self-harm (PHQ-9 item 9, or the check-in's
# own question, above "Not at all"): the server's card and the phone's
# offline copy both show exactly these words, the Call button after ``words``.
SELF_HARM_ADVICE = triage.Advice(
    "Emergency",
    "Please read this first",
    "You told Mend about thoughts of being better off dead or of hurting yourself. "
    "If you might act on them now, or have hurt yourself, call now.",
    "Thank you for telling Mend. You do not have to carry this alone: please talk to someone today.",
)

# PHQ-9 item 9's answers, as the questionnaire gives them.
ITEM9_ANSWERS = ("Not at all", "Several days", "More than half the days", "Nearly every day")


def level_words(level: str) -> str:
    """ "Emergency", "Today" or "This week": the level, never softer (unknown: Emergency)."""
    return LEVEL_WORDS.get(level, LEVEL_WORDS[signals.EMERGENCY])


def describe(signal: signals.Signal) -> str:
    """What the signal is, with its figure: "PHQ-9 in the severe range (highest 22)"."""
    if signal.is_warning_sign:
        return triage.words_of(signal.key)
    words = SIGNAL_WORDS[signal.key]
    if signal.key == signals.SELF_HARM and signal.detail is not None:
        return f"{words} (PHQ-9 item 9: “{ITEM9_ANSWERS[signal.detail]}”)"
    if signal.key == signals.SELF_HARM:
        return f"{words} (PHQ-9 item 9 above “Not at all”)"
    if signal.detail is not None:
        return f"{words} (highest {signal.detail})"
    return words


def as_data(signal: signals.Signal) -> dict:
    """One signal as plain JSON-friendly data, for the exports."""
    return {
        "signal": signal.key,
        "level": signal.level,
        "words": describe(signal),
        "days": signal.days,
        "first": signal.first.isoformat(),
        "last": signal.last.isoformat(),
        "detail": signal.detail,
    }
