"""The validated questionnaires, and their scoring. Pure data and functions: no Django.

Item wording is each instrument's own, word for word: a paraphrased
questionnaire is no longer the validated one. The PHQ and GAD scales may be
reproduced without permission (their copyright line is shown with them); the
PEG is in the public domain. Everything around the items is Mend's own words.

Scoring follows the published instructions:
- PEG (Krebs et al., J Gen Intern Med 2009): the mean of its three 0-10
  items, rounded to a whole number (half up) as LOINC's PEG total score
  (91147-9) states it: stored, shown and exported so.
- PHQ-9 (Kroenke, Spitzer & Williams 2001): the sum of nine 0-3 items, 0-27;
  bands at 5, 10, 15 and 20. The "how difficult" question is asked but
  never scored.
- GAD-7 (Spitzer et al. 2006): the sum of seven 0-3 items, 0-21; bands at 5,
  10 and 15.
- PHQ-2 and GAD-2: the first two items of each, 0-6; 3 or more is positive
  (Arroll et al., Ann Fam Med 2010, for the PHQ-2), and the full scale is
  offered straight away.

A meaningful change, each from the study that measured it: PHQ-9 5 points
(Löwe, Unützer, Callahan, Perkins & Kroenke, Med Care 2004;42:1194-1201);
GAD-7 4 points (Toussaint et al., J Affect Disord 2020;265:395-401); PEG
1 point, the low end of the 0.6-1.75 range found by Reed, Stump, Monahan &
Kroenke (J Pain 2024;25(1):142-152).
A response with an item missing is not scored at all: never as if the
missing answer were 0.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PHQ_GAD_COPYRIGHT = (
    "Copyright © Pfizer Inc. All rights reserved. Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, "
    "Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, "
    "translate, display or distribute."
)
PEG_COPYRIGHT = "PEG scale: Krebs EE et al., J Gen Intern Med 2009;24(6):733-738. In the public domain."

HOW_OFTEN = ("Not at all", "Several days", "More than half the days", "Nearly every day")
DIFFICULTY = ("Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult")
PHQ_STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
GAD_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"
DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to do your work, "
    "take care of things at home, or get along with other people?"
)

PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety "
    "or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
GAD7_ITEMS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it's hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)
PEG_ITEMS = (
    "What number best describes your pain on average in the past week?",
    "What number best describes how, during the past week, pain has interfered with your enjoyment of life?",
    "What number best describes how, during the past week, pain has interfered with your general activity?",
)
PEG_ANCHORS = (
    ("No pain", "Pain as bad as you can imagine"),
    ("Does not interfere", "Completely interferes"),
    ("Does not interfere", "Completely interferes"),
)

# The PHQ-9 item that asks about thoughts of death or self-harm: any answer
# above "Not at all" opens the safety card, whatever the total.
SELF_HARM_ITEM = "item9"


@dataclass(frozen=True)
class Band:
    low: int  # the lowest score in the band
    name: str  # "moderately severe"


@dataclass(frozen=True)
class Item:
    name: str  # the form and API field: "item1"
    text: str
    choices: tuple[tuple[int, str], ...]  # (value, words)
    anchors: tuple[str, str] | None = None  # a 0-10 item's words for both ends
    code: str = ""  # its LOINC code


@dataclass(frozen=True)
class Instrument:
    slug: str
    name: str  # "PHQ-9"
    title: str  # what Mend calls it for a patient
    about: str  # one line, Mend's words: what it asks and how long
    stem: str  # the instrument's own instruction above the items
    items: tuple[Item, ...]
    high: int  # the highest possible score
    copyright: str
    version: str  # stored with each response, so a later wording change stays visible
    mean: bool = False  # the PEG: mean of the items; the others: their sum
    bands: tuple[Band, ...] = ()
    meaningful_change: float | None = None
    positive_at: int | None = None  # a screener: at or above this, offer ``steps_up_to`` now
    steps_up_to: str | None = None
    difficulty: bool = False  # the PHQ-9's unscored "how difficult" question
    topic: str = ""  # what its score is about, in a chart's caption
    panel_code: str = ""  # LOINC: the questionnaire ("" when LOINC has none)
    score_code: str = ""  # LOINC: its score ("" when LOINC has none)

    @property
    def is_screener(self) -> bool:
        return self.steps_up_to is not None

    def field_names(self) -> list[str]:
        return [item.name for item in self.items] + (["difficulty"] if self.difficulty else [])


# Each item's LOINC code, in the items' order.
PHQ9_CODES = ("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8")
GAD7_CODES = ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")
PEG_CODES = ("75893-8", "91145-3", "91146-1")
DIFFICULTY_CODE = "69722-7"


def _items(texts, codes, choices) -> tuple[Item, ...]:
    return tuple(
        Item(f"item{number}", text, choices, code=code)
        for number, (text, code) in enumerate(zip(texts, codes), start=1)
    )


def _peg_items() -> tuple[Item, ...]:
    numbers = tuple((value, str(value)) for value in range(11))
    return tuple(
        Item(f"item{number}", text, numbers, anchors, code)
        for number, (text, anchors, code) in enumerate(zip(PEG_ITEMS, PEG_ANCHORS, PEG_CODES), start=1)
    )


FREQUENCY = tuple(enumerate(HOW_OFTEN))
DIFFICULTY_CHOICES = tuple(enumerate(DIFFICULTY))

INSTRUMENTS = {
    i.slug: i
    for i in (
        Instrument(
            "peg",
            "PEG",
            "Pain this past week",
            "3 questions, about a minute.",
            "",
            _peg_items(),
            10,
            PEG_COPYRIGHT,
            "PEG 2009",
            mean=True,
            meaningful_change=1,
            topic="pain and how it gets in the way",
            panel_code="91148-7",
            score_code="91147-9",
        ),
        Instrument(
            "phq2",
            "PHQ-2",
            "Mood: two quick questions",
            "2 questions, under a minute.",
            PHQ_STEM,
            _items(PHQ9_ITEMS[:2], PHQ9_CODES, FREQUENCY),
            6,
            PHQ_GAD_COPYRIGHT,
            "PHQ-2",
            positive_at=3,
            steps_up_to="phq9",
            topic="mood",
            panel_code="55757-9",
            score_code="55758-7",
        ),
        Instrument(
            "phq9",
            "PHQ-9",
            "Mood these past two weeks",
            "9 questions, about two minutes.",
            PHQ_STEM,
            _items(PHQ9_ITEMS, PHQ9_CODES, FREQUENCY),
            27,
            PHQ_GAD_COPYRIGHT,
            "PHQ-9",
            bands=(
                Band(0, "minimal"),
                Band(5, "mild"),
                Band(10, "moderate"),
                Band(15, "moderately severe"),
                Band(20, "severe"),
            ),
            meaningful_change=5,
            difficulty=True,
            topic="mood",
            panel_code="44249-1",
            score_code="44261-6",
        ),
        Instrument(
            "gad2",
            "GAD-2",
            "Worry: two quick questions",
            "2 questions, under a minute.",
            GAD_STEM,
            _items(GAD7_ITEMS[:2], GAD7_CODES, FREQUENCY),
            6,
            PHQ_GAD_COPYRIGHT,
            "GAD-2",
            positive_at=3,
            steps_up_to="gad7",
            topic="worry",
        ),
        Instrument(
            "gad7",
            "GAD-7",
            "Worry these past two weeks",
            "7 questions, about a minute.",
            GAD_STEM,
            _items(GAD7_ITEMS, GAD7_CODES, FREQUENCY),
            21,
            PHQ_GAD_COPYRIGHT,
            "GAD-7",
            bands=(Band(0, "minimal"), Band(5, "mild"), Band(10, "moderate"), Band(15, "severe")),
            meaningful_change=4,
            topic="worry",
            panel_code="69737-5",
            score_code="70274-6",
        ),
    )
}
MOST_ITEMS = max(len(i.items) for i in INSTRUMENTS.values())
# The full scales a screener steps up to, and the screener each one stands in for.
SCREENER_OF = {i.steps_up_to: i.slug for i in INSTRUMENTS.values() if i.is_screener}


@dataclass(frozen=True)
class Score:
    """A scored response: ``value`` is None when an item was left out."""

    value: Decimal | int | None
    band: str = ""
    positive: bool = False  # a screener at or above its cut-off
    self_harm: bool = False  # PHQ-9 item 9 above "Not at all"
    missing: tuple[str, ...] = ()


def answers_in_words(instrument: Instrument, answers: dict) -> list[tuple[str, int | None, str]]:
    """Each question with the answer given, as a clinician reads them item by
    item: (question, value, the answer's words: "Several days", or "7 of 10"
    on a 0-10 item); (question, None, "Not answered") for one left out. The
    PHQ-9's difficulty question comes last."""
    questions = [(item.text, item.choices, item.anchors, answers.get(item.name)) for item in instrument.items]
    if instrument.difficulty:
        questions.append((DIFFICULTY_QUESTION, DIFFICULTY_CHOICES, None, answers.get("difficulty")))
    rows: list[tuple[str, int | None, str]] = []
    for text, choices, anchors, value in questions:
        if value is None:
            words = "Not answered"
        elif anchors:
            words = f"{value} of {choices[-1][0]}"
        else:
            words = dict(choices).get(value, str(value))
        rows.append((text, value, words))
    return rows


