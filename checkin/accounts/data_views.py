"""The account's data: everything the patient stored, exported (JSON or CSV) or deleted."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from checkin import access
from checkin.accounts.forms import DeleteAccountForm
from checkin.core.replica import reads_replica
from checkin.core.streaming import in_chunks
from checkin.daily import exports
from checkin.interop.bundles import own_bundle
from checkin.medicines.data import as_data as medicine_data
from checkin.medicines.data import dose_data, effect_data
from checkin.questionnaires.responses import as_data as response_data
from checkin.safety import reading, wording


@login_required
@require_GET
@reads_replica
def export(request):
    user = request.user
    stamp = f"{user.today():%Y-%m-%d}"
    checkins = access.own_checkins(user)
    answered = access.own_responses(user)
    if request.GET.get("format") == "fhir":
        return own_bundle(request)
    found = reading.read(checkins, answered, None, user.today())
    if request.GET.get("format") == "csv":
        return exports.csv_response(
            exports.table_asked(request), f"mend-{stamp}", checkins, True, responses=answered, signals=found
        )
    head = {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "name": user.name,
            "date_of_birth": user.date_of_birth,
            "time_zone": user.time_zone,
            "joined": user.date_joined,
        },
    }
    shares = [
        {
            "clinician": str(s.clinician) if s.clinician else None,
            "team": str(s.team) if s.team else None,
            "created_at": s.created_at,
            "redeemed_at": s.redeemed_at,
            "include_notes": s.include_notes,
            "include_safety_plan": s.include_safety_plan,
            "clinic_number": s.clinic_number,
            "ends_at": s.ends_at,
            "revoked_at": s.revoked_at,
        }
        for s in access.own_shares(user).select_related("clinician", "team").order_by("created_at")
    ]
    views = [
        {"clinician": str(v.clinician) if v.clinician else None, "viewed_at": v.viewed_at, "what": v.what}
        for v in in_chunks(access.own_access_log(user), ("-viewed_at", "-pk"))
    ]
    plan = access.own_safety_plan(user)
    tail = {
        "questionnaires": [response_data(r) for r in answered.order_by("date", "instrument")],
        "safety_signals": [wording.as_data(signal) for signal in found],
        "medicines": [medicine_data(m) for m in access.own_medicines(user).order_by("pk")],
        "doses": [dose_data(d) for d in access.own_doses(user).select_related("medicine").order_by("taken_at", "pk")],
        "dose_effects": [effect_data(e) for e in access.own_dose_effects(user).select_related("dose")],
        "shares": shares,
        "views": views,
        "safety_plan": model_to_dict(plan, fields=[field for field, _heading, _prompt in plan.PARTS])
        | {"updated_at": plan.updated_at}
        if plan
        else None,
    }
    return exports.json_response(head, checkins, tail, f"mend-export-{stamp}.json")


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # The database cascades: check-ins, questionnaires, the safety plan, reminders,
            # devices, shares and the access log go with the account.
            user.delete()
        logout(request)
        messages.success(request, "Your account and all your check-ins have been deleted.")
        return redirect("home")
    counts = {
        "checkins": access.own_checkins(user).count(),
        "responses": access.own_responses(user).count(),
        "shares": access.own_shares(user).count(),
    }
    status = 400 if form.errors else 200
    return render(request, "sharing/delete_account.html", {"form": form, **counts}, status=status)
