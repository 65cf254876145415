"""Get help now, open to everyone, and the patient's safety plan: written,
saved as it is typed, readable offline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from checkin import access
from checkin.models import GuidancePage, SafetyPlan
from checkin.models.guidance import SEEK_HELP_SLUG
from checkin.safety.forms import SafetyPlanForm
from checkin.safety.phone_numbers import numbers_in


@login_required
@require_http_methods(["GET", "POST"])
def safety_plan(request):
    plan = access.own_safety_plan(request.user) or SafetyPlan(patient=request.user)
    form = SafetyPlanForm(request.POST if request.method == "POST" else None, instance=plan)
    # The page's script saves as the patient types, and asks for JSON.
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.method == "POST":
        if form.is_valid():
            plan = form.save()
            if wants_json:
                return JsonResponse({"saved_at": plan.updated_at.isoformat()})
            messages.success(request, "Your safety plan is saved.")
            return redirect("safety_plan")
        if wants_json:
            return JsonResponse({"errors": form.errors}, status=400)
    context = {"form": form, "plan": plan, "helpers": numbers_in(plan.helpers)}
    return render(request, "safety/plan.html", context, status=400 if form.errors else 200)


def help_page(request):
    """ "Get help now": the number to call, the crisis lines and the warning
    signs from their one source each, and the "seek help now" guidance page."""
    page = GuidancePage.objects.published().prefetch_related("sources").filter(slug=SEEK_HELP_SLUG).first()
    user = request.user
    has_plan = user.is_authenticated and SafetyPlan.objects.filter(patient=user).exists()
    return render(request, "safety/help.html", {"page": page, "has_plan": has_plan})
