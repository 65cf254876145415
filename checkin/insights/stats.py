"""The statistics behind every trend and pattern, defined once.

Pure Python (no Django). Each statistic is computed from plain sums (the
count, the sum of x, of x squared, of x times y), which is the one
definition; the list forms (``correlation``, ``slope_per_week``) sum their
values and call it. The trends page's insights pass sums the database kept
(``totals.Totals``), the pattern detectors sum a window of days: both read
the same numbers from the same formulas. Integer inputs (pain, mood, day
numbers) give exact sums, so a figure on the threshold is on it.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from datetime import date


def mean(values: Iterable[float | None]) -> float | None:
    """Arithmetic mean ignoring ``None``; ``None`` when nothing is left.

    Missing days must not count as zeros, hence the filtering.
    """
    present = [v for v in values if v is not None]
    if not present:
        return None
    return math.fsum(present) / len(present)


def rolling_mean(values: list[float | None], window: int = 7, min_count: int = 4) -> list[float | None]:
    """Trailing mean over the last ``window`` positions, ignoring ``None``.

    A point is ``None`` when its window holds fewer than ``min_count``
    values, so a line is not drawn from one or two lonely check-ins.
    Results are rounded to 2 dp. The output has the same length as input.
    """
    # The present values inside the window, with their positions. Sliding
    # it one step at a time keeps ten years of weekly points cheap.
    positions: deque[int] = deque()
    present: deque[float] = deque()
    result = []
    for i, value in enumerate(values):
        if value is not None:
            positions.append(i)
            present.append(value)
        if positions and positions[0] <= i - window:
            positions.popleft()
            present.popleft()
        count = len(present)
        result.append(round(math.fsum(present) / count, 2) if count >= min_count else None)
    return result


# --- from sums: the one definition of each statistic -------------------------


def spread(n: int, total: float, total_sq: float) -> float:
    """n times the sum of squared deviations from the mean (exact for integers)."""
    return n * total_sq - total * total


def pearson(n: int, sum_x: float, sum_y: float, sum_xx: float, sum_yy: float, sum_xy: float) -> float | None:
    """Pearson's r from sums; ``None`` below 3 pairs or when either side never varies.

    Not rounded; clamped to [-1, 1] against float noise.
    """
    spread_x, spread_y = spread(n, sum_x, sum_xx), spread(n, sum_y, sum_yy)
    if n < 3 or spread_x <= 0 or spread_y <= 0:
        return None
    r = (n * sum_xy - sum_x * sum_y) / math.sqrt(spread_x * spread_y)
    return max(-1.0, min(1.0, r))


def slope(n: int, sum_x: float, sum_y: float, sum_xx: float, sum_xy: float) -> float | None:
    """Least-squares slope of y on x from sums; ``None`` below 2 points or when x never varies."""
    spread_x = spread(n, sum_x, sum_xx)
    if n < 2 or spread_x <= 0:
        return None
    return (n * sum_xy - sum_x * sum_y) / spread_x


def split_means(n_in: int, total_in: float, n: int, total: float) -> tuple[float, float] | None:
    """The means of a group and of the rest, from the group's and everyone's count and sum.

    "With and without" comparisons (short nights, exercise days); ``None``
    when either side is empty.
    """
    if n_in <= 0 or n_in >= n:
        return None
    return total_in / n_in, (total - total_in) / (n - n_in)


# --- over lists of values -----------------------------------------------------


def _present_pairs(xs, ys) -> list[tuple[float, float]]:
    xs, ys = list(xs), list(ys)
    if len(xs) != len(ys):
        raise ValueError(f"need the same number of values on each side, got {len(xs)} and {len(ys)}")
    return [(x, y) for x, y in zip(xs, ys) if x is not None and y is not None]


def correlation(xs: Iterable[float | None], ys: Iterable[float | None]) -> float | None:
    """Pearson correlation over positions where both values are present.

    ``None`` (never an exception) when fewer than 3 pairs remain or either
    side does not vary: a correlation is meaningless then. ``xs`` and
    ``ys`` must have the same length (ValueError otherwise, as that is a
    programming error). The result is not rounded.
    """
    pairs = _present_pairs(xs, ys)
    # Check "all equal" directly: float rounding could leave a tiny,
    # non-zero spread for a constant series like [0.1, 0.1, 0.1].
    if len({x for x, _ in pairs}) == 1 or len({y for _, y in pairs}) == 1:
        return None
    return pearson(
        len(pairs),
        sum(x for x, _ in pairs),
        sum(y for _, y in pairs),
        sum(x * x for x, _ in pairs),
        sum(y * y for _, y in pairs),
        sum(x * y for x, y in pairs),
    )


def slope_per_week(dates: Iterable[date], values: Iterable[float | None]) -> float | None:
    """Least-squares trend of ``values`` against calendar day, in units per week.

    Uses day numbers rather than list positions so gaps between check-ins
    are respected. Pairs with a ``None`` value are skipped. ``None`` with
    fewer than 2 points or when all dates are equal. Not rounded.
    """
    pairs = _present_pairs((d.toordinal() for d in dates), values)
    result = slope(
        len(pairs),
        sum(x for x, _ in pairs),
        sum(y for _, y in pairs),
        sum(x * x for x, _ in pairs),
        sum(x * y for x, y in pairs),
    )
    return None if result is None else result * 7


def correlation_words(r: float | None, direction: bool = False) -> str:
    """Describe a correlation's strength in plain words, for people not statisticians.

    By size of ``|r|``: below 0.2 "no clear link", below 0.4 "a weak link",
    below 0.6 "a moderate link", otherwise "a strong link". The sign is not
    part of these words because our sentences already say which way things
    moved ("your mood was lower"). Pass ``direction=True`` to append it:
    "a moderate link, moving together" (r > 0) or "a moderate link, moving
    in opposite directions" (r < 0); "no clear link" never gets a direction.
    ``None`` gives "not enough data to tell".
    """
    if r is None:
        return "not enough data to tell"
    size = abs(r)
    if size < 0.2:
        return "no clear link"
    if size < 0.4:
        words = "a weak link"
    elif size < 0.6:
        words = "a moderate link"
    else:
        words = "a strong link"
    if direction:
        words += ", moving together" if r > 0 else ", moving in opposite directions"
    return words