def score(instrument: Instrument, answers: dict) -> Score:
    """Scores ``answers`` ({"item1": 0, ...}) as the instrument's instructions say.

    Item 9 is read even when other items are missing: thoughts of self-harm
    count whatever the total, or whether there is one.
    """
    self_harm = instrument.slug == "phq9" and (answers.get(SELF_HARM_ITEM) or 0) > 0
    missing = tuple(item.name for item in instrument.items if answers.get(item.name) is None)
    if missing:
        return Score(None, self_harm=self_harm, missing=missing)
    total = sum(answers[item.name] for item in instrument.items)
    value = (
        (Decimal(total) / len(instrument.items)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        if instrument.mean
        else total
    )
    return Score(value, band_of(instrument, value), score_is_positive(instrument, value), self_harm)


def score_is_positive(instrument: Instrument, value) -> bool:
    """A screener's score at or above its cut-off (never for a full scale)."""
    return instrument.positive_at is not None and value is not None and value >= instrument.positive_at


def band_of(instrument: Instrument, value) -> str:
    """The band a score falls in ("" for instruments without bands)."""
    name = ""
    for band in instrument.bands:
        if value >= band.low:
            name = band.name
    return name


def change(instrument: Instrument, earlier, later) -> dict | None:
    """How far a score moved, and whether the move is at least the
    instrument's meaningful change; None when either score is missing."""
    if earlier is None or later is None:
        return None
    difference = later - earlier
    meaningful = instrument.meaningful_change is not None and abs(difference) >= instrument.meaningful_change
    return {"by": difference, "size": abs(difference), "meaningful": meaningful, "worse": difference > 0}


def meaning(instrument: Instrument, value) -> str:
    """What a score means, in a few words to sit beside it: its band and the
    band's range, or for a screener whether the full questions are worth
    answering. The PEG has no published bands, so it says what the number
    measures instead of inventing one."""
    if value is None:
        return ""
    if instrument.is_screener:
        full = INSTRUMENTS[instrument.steps_up_to or ""]
        if score_is_positive(instrument, value):
            return f"worth answering all {len(full.items)} {full.name} questions"
        return f"below {instrument.positive_at}, no more questions needed"
    if not instrument.bands:
        return "higher means pain gets in the way more"
    lows = [band.low for band in instrument.bands]
    for band, top in zip(instrument.bands, [low - 1 for low in lows[1:]] + [instrument.high]):
        if band.low <= value <= top:
            return f"{band.name} ({band.low}–{top})"
    return ""


def points_in_words(by) -> str:
    """A number of points as its score is written: "1 point", "6 points"."""
    return f"{by:g} point{'' if abs(by) == 1 else 's'}"


def change_in_words(instrument: Instrument, moved: dict | None) -> str:
    """``change()``'s result as a patient reads it: how far, which way, and
    whether that is more than a score's usual ups and downs."""
    if moved is None:
        return ""
    by = moved["by"]
    if by == 0:
        return "the same as last time"
    points = f"{points_in_words(abs(by))} {'higher' if by > 0 else 'lower'} than last time"
    if instrument.meaningful_change is None:
        return points
    if moved["meaningful"]:
        return f"{points}: a meaningful {'worsening' if moved['worse'] else 'improvement'}"
    return (
        f"{points}: within the usual ups and downs (a change of {instrument.meaningful_change:g} or more is meaningful)"
    )
