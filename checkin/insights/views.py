"""The patient's trends page and its JSON (`/api/trends/`), from the
builder in pages.py that the clinician's pages share."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from checkin import access
from checkin.insights.pages import api_payload, trends_context
from checkin.questionnaires import responses
from checkin.safety import reading, signals


@login_required
@require_GET
def trends_page(request):
    patient = request.user
    context = trends_context(
        access.own_checkins(patient), access.own_stored_totals(patient), patient.today(), request.GET.get("days")
    )
    answered = access.own_responses(patient)
    scores = responses.scores_context(answered, context["range_start"], context["end"], context["series"])
    # The last 30 days' safety signals, whatever the range, from the rows the
    # page has read already. "all" and the short ranges read those days once
    # more (one query, whatever the history: "all" may have drawn weekly points).
    end = context["end"]
    window = reading.recent_window(end)
    days = context["days"]
    if context["range"] == "all" or days is None or context["days_from"] > window:
        days = access.own_checkins(patient).between(window, end).days()
    found = signals.collect(days, reading.measures_of(scores["answered"]), window, end)
    return render(
        request, "insights/trends.html", {"trends": context, "owner": True, "scores": scores, "signals": found}
    )


@require_GET
def trends_api(request):
    # An API answers an anonymous caller with 401 JSON, not a login page.
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Log in to see your trends."}, status=401)
    patient = request.user
    context = trends_context(
        access.own_checkins(patient), access.own_stored_totals(patient), patient.today(), request.GET.get("days")
    )
    return JsonResponse(api_payload(context))
