"""Warning signs with back pain, triaged the way clinicians triage them.

The one source for their wording and grouping: the check-in's question, the
red-flag card, the help page, the offline page and the clinician's views
all read ``SIGNS``. Pure Python (no Django).

Emergency signs can mean pressure on the nerves at the base of the spine
(cauda equina syndrome), which needs an emergency department at once;
urgent ones need a clinician's advice the same day (NHS: "Back pain - when
to get medical help"; NICE NG59).
"""

from dataclasses import dataclass

EMERGENCY, URGENT = "emergency", "urgent"


@dataclass(frozen=True)
class Sign:
    value: str  # as stored: the API, the exports and the rules use it; never rename
    level: str  # EMERGENCY or URGENT
    question: str  # as the check-in asks it
    words: str  # inside a sentence: "numbness around the bottom, genitals or inner thighs on 3 Dec"


SIGNS = (
    Sign("saddle_numbness", EMERGENCY, "Numbness or pins and needles around your bottom, genitals or inner thighs",
         "numbness around the bottom, genitals or inner thighs"),
    Sign("bladder_bowel", EMERGENCY, "New difficulty passing urine, leaking, or loss of bladder or bowel control",
         "new bladder or bowel trouble"),
    Sign("legs_weak", EMERGENCY, "Weakness or numbness in both legs, or weakness that is getting worse",
         "weakness or numbness in both legs"),
    Sign("fever", URGENT, "A fever, or feeling hot and shivery", "fever"),
    Sign("weight_loss", URGENT, "Weight loss you can't explain", "weight loss with no reason"),
    Sign("night_pain", URGENT, "Pain that is worse at night or doesn't ease when you lie still",
         "pain worse at night or not easing when lying still"),
    Sign("injury", URGENT, "Back pain that started after a fall or injury", "back pain after a fall or injury"),
    Sign("leg_numbness", URGENT, "New numbness or weakness in one leg", "new numbness or weakness in one leg"),
)
# What earlier versions of the check-in asked. Check-ins keep these answers as
# the patient gave them, and they count at the most serious level they could
# have meant (leg or groin numbness might be saddle numbness): never milder.
EARLIER = (
    Sign("numbness", EMERGENCY, "Numbness in the legs, buttocks or groin", "numbness in the legs, buttocks or groin"),
    Sign("weakness", EMERGENCY, "Weakness in the legs", "leg weakness"),
)
BY_VALUE = {sign.value: sign for sign in SIGNS + EARLIER}
LEVELS = (EMERGENCY, URGENT)  # most serious first

# What to do, by level: the card's heading and words.
ADVICE = {
    EMERGENCY: (
        "Go to the emergency department now",
        "These signs with back pain need checking at an emergency department straight away, "
        "even if the pain itself is not bad. Call the emergency number or go now.",
    ),
    URGENT: (
        "Get medical advice today",
        "These signs with back pain need a clinician's advice today: call the urgent care line or your doctor.",
    ),
}


def signs_of(values) -> list[Sign]:
    """The signs behind stored values, most serious first; unknown values are skipped."""
    signs = [BY_VALUE[value] for value in values if value in BY_VALUE]
    return sorted(signs, key=lambda sign: LEVELS.index(sign.level))


def level_of(values) -> str | None:
    """The most serious level among the values: EMERGENCY, URGENT or None."""
    signs = signs_of(values)
    return signs[0].level if signs else None


def question_choices(answered=()) -> list[tuple[str, str]]:
    """The check-in's choices: today's signs, plus any earlier answer this check-in
    already holds, so that editing it never drops what the patient said."""
    earlier = [sign for sign in EARLIER if sign.value in answered]
    return [(sign.value, sign.question) for sign in (*SIGNS, *earlier)]
