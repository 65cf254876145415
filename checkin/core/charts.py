"""Charts drawn on the server as SVG shapes: the one place that turns values
into SVG user units. ``Plot`` places values in a drawing area and ``runs``
joins them into polylines that break at a missing value; the home page's
sparkline (insights/pages.py), the questionnaire score charts
(questionnaires/progress.py) and the printed report's trend charts (here)
all draw with them.

Pure: returns numbers a template turns into SVG. On paper a chart must be
exactly as wide as its column, whatever the screen was, and must not wait
for a script: a viewBox that scales to its box does both. The screen keeps
its interactive trends charts (static/js/trends.js).
"""

import datetime
import math
from dataclasses import dataclass

from checkin.core.dates import short_date


@dataclass(frozen=True)
class Plot:
    """A drawing area ``width`` x ``height`` at (``left``, ``top``), for values
    from 0 (the bottom) to ``high`` (the top)."""

    left: float
    top: float
    width: float
    height: float
    high: float

    def x(self, fraction: float) -> float:
        """The x of a point ``fraction`` (0 to 1) of the way across."""
        return round(self.left + self.width * fraction, 1)

    def y(self, value) -> float:
        return round(self.top + self.height * (1 - float(value) / self.high), 1)


def runs(points: list, shortest: int = 1) -> list[str]:
    """Polyline point lists ("x,y x,y ..."), one per unbroken run of
    ``points`` ((x, y) pairs; None breaks the line, so a gap is never
    bridged), keeping runs of at least ``shortest`` points."""
    found: list[str] = []
    run: list[str] = []
    for point in [*points, None]:
        if point is None:
            if len(run) >= shortest:
                found.append(" ".join(run))
            run = []
        else:
            run.append(f"{point[0]},{point[1]}")
    return found


# Drawing area in SVG user units; the SVG scales to its column.
WIDTH, LEFT, RIGHT, TOP, BOTTOM = 360, 30, 6, 6, 18


def _axis_top(values: list, at_least: float) -> float:
    """A round top for the y axis: the data's highest value or ``at_least``."""
    top = max([v for v in values if v is not None] + [at_least])
    step = 10 if top > 20 else 5 if top > 10 else 2
    return math.ceil(top / step) * step


def line_chart(
    series: dict, keys: tuple[str, ...], height: int = 120, top: float | None = None, at_least: float = 10
) -> dict:
    """One chart: for each key, the raw values as dots and the key's
    ``<key>_avg`` as a thick line, on a y axis from 0 to ``top`` (10 for
    0-10 scores; else rounded up from the data, at least ``at_least``)."""
    dates = series["dates"]
    count = len(dates)
    if top is None:
        top = _axis_top([v for key in keys for v in series[key]], at_least)
    plot = Plot(LEFT, TOP, WIDTH - LEFT - RIGHT, height - TOP - BOTTOM, top)

    def x(i):
        return plot.x(i / (count - 1) if count > 1 else 0.5)

    y = plot.y
    lines = []
    for key in keys:
        dots = [{"x": x(i), "y": y(v)} for i, v in enumerate(series[key]) if v is not None]
        average = [None if v is None else (x(i), y(v)) for i, v in enumerate(series.get(f"{key}_avg", []))]
        lines.append({"key": key, "dots": dots, "average": runs(average)})
    ticks = [{"y": y(v), "value": f"{v:g}"} for v in (0, top / 2, top)]
    middle = count // 2
    labels = [(0, "start"), (middle, "middle"), (count - 1, "end")] if count > 2 else [(0, "start"), (count - 1, "end")]
    return {
        "width": WIDTH,
        "height": height,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": height - BOTTOM,
        "lines": lines,
        "ticks": ticks,
        "dates": [{"x": x(i), "text": _short(dates[i]), "anchor": anchor} for i, anchor in labels if count],
    }


def _short(iso: str) -> str:
    return short_date(datetime.date.fromisoformat(iso))


def report_charts(series: dict) -> dict:
    """The report's three charts: pain and mood (0-10), sleep (hours), activity
    (minutes); low enough that the safety signals fit above them on one page."""
    return {
        "pain_mood": line_chart(series, ("pain", "mood"), height=130, top=10),
        "sleep": line_chart(series, ("sleep",), height=96, at_least=10),
        "exercise": line_chart(series, ("exercise",), height=96, at_least=60),
    }
