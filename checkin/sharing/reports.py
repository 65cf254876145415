"""The clinician's printable report and downloads of a range (CSV here; FHIR
in checkin/interop/), each opened and logged through ``access.open_share``
in the patient's own words."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from checkin import access
from checkin.core import charts
from checkin.core.dates import medium_date
from checkin.daily import exports
from checkin.insights.sentences import CLINICIAN
from checkin.insights.views import RANGES, trends_context
from checkin.models import Share
from checkin.sharing.clinician import cards_context, scores_context, signals_between
from checkin.sharing.forms import ReportRangeForm

REPORT_NOTES = 5  # what fits beside the charts on one printed page, each shortened

# The report's lengths are the trends page's own ranges (one page fits 90
# days of weekly rows); the spreadsheet may take any of them.
REPORT_LENGTHS = {key: RANGES[key][0] for key in ("7", "30", "90")}
CSV_LENGTHS = {key: label for key, (label, _days) in RANGES.items()}


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
    count = RANGES[days][1]
    return (None if count is None else end - datetime.timedelta(days=count - 1)), end


def range_words(days: str, end: datetime.date) -> str:
    """ "the 30 days up to 3 Mar 2026", as the patient reads it in their log."""
    count = RANGES[days][1]
    first = "everything" if count is None else f"the {count} days"
    return f"{first} up to {medium_date(end)}"


@login_required
@require_GET
def report(request, share_id):
    clinician = request.user

    def describe(form):
        return "opened a printable report of " + range_words(*form.range_or_default())

    share, form = open_with_range(request, share_id, REPORT_LENGTHS, describe)
    patient = share.patient
    days, end = form.range_or_default()
    checkins = access.shared_checkins(clinician, share)
    # The same builder as the patient's own trends page, ending on the chosen day.
    trends = trends_context(
        checkins.filter(date__lte=end), access.shared_stored_totals(clinician, share), end, days, CLINICIAN
    )
    context = {
        "share": share,
        "patient": patient,
        "form": form,
        "generated_at": timezone.now(),
        "trends": trends,
        **cards_context(checkins, end, trends),
        "csv_query": f"days={days}&end={end.isoformat()}",
        "scores": scores_context(clinician, share, trends),
        # Drawn on the server: on paper, charts exactly as wide as their column, with no script to wait for.
        "svg_charts": charts.report_charts(trends["series"]),
    }
    if share.include_notes:
        # The newest notes of the range, each shortened: the page must stay one sheet; the CSV has them all.
        notes = checkins.between(trends["start"], end).exclude(note="").order_by("-date")
        context["notes"] = list(notes.only("date", "note")[:REPORT_NOTES])
        context["more_notes"] = max(notes.count() - REPORT_NOTES, 0)
    context["signals"] = signals_between(clinician, share, trends["start"], end)
    return render(request, "sharing/clinician/report.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def report_csv(request, share_id):
    download = open_download(request, share_id, "a spreadsheet (CSV)")
    if download.errors:
        context = {"share": download.share, "errors": [e for errors in download.errors.values() for e in errors]}
        return render(request, "sharing/clinician/csv_error.html", context, status=400)
    found = signals_between(request.user, download.share, download.start, download.end)
    return exports.csv_response(
        download.checkins,
        download.filename("csv"),
        include_notes=download.share.include_notes,
        responses=download.responses,
        signals=found,
    )


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

    def filename(self, extension: str) -> str:
        name = slugify(self.share.patient.get_short_name())
        return f"mend-{name}-{self.days}-days-to-{self.end:%Y-%m-%d}.{extension}"


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
