"""Warning signs with back pain, triaged the way the NHS and NICE triage them.

The one source for their wording, grouping and advice: the check-in's
question, the advice cards (online and the phone's offline copy), the help
page, the clinician's views, the report and the exports all read ``SIGNS``
and ``ADVICE``. Pure Python (no Django).

Emergency signs can mean pressure on the nerves at the base of the spine
(cauda equina syndrome), a heart problem or a fracture, which need an
emergency department at once; urgent ones need a clinician's advice the same
day. Each row names its sources (``SOURCES``); ``docs/safety-case.md`` lists
them in full.
"""

from dataclasses import dataclass

EMERGENCY, URGENT = "emergency", "urgent"

# The sources a row rests on, by short name.
NHS = "NHS: Back pain - when to get medical help (nhs.uk/conditions/back-pain)"
NG59 = "NICE NG59 Low back pain and sciatica in over 16s, recommendation 1.1.1"
GIRFT = "GIRFT national suspected cauda equina syndrome pathway (2023)"
CES_LEAFLETS = "NHS trust cauda equina leaflets (Royal Free, Chesterfield Royal, Torbay)"
NORTHERN_TRUST = "NHS Northern Health and Social Care Trust: back pain red flags"


@dataclass(frozen=True)
class Sign:
    value: str  # as stored: the API, the exports and the rules use it; never rename
    level: str  # EMERGENCY or URGENT
    question: str  # as the check-in asks it
    words: str  # inside a sentence: "numbness around the bottom, genitals or inner thighs on 3 Dec"
    sources: tuple[str, ...] = ()


SIGNS = (
    Sign(
        "saddle_numbness",
        EMERGENCY,
        "Numbness or pins and needles around your bottom, genitals or inner thighs",
        "numbness around the bottom, genitals or inner thighs",
        (NHS, GIRFT, CES_LEAFLETS),
    ),
    Sign(
        "bladder_bowel",
        EMERGENCY,
        "New difficulty passing urine, leaking, or loss of bladder or bowel control",
        "new bladder or bowel trouble",
        (NHS, GIRFT, CES_LEAFLETS),
    ),
    Sign(
        "both_legs",
        EMERGENCY,
        "Pain, tingling, weakness or numbness in both legs",
        "pain, tingling, weakness or numbness in both legs",
        (NHS, GIRFT),
    ),
    Sign(
        "leg_weakness_worse",
        EMERGENCY,
        "Weakness in one leg that is getting worse",
        "weakness in one leg getting worse",
        (NHS, GIRFT),
    ),
    Sign(
        "sexual_function",
        EMERGENCY,
        "A change in sexual function: erection, ejaculation or feeling in the genitals",
        "a change in sexual function",
        (GIRFT, CES_LEAFLETS),
    ),
    Sign("chest_pain", EMERGENCY, "Chest pain as well as back pain", "chest pain with back pain", (NHS,)),
    Sign(
        "serious_accident",
        EMERGENCY,
        "Back pain that started after a serious accident, such as a car accident",
        "back pain after a serious accident",
        (NHS, NORTHERN_TRUST),
    ),
    Sign("fever", URGENT, "A high temperature, or feeling hot and shivery", "a high temperature", (NHS,)),
    Sign("weight_loss", URGENT, "Weight loss you can't explain", "weight loss with no reason", (NHS,)),
    Sign(
        "night_pain",
        URGENT,
        "Pain that is worse at night or doesn't ease when you lie still",
        "pain worse at night or not easing when lying still",
        (NHS,),
    ),
    Sign(
        "injury",
        URGENT,
        "Back pain that started after a fall or injury",
        "back pain after a fall or injury",
        (NHS, NORTHERN_TRUST),
    ),
    Sign("leg_numbness", URGENT, "New numbness or weakness in one leg", "new numbness or weakness in one leg", (NHS,)),
    Sign(
        "cancer_history",
        URGENT,
        "New back pain when you have had cancer, a weakened immune system, or have used steroids for a long time",
        "new back pain with a history of cancer or low immunity",
        (NG59, NHS),
    ),
    Sign(
        "lump_shape",
        URGENT,
        "A lump or swelling in your back, or your back changing shape",
        "a lump or swelling, or the back changing shape",
        (NHS,),
    ),
    Sign(
        "cough_strain",
        URGENT,
        "Pain that gets worse when you cough, sneeze or strain",
        "pain worse on coughing, sneezing or straining",
        (NHS,),
    ),
    Sign(
        "upper_back",
        URGENT,
        "Pain high in your back, between the shoulder blades",
        "pain between the shoulder blades",
        (NHS,),
    ),
)
# What earlier versions of the check-in asked. Check-ins keep these answers as
# the patient gave them, and they count at the most serious level they could
# have meant (leg or groin numbness might be saddle numbness): never milder.
EARLIER = (
    Sign("numbness", EMERGENCY, "Numbness in the legs, buttocks or groin", "numbness in the legs, buttocks or groin"),
    Sign("weakness", EMERGENCY, "Weakness in the legs", "leg weakness"),
    # Asked "both legs, or getting worse" in one question: it may have been one leg.
    Sign(
        "legs_weak",
        EMERGENCY,
        "Weakness or numbness in both legs, or weakness that is getting worse",
        "weakness or numbness in both legs, or weakness getting worse",
    ),
)
BY_VALUE = {sign.value: sign for sign in SIGNS + EARLIER}
LEVELS = (EMERGENCY, URGENT)  # most serious first


@dataclass(frozen=True)
class Advice:
    """What to do about signs of one level: the online card and the phone's
    offline copy both show exactly these words."""

    label: str  # the level, as the card's badge says it
    heading: str
    words: str
    closing: str  # after the Call buttons


ADVICE = {
    EMERGENCY: Advice(
        "Emergency",
        "Go to the emergency department now",
        "These signs with back pain need checking at an emergency department straight away, "
        "even if the pain itself is not bad. Call the emergency number or go now.",
        "Do not wait to see if it gets better.",
    ),
    URGENT: Advice(
        "Today",
        "Get medical advice today",
        "These signs with back pain need a clinician's advice today.",
        "Call your doctor today, or go to an urgent care or emergency department if you cannot reach them. "
        "If it gets worse, go to an emergency department.",
    ),
}


def signs_of(values) -> list[Sign]:
    """The signs behind stored values, most serious first; unknown values are skipped."""
    signs = [BY_VALUE[value] for value in values if value in BY_VALUE]
    return sorted(signs, key=lambda sign: LEVELS.index(sign.level))


def level_of(values) -> str | None:
    """The most serious level among the values: EMERGENCY, URGENT or None.
    A value this table does not know counts as an emergency: never milder."""
    values = list(values)
    if any(value not in BY_VALUE for value in values):
        return EMERGENCY
    signs = signs_of(values)
    return signs[0].level if signs else None


def words_of(value: str) -> str:
    """A stored value in a clinician's words; an unknown one as it is stored."""
    sign = BY_VALUE.get(value)
    return sign.words if sign else value.replace("_", " ")


def question_choices(answered=()) -> list[tuple[str, str]]:
    """The check-in's choices: today's signs, plus any earlier answer this check-in
    already holds, so that editing it never drops what the patient said."""
    earlier = [sign for sign in EARLIER if sign.value in answered]
    return [(sign.value, sign.question) for sign in (*SIGNS, *earlier)]
