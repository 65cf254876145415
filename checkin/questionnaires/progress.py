"""What a patient's scores say over time: latest, change, patterns, chart shapes. Pure: no Django.

Responses are read through a small protocol (``instrument``, ``date``,
``score_value``, ``band``, ``self_harm``), which stored responses have.
"""

import datetime
from dataclasses import dataclass, field

from checkin.core.charts import Plot, runs
from checkin.domain.instruments import INSTRUMENTS, Instrument, answers_in_words, change, points_in_words

# What the patterns link: a PHQ-9 at or above this, or risen by its
# meaningful change, points to the pages on low mood and on talking to a
# professional; a PEG risen by its meaningful change, to flare-ups and activity.
PHQ9_HIGH = 10
LOW_MOOD_PAGES = ("pain-mood-cycle", "cbt-and-counselling")
PAIN_RISE_PAGES = ("flare-up", "staying-active")


@dataclass(frozen=True)
class Progress:
    """One instrument's responses: the latest, and how it moved."""

    instrument: Instrument
    responses: tuple  # oldest first
    since_first: dict | None
    since_previous: dict | None

    @property
    def latest(self):
        return self.responses[-1]

    @property
    def first(self):
        return self.responses[0]

    @property
    def previous(self):
        return self.responses[-2] if len(self.responses) > 1 else None

    @property
    def latest_answers(self) -> list[tuple[str, int | None, str]]:
        """The latest response item by item (instruments.answers_in_words)."""
        return answers_in_words(self.instrument, self.latest.answers or {})

    @property
    def flagged(self) -> bool:
        """A meaningful change since the first or the previous response."""
        return any(moved and moved["meaningful"] for moved in (self.since_first, self.since_previous))


def progress(responses) -> list[Progress]:
    """One Progress per instrument answered, in the instruments' order."""
    by_slug: dict[str, list] = {}
    for response in sorted(responses, key=lambda r: r.date):
        by_slug.setdefault(response.instrument, []).append(response)
    result = []
    for slug, instrument in INSTRUMENTS.items():
        answered = by_slug.get(slug)
        if not answered:
            continue
        first, latest = answered[0], answered[-1]
        previous = answered[-2] if len(answered) > 1 else None
        result.append(
            Progress(
                instrument,
                tuple(answered),
                change(instrument, first.score_value, latest.score_value) if previous else None,
                change(instrument, previous.score_value, latest.score_value) if previous else None,
            )
        )
    return result


@dataclass(frozen=True)
class ScoreFinding:
    """A pattern in the scores, in plain words, with the guidance it links."""

    key: str
    title: str
    words: str
    pages: tuple[str, ...] = field(default=())


def findings(progresses: list[Progress]) -> list[ScoreFinding]:
    """The patterns the latest scores show (see the constants above)."""
    found = []
    by_slug = {p.instrument.slug: p for p in progresses}
    phq9 = by_slug.get("phq9")
    if phq9:
        rise = phq9.since_previous if phq9.since_previous and phq9.since_previous["by"] > 0 else None
        if rise and rise["meaningful"]:
            words = f"The PHQ-9 score rose by {points_in_words(rise['by'])}, to {phq9.latest.score_value}."
        elif phq9.latest.score_value >= PHQ9_HIGH:
            words = f"The latest PHQ-9 score is {phq9.latest.score_value} ({phq9.latest.band})."
        else:
            words = ""
        if words:
            found.append(
                ScoreFinding(
                    "phq9_high",
                    "Your mood questionnaire",
                    words + " Talking with a professional about how you feel can help.",
                    LOW_MOOD_PAGES,
                )
            )
    peg = by_slug.get("peg")
    if peg and peg.since_previous and peg.since_previous["by"] > 0 and peg.since_previous["meaningful"]:
        found.append(
            ScoreFinding(
                "peg_rise",
                "Pain getting in the way more",
                f"The PEG score rose by {points_in_words(peg.since_previous['by'])} since the last one, "
                f"to {peg.latest.score_value}.",
                PAIN_RISE_PAGES,
            )
        )
    return found


# The chart's drawing area, in SVG user units: about a phone's width, so its
# text is drawn near its stated size there (the SVG scales to its box; at
# 320 px its 15-unit text is still over 12 px).
WIDTH, HEIGHT, LEFT, BOTTOM = 360, 190, 28, 22


def chart(p: Progress, start: datetime.date, end: datetime.date, pain=()) -> dict:
    """Shapes for one instrument's SVG chart over ``start``..``end``: band
    stripes, the meaningful-change zone around the first score, the scores as
    a line of dots, and (for the PEG, on the same 0-10 scale) daily pain."""
    instrument = p.instrument
    span = max((end - start).days, 1)
    plot = Plot(LEFT, 8, WIDTH - LEFT - 8, HEIGHT - BOTTOM - 8, instrument.high)

    def x(day):
        return plot.x((day - start).days / span)

    y = plot.y

    tops = [b.low for b in instrument.bands[1:]] + [instrument.high]
    bands = [
        {"name": b.name, "y": y(top), "height": round(y(b.low) - y(top), 1), "mid": y((b.low + top) / 2), "n": n}
        for n, (b, top) in enumerate(zip(instrument.bands, tops))
    ]
    shown = [r for r in p.responses if start <= r.date <= end]
    dots = [
        {"x": x(r.date), "y": y(r.score_value), "date": r.date, "value": r.score_value, "band": r.band} for r in shown
    ]
    zone = None
    if instrument.meaningful_change and shown:
        first = float(shown[0].score_value)
        low, high = (
            max(first - instrument.meaningful_change, 0),
            min(first + instrument.meaningful_change, instrument.high),
        )
        zone = {"y": y(high), "height": round(y(low) - y(high), 1), "size": instrument.meaningful_change}
    pain_line = " ".join(runs([(x(day), y(value)) for day, value in pain if start <= day <= end]))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - 8,
        "plot_width": plot.width,
        "bands": bands,
        "dots": dots,
        "line": " ".join(runs([(d["x"], d["y"]) for d in dots])),
        "zone": zone,
        "pain": pain_line,
        "ticks": [{"y": y(v), "value": v} for v in sorted({0, instrument.high, *(b.low for b in instrument.bands)})],
        "start": start,
        "end": end,
    }
