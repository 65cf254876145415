"""Template helpers for the trends partial (templates/insights/_charts.html)."""

from django import template
from django.utils.safestring import mark_safe

from checkin.core.dates import MONTHS

register = template.Library()


@register.simple_tag
def weekly_rows(rows, end):
    """The "Week by week" table's body: one <tr> per row of ``trends.weekly_summary``.

    Built in Python rather than with {% for %}: ten years is ~520 rows, and a
    template loop over them costs more than the rest of the page. Every value
    is a number or a date formatted here, never text someone typed, so there
    is nothing to escape.
    """
    html = []
    last_year = end.year
    for row in rows:
        monday = row["week_start"]
        month = MONTHS[monday.month - 1]
        # The year only when it is not the range's last year, to keep the column narrow.
        label = f"{monday.day} {month}" if monday.year == last_year else f"{monday.day} {month} {monday.year}"
        if row["days_checked_in"]:
            html.append(
                f'<tr><th scope="row">{label}</th><td>{row["mean_pain"]}</td><td>{row["mean_mood"]}</td>'
                f"<td>{row['mean_sleep']}</td><td>{row['total_exercise']}</td><td>{row['days_checked_in']}</td></tr>"
            )
        else:
            html.append(
                f'<tr><th scope="row">{label}</th>'
                '<td colspan="4" class="text-body-secondary">No check-ins</td><td>0</td></tr>'
            )
    return mark_safe("\n".join(html))
