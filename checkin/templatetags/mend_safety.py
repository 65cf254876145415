"""Safety on any page, from the one source of each: `{% crisis_lines %}`,
`{% emergency_call %}` and `{% warning_signs %}`."""

from django import template

from checkin.domain import triage
from checkin.safety import lines as crisis
from checkin.safety import wording

register = template.Library()


@register.inclusion_tag("safety/_lines.html")
def crisis_lines(use_database=True, others=True, websites=False):
    """The deployment's lines as big Call and Text buttons; other countries' one tap away.

    ``use_database=False`` for a page shown while the database is away;
    ``websites`` links each service's site (not on pages kept for offline use)."""
    everything = crisis.all_lines(use_database)
    code = crisis.region()
    return {
        "lines": crisis.shown_lines(everything, code),
        "own_lines": crisis.has_own_lines(everything, code),
        "others": crisis.other_regions(everything, code) if others else [],
        "websites": websites,
    }


@register.inclusion_tag("safety/_call.html")
def emergency_call(use_database=True):
    """One big button that dials the deployment's emergency number."""
    return {"line": crisis.emergency_line(crisis.all_lines(use_database), crisis.region())}


@register.inclusion_tag("safety/_advice.html")
def warning_advice(values, heading_id=""):
    """What to do about the warning signs ``values`` (stored symptom values),
    by the most serious one among them, with the number to call."""
    level = triage.level_of(values)
    everything = crisis.all_lines()
    code = crisis.region()
    return {
        "level": level,
        "heading_id": heading_id,
        "advice": triage.ADVICE.get(level),
        "signs": triage.signs_of(values),
        "call": crisis.emergency_line(everything, code) if level == triage.EMERGENCY else None,
        "urgent": crisis.urgent_line(everything, code) if level == triage.URGENT else None,
    }


@register.inclusion_tag("safety/_signs.html")
def warning_signs():
    """The warning signs, grouped as clinicians triage them."""
    return {
        "groups": [
            (level, triage.ADVICE[level].heading, [sign for sign in triage.SIGNS if sign.level == level])
            for level in triage.LEVELS
        ]
    }


@register.simple_tag
def self_harm_advice():
    """The safety card's words after thoughts of self-harm (checkin/safety/wording.py)."""
    return wording.SELF_HARM_ADVICE


@register.filter
def level_words(level: str) -> str:
    """ "Emergency", "Today" or "This week" (checkin/safety/wording.py)."""
    return wording.level_words(level)


@register.filter
def signal_words(signal) -> str:
    """A safety signal in words, with its figure (checkin/safety/wording.py)."""
    return wording.describe(signal)


@register.filter
def days_ago(day, today) -> str:
    """ "today", "yesterday" or "9 days ago"."""
    count = (today - day).days
    return "today" if count <= 0 else "yesterday" if count == 1 else f"{count} days ago"
