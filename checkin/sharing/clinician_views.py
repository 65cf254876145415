"""The clinician's pages: redeem an invitation, the list of patients, one
patient's page (and the clinic's number for them), marking their safety
signals seen, discharge, and their safety plan.

Every page 404s for anyone who is not a clinician (checkin/access.py), and
every page showing one patient's data opens the share through
``access.open_share``, which writes the patient's access-log row.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checkin import access
from checkin.core.dates import medium_date
from checkin.core.ratelimit import REDEEM_PER_ADDRESS, REDEEM_PER_CLINICIAN, client_ip
from checkin.core.replica import reads_replica
from checkin.insights.pages import trends_context
from checkin.insights.sentences import CLINICIAN
from checkin.models import Assignment, Share, SignalReview
from checkin.models.sharing import team_ids_of
from checkin.safety import reading
from checkin.sharing.forms import AskForm, ClinicNumberForm, RedeemForm
from checkin.sharing.patient_data import (
    cards_context,
    requests_context,
    scores_context,
    signal_context,
    signals_between,
)
from checkin.sharing.patient_list import COLUMNS, DEFAULT_ORDER, ORDERS, QUIET_DAYS, ranked_shares, rows

PATIENTS_PAGE_SIZE = 25


RECENT_NOTES = 30


WRONG_CODE = (
    "Invitation code: this code does not work. It may be mistyped, already used, cancelled "
    "or more than 7 days old. Please ask the patient for a new one."
)


TOO_MANY_TRIES = "Too many codes that did not work. Please wait 15 minutes and try again."


@login_required
@require_http_methods(["GET", "POST"])
def redeem(request):
    clinician = request.user
    access.require_clinician(clinician)
    address = client_ip(request)  # the real client's address, also behind a proxy
    if request.method == "POST":
        form = RedeemForm(request.POST, clinician=clinician)
        limits = ((REDEEM_PER_CLINICIAN, clinician.pk), (REDEEM_PER_ADDRESS, address))
        if any(limit.is_over(value) for limit, value in limits):
            return render(
                request, "sharing/clinician/redeem.html", {"form": form, "blocked": TOO_MANY_TRIES}, status=429
            )
        if form.is_valid():
            # Counted before the code is tried, so simultaneous tries cannot
            # all slip in under the limit; a code that works is then forgiven.
            allowed = [limit.hit(value) for limit, value in limits]
            if not all(allowed):
                return render(
                    request, "sharing/clinician/redeem.html", {"form": form, "blocked": TOO_MANY_TRIES}, status=429
                )
            team = form.cleaned_data.get("team")
            share = Share.objects.redeem(form.cleaned_data["code"], clinician, team)
            if share is not None:
                for limit, value in limits:
                    limit.forgive(value)
                whom = f"your team {team}" if team else "you"
                messages.success(request, f"{share.patient.get_full_name()} now shares their Mend data with {whom}.")
                return redirect("clinician_patient", share_id=share.pk)
            form.add_error("code", WRONG_CODE)
        return render(request, "sharing/clinician/redeem.html", {"form": form}, status=400)
    # The invitation link carries the code after "#" (never sent here): static/js/invite-code.js fills it in.
    form = RedeemForm(clinician=clinician)
    return render(request, "sharing/clinician/redeem.html", {"form": form})


@login_required
@require_GET
@reads_replica
def patient_list(request):
    """Every sharing patient (patient_list.py says in which order), 25 a page,
    searchable; in the same number of queries for 50 patients or 5,000."""
    clinician = request.user
    query = request.GET.get("q", "").strip()[:100]
    order = request.GET.get("sort") if request.GET.get("sort") in ORDERS else DEFAULT_ORDER
    quiet = request.GET.get("quiet") == "1"
    shares = ranked_shares(clinician, query, order, quiet)
    page = Paginator(shares, PATIENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = rows(clinician, list(page.object_list))
    access.note_list_view(clinician, [row.share for row in page.object_list])
    # What the paging links carry over: the search, the order and the filter;
    # the column headings' sort links, the search and the filter.
    carried = (("q", query), ("sort", "" if order == DEFAULT_ORDER else order), ("quiet", "1" if quiet else ""))
    kept = urlencode({k: v for k, v in carried if v})
    filters = urlencode({k: v for k, v in carried if v and k != "sort"})
    context = {
        "page": page,
        "count": page.paginator.count,
        "query": query,
        "order": order,
        "orders": ORDERS,
        "columns": COLUMNS,
        "order_words": ORDERS[order],
        "quiet": quiet,
        "quiet_days": QUIET_DAYS,
        "kept": kept,
        "filters": filters,
        "clinic_number_label": settings.MEND_CLINIC_NUMBER_LABEL,
        "filtered": bool(query or quiet),
        "teams": len(team_ids_of(clinician)),  # read already, for the list's shares
    }
    return render(request, "sharing/clinician/patients.html", context)


@login_required
@require_GET
@reads_replica
def patient_page(request, share_id):
    share = access.open_share(request.user, share_id, what="looked at your trends and patterns")
    return _patient_page(request, share)


@login_required
@require_POST
def clinic_number(request, share_id):
    """The clinician files the patient under their clinic's own number (or
    clears it); the patient reads it on their share page. A number that is
    not allowed comes back on the patient page with the field's message."""
    share = access.open_share(request.user, share_id, what="noted their clinic's number for you")
    form = ClinicNumberForm(request.POST, instance=share)
    if not form.is_valid():
        return _patient_page(request, share, number_form=form, status=400)
    # Only the number: a whole-row save could undo a change the patient made meanwhile (ending the share).
    Share.objects.filter(pk=share.pk).update(clinic_number=form.cleaned_data["clinic_number"])
    messages.success(request, f"{settings.MEND_CLINIC_NUMBER_LABEL} saved.")
    return redirect("clinician_patient", share_id=share.pk)


