"""Template helpers for the trends partial (templates/insights/_charts.html)."""

from django import template
from django.utils.html import format_html, format_html_join

from checkin.core.dates import MONTHS

register = template.Library()


@register.simple_tag
def weekly_rows(rows, end):
    """The "Week by week" table's body: one <tr> per row of ``trends.weekly_summary``.

    Built in Python rather than with {% for %}: ten years is ~520 rows, and a
    template loop over them costs more than the rest of the page. Each value
    is escaped by ``format_html``, as a template would.
    """
    return format_html_join("\n", "{}", ((_week_row(row, end.year),) for row in rows))


def _week_row(row: dict, last_year: int):
    monday = row["week_start"]
    month = MONTHS[monday.month - 1]
    # The year only when it is not the range's last year, to keep the column narrow.
    label = f"{monday.day} {month}" if monday.year == last_year else f"{monday.day} {month} {monday.year}"
    if not row["days_checked_in"]:
        return format_html(
            '<tr><th scope="row">{}</th><td colspan="4" class="text-body-secondary">No check-ins</td><td>0</td></tr>',
            label,
        )
    return format_html(
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
        label,
        row["mean_pain"],
        row["mean_mood"],
        row["mean_sleep"],
        row["total_exercise"],
        row["days_checked_in"],
    )
