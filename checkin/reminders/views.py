"""Pausing reminders, one-click unsubscribe, and devices' push subscriptions."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from checkin import access
from checkin.core.dates import day_name
from checkin.core.jsonapi import error, read_json
from checkin.models import PushSubscription, Reminder, User
from checkin.reminders.devices import SESSION_ENDPOINT
from checkin.reminders.email_links import unsubscribing_patient_id
from checkin.reminders.plan import plan
from checkin.reminders.push_endpoints import endpoint_problem

PAUSE_DAYS = 7
MAX_DEVICES = 10
KEY_LENGTHS = {name: PushSubscription._meta.get_field(name).max_length for name in ("p256dh", "auth")}


@login_required
@require_POST
def pause(request):
    """ "Pause reminders for a week" in one tap, and "Resume" to end the pause."""
    reminder = access.own_reminder(request.user)
    today = request.user.today()
    if request.POST.get("resume"):
        reminder.paused_until = None
        messages.success(request, "Reminders are back on.")
    else:
        reminder.paused_until = today + datetime.timedelta(days=PAUSE_DAYS - 1)
        messages.success(request, f"Reminders are paused until {day_name(reminder.paused_until)}.")
    plan(reminder)
    reminder.save()
    return redirect(reverse("account") + "#reminders-heading")


@csrf_exempt  # the signed token in the URL is the authority, as RFC 8058's one-click POST needs
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stops reminder emails, and nothing else, without logging in. GET asks
    (a link scanner must not unsubscribe anyone); POST, from the page or the
    mail program's one-click button, does it."""
    try:
        patient = User.objects.get(pk=unsubscribing_patient_id(token))
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        # The signed link stands in for logging in: it reaches this one setting only.
        reminder = Reminder.objects.filter(patient=patient).first()
        if reminder is not None:
            reminder.email = False
            if not reminder.push:
                reminder.next_at = None
            reminder.save(update_fields=["email", "next_at"])
        return render(request, "reminders/unsubscribe.html", {"done": True})
    return render(request, "reminders/unsubscribe.html", {"token": token})


@never_cache
def push_subscriptions(request):
    """POST stores this device's subscription ({endpoint, keys: {p256dh, auth}}); DELETE removes it."""
    if not request.user.is_authenticated:
        return error(401, {"__all__": ["Log in to turn notifications on or off."]})
    if request.method not in ("POST", "DELETE"):
        response = error(405, {"__all__": ["Use POST to add this device, or DELETE to remove it."]})
        response["Allow"] = "POST, DELETE"
        return response
    payload, problem = read_json(request, "subscription", fields={"endpoint", "keys"})
    if problem:
        return problem
    endpoint = payload.get("endpoint")
    if request.method == "DELETE":
        if not isinstance(endpoint, str):
            return error(400, {"endpoint": ["endpoint: send the address of the subscription to remove."]})
        PushSubscription.objects.filter(patient=request.user, endpoint=endpoint).delete()
        request.session.pop(SESSION_ENDPOINT, None)
        return JsonResponse({"deleted": True})
    problem = endpoint_problem(endpoint)
    if problem:
        return error(400, {"endpoint": [f"endpoint: {problem}"]})
    keys = payload.get("keys")
    if not (
        isinstance(keys, dict)
        and all(isinstance(keys.get(k), str) and 0 < len(keys[k]) <= KEY_LENGTHS[k] for k in KEY_LENGTHS)
    ):
        return error(
            400, {"keys": ["keys: send the subscription's p256dh and auth keys (at most 200 and 100 characters)."]}
        )
    # One row per device; a phone that changes hands moves to the account now signed in.
    PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"patient": request.user, "p256dh": keys["p256dh"], "auth": keys["auth"], "failures": 0},
    )
    # A patient has a few devices, not dozens: past MAX_DEVICES the oldest go.
    keep = PushSubscription.objects.filter(patient=request.user).order_by("-created_at", "-pk")[:MAX_DEVICES]
    PushSubscription.objects.filter(patient=request.user).exclude(
        pk__in=list(keep.values_list("pk", flat=True))
    ).delete()
    request.session[SESSION_ENDPOINT] = endpoint
    reminder = access.own_reminder(request.user)
    if not reminder.push:
        reminder.push = True
        plan(reminder)
        reminder.save()
    return JsonResponse({"stored": True}, status=201)
