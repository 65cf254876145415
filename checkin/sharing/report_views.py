"""The clinician's printable report of a range, and its spreadsheet (CSV)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from checkin import access
from checkin.core import charts
from checkin.core.replica import reads_replica
from checkin.daily import exports
from checkin.insights.pages import trends_context
from checkin.insights.sentences import CLINICIAN
from checkin.sharing.downloads import REPORT_LENGTHS, open_download, open_with_range, range_words
from checkin.sharing.patient_data import cards_context, scores_context, signals_between

REPORT_NOTES = 5  # what fits beside the charts on one printed page, each shortened


@login_required
@require_GET
@reads_replica
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
        "clinic_number_label": settings.MEND_CLINIC_NUMBER_LABEL,
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
@reads_replica
def report_csv(request, share_id):
    download = open_download(request, share_id, "a spreadsheet (CSV)")
    if download.errors:
        context = {"share": download.share, "errors": [e for errors in download.errors.values() for e in errors]}
        return render(request, "sharing/clinician/csv_error.html", context, status=400)
    found = signals_between(request.user, download.share, download.start, download.end)
    return exports.csv_response(
        exports.table_asked(request),
        download.stem,
        download.checkins,
        download.share.include_notes,
        responses=download.responses,
        signals=found,
    )
