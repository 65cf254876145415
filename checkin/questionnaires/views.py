"""The patient's questionnaire pages: what is due and done (/measures/), and each form."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from checkin import access
from checkin.domain.instruments import INSTRUMENTS, SELF_HARM_ITEM
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
    result = None
    done = request.GET.get("done")
    if done in INSTRUMENTS:
        result = next((r for r in answered if r.instrument == done and r.date == today), None)
    context = {
        "due": responses.due_today(patient, today),
        "answered": answered,
        "result": result,
        "findings": responses.with_pages(progress.findings(progress.progress(answered))),
    }
    return render(request, "questionnaires/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, slug):
    instrument = _instrument(slug)
    patient = request.user
    today = patient.today()
    existing = access.own_responses(patient).filter(instrument=slug, date=today).first()
    if request.method == "POST":
        form = ResponseForm(instrument, request.POST, today=today)
        if form.is_valid():
            responses.save(patient, instrument, today, form.values())
            return redirect(reverse("measures") + f"?done={slug}")
        status = 400
    else:
        form = ResponseForm(instrument, initial=_initial(patient, instrument, existing, today), today=today)
        status = 200
    context = {"instrument": instrument, "form": form, "existing": existing, "self_harm_item": SELF_HARM_ITEM}
    return render(request, "questionnaires/answer.html", context, status=status)


def _initial(patient, instrument, existing, today) -> dict:
    """Today's answers when editing; for a full scale straight after its
    screener, the screener's two answers (the same two questions)."""
    if existing:
        return {**existing.answers, "difficulty": existing.difficulty}
    screener = next((i for i in INSTRUMENTS.values() if i.steps_up_to == instrument.slug), None)
    if screener:
        earlier = access.own_responses(patient).filter(instrument=screener.slug, date=today).first()
        if earlier:
            return dict(earlier.answers)
    return {}


@login_required
@require_POST
def not_now(request):
    """ "Not now" on the home page's card: no questionnaire card until tomorrow."""
    patient = request.user
    patient.measures_hidden_on = patient.today()
    patient.save(update_fields=["measures_hidden_on"])
    return redirect("home")
