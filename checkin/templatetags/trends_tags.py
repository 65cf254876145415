"""Template helpers for the trends partial (templates/trends/_charts.html)."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_ROW = '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>'
_EMPTY_ROW = '<tr><th scope="row">{}</th><td colspan="4" class="text-body-secondary">No check-ins</td><td>0</td></tr>'


def _week_label(monday, end) -> str:
    # The year only when it is not the range's last year, to keep the column narrow.
    return f"{monday.day} {monday:%b}" if monday.year == end.year else f"{monday.day} {monday:%b %Y}"


@register.simple_tag
def weekly_rows(rows, end):
    """The "Week by week" table's body: one <tr> per row of ``trends.weekly_summary``.

    Built in Python rather than with {% for %}: ten years is ~520 rows, and
    the template loop spent over 30 ms on them, several times the rest of
    the page (see make bench). Every value is a number or a date formatted
    here, never text someone typed, so there is nothing to escape.
    """
    return mark_safe("\n".join(
        _ROW.format(_week_label(row["week_start"], end), row["mean_pain"], row["mean_mood"],
                    row["mean_sleep"], row["total_exercise"], row["days_checked_in"])
        if row["days_checked_in"]
        else _EMPTY_ROW.format(_week_label(row["week_start"], end))
        for row in rows
    ))
