"""The patient's questionnaire pages: what is due and done (/measures/), and each form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from checkin import access
from checkin.domain.instruments import INSTRUMENTS, SCREENER_OF, SELF_HARM_ITEM, change_in_words
from checkin.models import Assignment
from checkin.questionnaires import progress, responses
from checkin.questionnaires.forms import ResponseForm

RECENT_RESPONSES = 30


def _instrument(slug):
    if slug not in INSTRUMENTS:
        raise Http404("No such questionnaire")
    return INSTRUMENTS[slug]


@login_required
def index(request):
    patient = request.user
    today = patient.today()
    answered = list(access.own_responses(patient).order_by("-date", "instrument")[:RECENT_RESPONSES])
    progresses = progress.progress(answered)
    result = result_change = None
    done = request.GET.get("done")
    if done in INSTRUMENTS:
        result = next((r for r in answered if r.instrument == done and r.date == today), None)
        moved = next((p for p in progresses if p.instrument.slug == done), None)
        if result and moved and moved.previous:
            result_change = {
                "words": change_in_words(moved.instrument, moved.since_previous),
                "on": moved.previous.date,
            }
    context = {
        "due": responses.due_today(patient, today),  # [(instrument, request or None)]
        "answered": answered,
        "result": result,
        "result_change": result_change,
        "findings": responses.with_pages(progress.findings(progresses)),
    }
    return render(request, "questionnaires/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, slug):
    instrument = _instrument(slug)
    patient = request.user
    today = patient.today()
    existing = access.own_responses(patient).filter(instrument=slug, date=today).first()
    # A full scale straight after its screener starts with the screener's
    # answers to the same first questions, and says so.
    carried = None if existing else _screener_today(patient, instrument, today)
    if request.method == "POST":
        form = ResponseForm(instrument, request.POST, today=today)
        if form.is_valid():
            responses.save(patient, instrument, today, form.values())
            return redirect(reverse("measures") + f"?done={slug}")
        status = 400
    else:
        if existing:
            initial = {**existing.answers, "difficulty": existing.difficulty}
        else:
            initial = dict(carried.answers) if carried else {}
        form = ResponseForm(instrument, initial=initial, today=today)
        status = 200
    context = {
        "instrument": instrument,
        "form": form,
        "existing": existing,
        "self_harm_item": SELF_HARM_ITEM,
        "carried": carried,
    }
    return render(request, "questionnaires/answer.html", context, status=status)


def _screener_today(patient, instrument, today):
    """Today's response to the screener ``instrument`` stands in for, if any."""
    screener = SCREENER_OF.get(instrument.slug)
    return access.own_responses(patient).filter(instrument=screener, date=today).first() if screener else None


@login_required
@require_POST
def decline(request, request_id):
    """The patient declines a clinician's request: it is no longer due, and
    the clinician's page says that it was declined, and when."""
    asked = access.own_requests(request.user).filter(pk=request_id).first()
    if asked is None:
        raise Http404("No such request")
    Assignment.objects.filter(pk=asked.pk).update(declined_at=timezone.now())
    messages.success(request, f"Declined: you will not be asked for the {asked.spec.name} again.")
    return redirect("home")


@login_required
@require_POST
def not_now(request):
    """ "Not now" on the home page's card: no questionnaire card until tomorrow."""
    patient = request.user
    patient.measures_hidden_on = patient.today()
    patient.save(update_fields=["measures_hidden_on"])
    return redirect("home")
