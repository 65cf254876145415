"""A clinician's range of a patient's data: the report's and the downloads'
lengths, the share opened and logged in the patient's words, and the
range's check-ins and responses (CSV here, FHIR in checkin/interop/)."""

import datetime
from dataclasses import dataclass, field

from django.utils.text import slugify

from checkin import access
from checkin.core.dates import medium_date
from checkin.insights.pages import PERIODS
from checkin.models import Share
from checkin.sharing.forms import ReportRangeForm

# The report's lengths are the trends page's own ranges (one page fits 90
# days of weekly rows); the spreadsheet may take any of them.
REPORT_LENGTHS = {key: PERIODS[key][0] for key in ("7", "30", "90")}


CSV_LENGTHS = {key: label for key, (label, _days) in PERIODS.items()}


def open_with_range(request, share_id, lengths: dict, describe) -> tuple[Share, ReportRangeForm]:
    """Open the clinician's share, logging the view, and read the range asked for.

    The log's words depend on the range, and the range on the patient's
    calendar, so the form is built once ``access.open_share`` has the share;
    ``describe(form)`` gives the words."""
    forms = []

    def what(share):
        forms.append(ReportRangeForm(request.GET, today=share.patient.today(), lengths=lengths))
        return describe(forms[0])

    share = access.open_share(request.user, share_id, what=what)
    return share, forms[0]


def range_bounds(form) -> tuple[datetime.date | None, datetime.date]:
    """A valid range form's first day (None for "all") and last day."""
    days, end = form.cleaned_data["days"], form.cleaned_data["end"]
    count = PERIODS[days][1]
    return (None if count is None else end - datetime.timedelta(days=count - 1)), end


def range_words(days: str, end: datetime.date) -> str:
    """ "the 30 days up to 3 Mar 2026", as the patient reads it in their log."""
    count = PERIODS[days][1]
    first = "everything" if count is None else f"the {count} days"
    return f"{first} up to {medium_date(end)}"


@dataclass
class Download:
    """A clinician's download of a range (CSV, FHIR): the share, opened and
    logged, and the range's check-ins and responses, or the range's errors."""

    share: Share
    days: str = ""
    end: datetime.date | None = None
    start: datetime.date | None = None  # None: everything up to end
    checkins: object = None
    responses: object = None
    errors: dict = field(default_factory=dict)  # {field: [messages]}

    @property
    def stem(self) -> str:
        """The download's name without its ending, filed by the clinic's
        number when there is one: "mend-pat-9434765919-30-days-to-2026-12-07"."""
        who = slugify(" ".join(filter(None, (self.share.patient.get_short_name(), self.share.clinic_number))))
        return f"mend-{who}-{self.days}-days-to-{self.end:%Y-%m-%d}"

    def filename(self, extension: str) -> str:
        return f"{self.stem}.{extension}"


def open_download(request, share_id, noun: str) -> Download:
    """Opens the share for a download of ``noun`` ("a spreadsheet (CSV)"), logging it in the patient's words."""
    clinician = request.user

    def describe(form):
        if not form.is_valid():
            return f"asked for {noun} with dates that were not valid; nothing was sent"
        return f"downloaded {noun} of " + range_words(form.cleaned_data["days"], form.cleaned_data["end"])

    share, form = open_with_range(request, share_id, CSV_LENGTHS, describe)
    if not form.is_valid():
        return Download(share, errors={name: list(messages) for name, messages in form.errors.items()})
    start, end = range_bounds(form)
    checkins = access.shared_checkins(clinician, share).filter(date__lte=end)
    responses = access.shared_responses(clinician, share).filter(date__lte=end)
    if start is not None:
        checkins, responses = checkins.filter(date__gte=start), responses.filter(date__gte=start)
    return Download(share, form.cleaned_data["days"], end, start, checkins, responses)
