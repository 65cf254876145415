"""`{{ value|when:"medium" }}`: a date or time written the one way Mend writes
it (checkin/core/dates.py's FORMATS), in the viewer's time zone; and
`{{ delta|duration }}`: a length of time ("15 minutes"). Loaded on every
template (config/settings.py's ``builtins``)."""

from django import template
from django.template.defaultfilters import date

from checkin.core import dates
from checkin.core.dates import FORMATS

register = template.Library()


@register.filter(expects_localtime=True)
def when(value, name: str):
    return date(value, FORMATS[name])


@register.filter
def duration(delta) -> str:
    return dates.duration(delta)