@login_required
@require_POST
def ask(request, share_id):
    """The clinician asks the patient to answer a questionnaire, once or every
    N days: home shows it as due, saying who asked, and the patient can
    decline it. Asking again for the same questionnaire replaces the request."""
    form = AskForm(request.POST)
    valid = form.is_valid()
    words = f"asked you to answer {form.words()}" if valid else "looked at your trends and patterns"
    share = access.open_share(request.user, share_id, what=words)
    if not valid:
        return _patient_page(request, share, ask_form=form, status=400)
    data = form.cleaned_data
    Assignment.objects.ask(share, request.user, data["instrument"], data["every_days"], share.patient.today())
    messages.success(request, f"Asked {share.patient.get_short_name()} to answer {form.words()}.")
    return redirect("clinician_patient", share_id=share.pk)


@login_required
@require_POST
def stop_asking(request, share_id, request_id):
    """The clinician withdraws an open request: it is no longer due."""
    share = access.open_share(request.user, share_id, what="stopped asking you to answer a questionnaire")
    asked = access.shared_requests(request.user, share).open().filter(pk=request_id)
    if not asked.update(stopped_at=timezone.now()):
        raise Http404("No such request")
    messages.success(request, "Stopped asking.")
    return redirect("clinician_patient", share_id=share.pk)


def _patient_page(request, share, *, number_form=None, ask_form=None, status=200):
    clinician = request.user
    patient = share.patient
    today = patient.today()
    checkins = access.shared_checkins(clinician, share)
    trends = trends_context(
        checkins, access.shared_stored_totals(clinician, share), today, request.GET.get("days"), CLINICIAN
    )
    context = {
        "share": share,
        "patient": patient,
        "trends": trends,
        "scores": scores_context(clinician, share, trends),
        **cards_context(checkins, today, trends),
        **signal_context(clinician, share, today),
        "notes": (
            list(checkins.exclude(note="").filter(date__lte=today).only("date", "note")[:RECENT_NOTES])
            if share.include_notes
            else None
        ),
        "today": today,
        "number_form": number_form or ClinicNumberForm(instance=share),
        "ask_form": ask_form or AskForm(),
        "requests": requests_context(clinician, share),
        "clinic_number_label": settings.MEND_CLINIC_NUMBER_LABEL,
    }
    return render(request, "sharing/clinician/patient.html", context, status=status)


@login_required
@require_POST
def signals_seen(request, share_id):
    """A clinician marks the patient's safety signals seen, up to the last day
    one was reported: they leave the top of every sharing clinician's list
    until one is reported on a later day. The patient reads it in their
    access log."""
    clinician = request.user
    seen = []

    def what(share):
        today = share.patient.today()
        seen.extend(signals_between(clinician, share, reading.recent_window(today), today))
        last = max((s.last for s in seen), default=None)
        return "saw your safety signals" + (f" of {medium_date(last)}" if last else "")

    share = access.open_share(clinician, share_id, what=what)
    if seen:
        SignalReview.objects.create(patient=share.patient, clinician=clinician, seen_through=max(s.last for s in seen))
    messages.success(request, f"Marked as seen. {share.patient.get_short_name()} can see that you did.")
    return redirect("clinician_patient", share_id=share.pk)


@login_required
@require_POST
def discharge(request, share_id):
    """A clinician ends a share from their side. The patient reads who ended
    it, and when, in their access log and on their share page, and can invite
    again; the patient leaves this clinician's list at once."""
    share = access.open_share(request.user, share_id, what="ended sharing: you are no longer on their list")
    share.end_by_clinician()
    messages.success(request, f"You have stopped seeing {share.patient.get_full_name()}'s check-ins. They are told.")
    return redirect("clinician_home")


@login_required
@require_GET
@reads_replica
def safety_plan(request, share_id):
    """The patient's safety plan, only through a share that includes it (logged like every view)."""
    clinician = request.user
    share = access.open_share(clinician, share_id, what="read your safety plan", include_safety_plan=True)
    plan = access.shared_safety_plan(clinician, share)
    return render(request, "safety/shared_plan.html", {"share": share, "patient": share.patient, "plan": plan})
