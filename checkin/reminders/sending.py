"""One pass of sending the reminders that are due (``manage.py send_reminders``).

- Due patients come from one indexed query (``Reminder.next_at <= now``).
- Each patient-day is claimed before anything is sent: a conditional update
  that only one of two servers running at once can win, which also moves
  ``next_at`` to the next day. A send that fails gives the claim back, so
  the next pass tries again; nothing is lost or sent twice.
- Sends run concurrently, each with a timeout, and a pass stops starting
  sends after PASS_SECONDS (the rest are given back), so slow endpoints
  cannot hold up everyone's reminders. A notification carries only an
  invitation and a link (push services and mail servers are outside the
  clinic), and a time to live that ends with the patient's day.
- Push goes only to the browsers' push services, on public addresses, never
  through a redirect (push_endpoints.py); a subscription that fails
  MAX_FAILURES sends in a row is dropped.
"""

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from pywebpush import WebPushException, webpush

from checkin.models import PushSubscription, Reminder
from checkin.reminders.email_links import unsubscribe_token
from checkin.reminders.push_endpoints import endpoint_problem, resolves_publicly
from checkin.reminders.schedule import end_of_day, next_reminder

log = logging.getLogger("mend.reminders")

INVITATION = "A minute for today's check-in?"
SEND_TIMEOUT = 5  # seconds, per push or email
WORKERS = 16  # threads waiting on the network: a few slow endpoints leave the rest free
BATCH = 2000  # claimed per pass; the next pass takes the rest
PASS_SECONDS = 60  # no send starts later than this into a pass
MAX_FAILURES = 5  # push sends failed in a row before a subscription is dropped


@dataclass
class Pass:
    """What one pass did."""

    due: int = 0
    claimed: list = field(default_factory=list)  # patient ids reminded
    failed: list = field(default_factory=list)  # patient ids given back for the next pass
    expired: int = 0  # subscriptions the push service said are gone, or that failed too often


@dataclass
class Outcome:
    """One patient's reminder: delivered (or nothing left to deliver to), and
    which of their subscriptions were sent to, failed, or are to be dropped."""

    delivered: bool = False
    sent: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    dropped: list = field(default_factory=list)


def push_enabled() -> bool:
    return bool(settings.MEND_VAPID_PRIVATE_KEY and settings.MEND_VAPID_PUBLIC_KEY and settings.MEND_VAPID_SUBJECT)


def due(now):
    return Reminder.objects.filter(next_at__lte=now).select_related("patient").order_by("next_at")[:BATCH]


def claim(reminder: Reminder, now) -> bool:
    """Takes this patient-day for this pass; False when another pass took it first."""
    zone = reminder.patient.zone
    day = reminder.next_at.astimezone(zone).date()
    # No check-in can be later than the day being reminded, so that day is the last one done.
    after = next_reminder(now, zone, reminder.time, reminder.days, reminder.paused_until, day)
    won = Reminder.objects.filter(pk=reminder.pk, next_at=reminder.next_at).update(reminded_on=day, next_at=after)
    return won == 1


def give_back(reminder: Reminder) -> None:
    """A failed send: due again at the next pass (unless the patient changed something since)."""
    Reminder.objects.filter(pk=reminder.pk).update(reminded_on=reminder.reminded_on, next_at=reminder.next_at)


def run(now=None, dry_run=False) -> Pass:
    now = now or timezone.now()
    result = Pass()
    candidates = list(due(now))
    result.due = len(candidates)
    if dry_run:
        result.claimed = [r.patient_id for r in candidates]
        return result
    claimed = [r for r in candidates if claim(r, now)]
    subscriptions = {}
    if push_enabled():
        wanted = [r.patient_id for r in claimed if r.push]
        for subscription in PushSubscription.objects.filter(patient_id__in=wanted):
            subscriptions.setdefault(subscription.patient_id, []).append(subscription)
    elif any(r.push for r in claimed):
        log.warning(
            "Web Push is off (set MEND_VAPID_PRIVATE_KEY, MEND_VAPID_PUBLIC_KEY and MEND_VAPID_SUBJECT): "
            "sending reminder emails only"
        )
    # The sends touch no database (everything they need is read above), so threads need no connections.
    deadline = time.monotonic() + PASS_SECONDS
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(lambda r: _remind(r, subscriptions.get(r.patient_id, []), now, deadline), claimed))
    _count_failures(outcomes)
    for reminder, outcome in zip(claimed, outcomes):
        result.expired += len(outcome.dropped)
        if outcome.delivered:
            result.claimed.append(reminder.patient_id)
        else:
            give_back(reminder)
            result.failed.append(reminder.patient_id)
    return result


