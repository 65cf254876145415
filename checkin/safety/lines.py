"""Crisis lines: the one source every page that shows a number reads.

Admins edit them in /admin/ (``CrisisLine`` rows, loaded with the shipped
defaults of checkin/content/crisis_lines.json by ``load_guidance``).
``MEND_REGION`` picks the region shown first and the number every Call
button dials. Each process keeps its copy for MEND_RULES_CACHE_SECONDS;
an edit shows at once in the process that saved it (checkin/core/process_copy.py).
A page rendered without the database (the 503 page) uses the last copy read,
or the shipped defaults.
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from checkin.core.process_copy import ProcessCopy
from checkin.domain import regions, triage
from checkin.models import CrisisLine
from checkin.safety import wording

SHIPPED = Path(__file__).resolve().parent.parent / "content" / "crisis_lines.json"
REGION_NAMES = {
    "GB": "United Kingdom",
    "GB-NIR": "Northern Ireland",
    "IE": "Ireland",
    "US": "United States",
    "CA": "Canada",
    "AU": "Australia",
    "AU-QLD": "Queensland",
    "AU-VIC": "Victoria",
    "NZ": "New Zealand",
    "EU": "European Union",
}


@dataclass(frozen=True)
class Line:
    region: str
    name: str
    purpose: str
    phone: str = ""
    text_number: str = ""
    web_address: str = ""
    hours: str = ""
    kind: str = CrisisLine.Kind.SUPPORT
    order: int = 0

    @property
    def call_label(self) -> str:
        """The words on a Call button that stands alone: "Call 999 (Emergency services)"."""
        return f"Call {self.phone} ({self.name})"

    @property
    def tel(self) -> str:
        return "tel:" + self.phone.replace(" ", "")

    @property
    def sms(self) -> str:
        return "sms:" + self.text_number.replace(" ", "")

    @property
    def is_emergency(self) -> bool:
        return self.kind == CrisisLine.Kind.EMERGENCY


FIELDS = tuple(Line.__dataclass_fields__)


def shipped() -> list[dict]:
    """The default lines Mend ships, as load_guidance writes them."""
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def _read_lines() -> list[Line]:
    return _with_shipped([Line(**{f: getattr(row, f) for f in FIELDS}) for row in CrisisLine.objects.all()])


LINES = ProcessCopy("crisis-lines", _read_lines, models=(CrisisLine,))


def all_lines(use_database: bool = True) -> list[Line]:
    """Every line, by region and order (one query, or none while this
    process's copy is fresh); with ``use_database=False`` (the database is
    away) the last copy read, else the shipped lines. A region with no line in
    the database (never loaded, or all deleted) shows the shipped ones: the
    numbers cannot be configured away."""
    if use_database:
        return LINES.get()
    return LINES.last() or _with_shipped([])


def line_numbers() -> set[str]:
    """Every line's phone and text number, digits only, in every region."""
    return {
        "".join(c for c in number if c.isdigit())
        for line in all_lines()
        for number in (line.phone, line.text_number)
        if number
    }


def _with_shipped(rows: list[Line]) -> list[Line]:
    edited = {line.region for line in rows}
    return _sorted([*rows, *(Line(**row) for row in shipped() if row["region"] not in edited)])


def _sorted(lines) -> list[Line]:
    return sorted(lines, key=lambda line: (line.region, line.order, line.name))


def region() -> str:
    return settings.MEND_REGION


def _own(lines: list[Line], code: str) -> list[Line]:
    return [line for line in lines if line.region == code]


def for_region(lines: list[Line], code: str) -> list[Line]:
    """The lines shown in ``code``. A part of a country (GB-NIR, AU-VIC) shows
    its own lines first, then its country's emergency number and support
    lines; its country's urgent line only when the part has no line of its
    own, because urgent advice lines are run part by part (NHS 111 is not
    confirmed for Northern Ireland; Victoria and Queensland have their own)."""
    own = _own(lines, code)
    country = regions.country_of(code)
    if country == code:
        return own
    inherited = _own(lines, country)
    if own:
        inherited = [line for line in inherited if line.kind != CrisisLine.Kind.URGENT]
        if any(line.is_emergency for line in own):
            inherited = [line for line in inherited if not line.is_emergency]
    return [*own, *inherited]


def has_own_lines(lines: list[Line], code: str) -> bool:
    """Whether the region (or its country) has lines of its own, beyond the
    European lines every EU country shares."""
    return regions.country_of(code) != "EU" and bool(for_region(lines, code))


def _european(lines: list[Line], code: str) -> list[Line]:
    return _own(lines, "EU") if regions.in_eu(code) else []


def shown_lines(lines: list[Line], code: str) -> list[Line]:
    """The region's lines; for an EU country with none, the EU-wide ones."""
    return for_region(lines, code) or _european(lines, code)


def emergency_line(lines: list[Line], code: str) -> Line | None:
    """The number every Call button dials: the region's first emergency number
    (a part's, else its country's), else for an EU country the EU-wide 112."""
    for candidate in (*for_region(lines, code), *_european(lines, code)):
        if candidate.is_emergency:
            return candidate
    return None


def urgent_line(lines: list[Line], code: str) -> Line | None:
    """The region's line for urgent medical advice today, if it has one."""
    return next((line for line in for_region(lines, code) if line.kind == CrisisLine.Kind.URGENT), None)


def other_regions(lines: list[Line], code: str) -> list[tuple[str, list[Line]]]:
    """Every other region's lines, for "Other countries": [(name, lines), ...].
    A part of a country is named with its country: "Victoria (Australia)"."""
    codes = {line.region for line in lines} - {code, regions.country_of(code)}
    named = sorted((_name(c), c) for c in codes)
    return [(name, _own(lines, c)) for name, c in named]


def _name(code: str) -> str:
    name = REGION_NAMES.get(code, code)
    country = regions.country_of(code)
    return name if country == code else f"{name} ({REGION_NAMES.get(country, country)})"


def version(lines: list[Line]) -> str:
    """Changes whenever any line does: part of the service worker's cache name,
    so the offline page a phone keeps shows today's numbers."""
    return hashlib.sha256(repr((region(), lines)).encode()).hexdigest()[:8]


def _button(line: Line | None) -> dict | None:
    return {"label": line.call_label, "tel": line.tel} if line and line.phone else None


def warning_config() -> dict:
    """What a phone needs to show the warning-sign advice on its own, offline:
    each sign's level, the advice by level, and the numbers to call."""
    everything = all_lines()
    code = region()
    return {
        "levels": {value: sign.level for value, sign in triage.BY_VALUE.items()},
        "advice": {level: asdict(advice) for level, advice in triage.ADVICE.items()},
        "selfHarm": asdict(wording.SELF_HARM_ADVICE),
        "call": {
            triage.EMERGENCY: _button(emergency_line(everything, code)),
            triage.URGENT: _button(urgent_line(everything, code)),
        },
    }
