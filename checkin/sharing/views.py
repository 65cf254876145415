"""The patient's side of sharing: invitations, shares, who viewed what."""

import datetime
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checkin import access
from checkin.core.dates import long_date
from checkin.models import Share, invites
from checkin.models.sharing import INVITE_DAYS, UNDO_MINUTES, undo_cutoff
from checkin.sharing.forms import SHAREABLE, IncludeForm, InviteForm, LastDayForm

# Enough for several clinicians at once; stops a runaway script filling the list.
MAX_OPEN_INVITES = 10
RECENT_VIEWS = 10
# How long the share page says that a clinician ended a share.
DISCHARGE_SHOWN_DAYS = 30
VIEWS_PAGE_SIZE = 50
# The cookie that carries a new code from the POST to the page showing it once.
NEW_INVITE = "mend_new_invite"
NEW_INVITE_SECONDS = 300


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    patient = request.user
    today = patient.today()
    if request.method == "POST":
        form = InviteForm(request.POST, today=today)
        if form.is_valid():
            return _create_invite(request, form)
    else:
        form = InviteForm(today=today)
    now = timezone.now()
    # Everything still in play: open invitations and shares not revoked; and,
    # to say so, shares stopped moments ago (with Undo) or ended by the clinician lately.
    shares = list(
        access.own_shares(patient)
        .filter(
            Q(revoked_at__isnull=True)
            | Q(clinician__isnull=False, revoked_at__gte=undo_cutoff())
            | Q(ended_by_clinician=True, revoked_at__gte=now - datetime.timedelta(days=DISCHARGE_SHOWN_DAYS))
        )
        .filter(Q(clinician__isnull=False) | Q(invite_expires_at__gt=now))
        .select_related("clinician", "team")
        .prefetch_related("team__members")
        .order_by("-created_at")
    )
    for share in shares:
        share.patient = patient  # already loaded: last_day needs the patient's zone
    new_invite = _new_invite(request)
    # Stopped in the last few minutes: shown with Undo.
    discharged = [s for s in shares if s.ended_by_clinician]
    stopped = [s for s in shares if s.revoked_at and not s.ended_by_clinician]
    shares = [s for s in shares if not s.revoked_at]
    invitations = [s for s in shares if not s.is_redeemed]
    for invitation in invitations:
        if new_invite and str(invitation.pk) == new_invite["id"]:
            invitation.code = invites.display(new_invite["code"])
            invitation.link = _invite_link(request, new_invite["code"])
    context = {
        "form": form,
        "shares": [s for s in shares if s.is_redeemed],
        "invitations": invitations,
        "stopped": stopped,
        "discharged": discharged,
        "undo_minutes": UNDO_MINUTES,
        "views": access.own_access_log(patient)[:RECENT_VIEWS],
        "today": today,
        "invite_days": INVITE_DAYS,
    }
    response = render(request, "sharing/index.html", context, status=400 if form.errors else 200)
    if new_invite:
        response.delete_cookie(NEW_INVITE, path=reverse("share_index"))  # shown once
    return response


def _invite_link(request, code: str) -> str:
    # After "#": a browser never sends it to a server, so the code is in no access log
    # (static/js/invite-code.js fills the redeem form from it, through a login too).
    return request.build_absolute_uri(f"{reverse('clinician_redeem')}#code={invites.display(code)}")


def _new_invite(request) -> dict | None:
    """The invitation just created, from its short-lived signed cookie: the
    code is kept in no session row or URL, only on its way to this browser."""
    try:
        return json.loads(request.get_signed_cookie(NEW_INVITE, salt=NEW_INVITE, max_age=NEW_INVITE_SECONDS))
    except (KeyError, ValueError, signing.BadSignature):
        return None


def _create_invite(request, form):
    patient = request.user
    if access.own_shares(patient).pending().count() >= MAX_OPEN_INVITES:
        messages.error(
            request, f"You already have {MAX_OPEN_INVITES} open invitations. Cancel one you no longer need first."
        )
        return redirect("share_index")
    data = form.cleaned_data
    share, code = Share.objects.invite(patient, data["include_notes"], data["ends_on"], data["include_safety_plan"])
    # Carried to the page that shows it once (GET after POST), in this browser only.
    response = redirect("share_index")
    response.set_signed_cookie(
        NEW_INVITE,
        json.dumps({"id": str(share.pk), "code": code}),
        salt=NEW_INVITE,
        max_age=NEW_INVITE_SECONDS,
        path=reverse("share_index"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, share_id):
    """Stop a share (after a page that asks, naming the clinician) or cancel an invitation."""
    share = access.own_share(request.user, share_id)
    if request.method == "GET":
        if not share.is_active():
            return redirect("share_index")
        return render(request, "sharing/revoke.html", {"share": share, "undo_minutes": UNDO_MINUTES})
    share.revoke()
    if not share.is_redeemed:
        messages.success(request, "Invitation cancelled. Its code no longer works.")
    # A stopped share is listed at the top of the page, with Undo.
    return redirect("share_index")


@login_required
@require_POST
def undo_revoke(request, share_id):
    share = access.own_share(request.user, share_id)
    if share.undo_revoke():
        messages.success(request, f"Sharing with {share.recipient} again, as before.")
    else:
        messages.error(
            request,
            f"This can only be undone for {UNDO_MINUTES} minutes. To share again, create a new invitation code below.",
        )
    return redirect("share_index")


@login_required
@require_POST
def include(request, share_id, part):
    """Share or keep private one part of the patient's data (notes, safety plan) on one share."""
    share = access.own_share(request.user, share_id)
    form = IncludeForm(part, request.POST)
    field, words = form.field, SHAREABLE[part][2]
    if not form.is_valid():
        messages.error(request, form.errors[field][0])
        return redirect("share_index")
    setattr(share, field, form.cleaned_data[field])
    share.save(update_fields=[field])
    who = share.recipient or "This invitation"
    messages.success(request, f"{who} {'can now see' if getattr(share, field) else 'can no longer see'} your {words}.")
    return redirect("share_index")


@login_required
@require_http_methods(["GET", "POST"])
def last_day(request, share_id):
    patient = request.user
    share = access.own_share(patient, share_id)
    if share.revoked_at is not None:
        return redirect("share_index")
    initial = {"ends_on": share.last_day}
    form = LastDayForm(request.POST if request.method == "POST" else None, initial=initial, today=patient.today())
    if request.method == "POST" and form.is_valid():
        ends_on = form.cleaned_data["ends_on"]
        share.set_last_day(ends_on)
        if ends_on:
            messages.success(request, f"Sharing will stop after {long_date(ends_on)}.")
        else:
            messages.success(request, "Sharing now has no end date. You can still stop it at any time.")
        return redirect("share_index")
    status = 400 if form.errors else 200
    return render(request, "sharing/last_day.html", {"form": form, "share": share}, status=status)


@login_required
@require_GET
def views_log(request):
    page = Paginator(access.own_access_log(request.user), VIEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sharing/views.html", {"page": page})