def _count_failures(outcomes: list[Outcome]) -> None:
    """A sent subscription starts counting again; a failed one counts up and,
    at MAX_FAILURES, is dropped with those the push service said are gone.
    Three queries for the whole pass."""
    sent = [s.pk for outcome in outcomes for s in outcome.sent]
    PushSubscription.objects.filter(pk__in=sent, failures__gt=0).update(failures=0)
    for outcome in outcomes:
        outcome.dropped += [s for s in outcome.failed if s.failures + 1 >= MAX_FAILURES]
    dropped = {s.pk for outcome in outcomes for s in outcome.dropped}
    failed = [s.pk for outcome in outcomes for s in outcome.failed if s.pk not in dropped]
    PushSubscription.objects.filter(pk__in=failed).update(failures=F("failures") + 1)
    PushSubscription.objects.filter(pk__in=dropped).delete()


def _remind(reminder: Reminder, subscriptions: list, now, deadline: float) -> Outcome:
    """Sends one patient's reminder on every channel they chose, unless the pass's time is up."""
    outcome = Outcome()
    if time.monotonic() > deadline:
        return outcome  # given back for the next pass; no endpoint's fault
    for subscription in subscriptions:
        result = send_push(subscription, reminder, now)
        {"sent": outcome.sent, "failed": outcome.failed, "expired": outcome.dropped}[result].append(subscription)
    delivered_email = reminder.email and send_email(reminder)
    tried = len(subscriptions) + bool(reminder.email)
    outcome.delivered = bool(outcome.sent or delivered_email or tried == len(outcome.dropped))
    return outcome


def send_push(subscription: PushSubscription, reminder: Reminder, now) -> str:
    """ "sent", "expired" (the push service no longer knows it, or it is no
    push service's address) or "failed"."""
    if endpoint_problem(subscription.endpoint):
        return "expired"
    if not resolves_publicly(subscription.endpoint):
        log.warning("push to subscription %s refused: its host does not resolve to public addresses", subscription.pk)
        return "failed"
    ttl = int((end_of_day(now, reminder.patient.zone) - now).total_seconds())
    data = json.dumps({"title": "Mend", "body": INVITATION, "url": reverse("checkin_today")})
    try:
        webpush(
            subscription.info(),
            data,
            vapid_private_key=settings.MEND_VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.MEND_VAPID_SUBJECT},
            ttl=max(ttl, 60),
            timeout=SEND_TIMEOUT,
            requests_session=_no_redirects(),
        )
        return "sent"
    except WebPushException as problem:
        status = getattr(problem.response, "status_code", None)
        if status in (404, 410):
            return "expired"
        log.warning("push to subscription %s failed: %s", subscription.pk, status or problem)
        return "failed"
    except Exception as problem:  # a network error: try again next pass
        log.warning("push to subscription %s failed: %s", subscription.pk, problem)
        return "failed"


def _no_redirects() -> requests.Session:
    """A push service answers; it never sends Mend elsewhere."""
    session = requests.Session()
    session.max_redirects = 0
    return session


def send_email(reminder: Reminder) -> bool:
    site = settings.MEND_SITE_URL
    stop = site + reverse("reminder_unsubscribe", args=[unsubscribe_token(reminder.patient)])
    body = (
        f"{INVITATION}\n\n{site}{reverse('checkin_today')}\n\n"
        "Mend sends this only on days you have not checked in yet.\n"
        f"To stop these emails: {stop}\n"
    )
    message = EmailMessage(
        subject=INVITATION,
        body=body,
        to=[reminder.patient.email],
        headers={"List-Unsubscribe": f"<{stop}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    try:
        return message.send() == 1
    except Exception as problem:  # the mail server: try again next pass
        log.warning("reminder email to patient %s failed: %s", reminder.patient_id, problem)
        return False
