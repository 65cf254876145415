import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from checkin import access
from checkin.core.dates import day_name
from checkin.daily.forms import CheckInForm
from checkin.domain import triage
from checkin.domain.answers import ANSWER_FIELDS, COPYABLE_FIELDS
from checkin.insights.cards import cards_for, lookback_days
from checkin.insights.pages import SPARKLINE_DAYS, sparkline
from checkin.insights.patterns import RED_FLAG_MIN_WINDOW
from checkin.insights.rules import load_rules
from checkin.models import FIRST_DATE, CheckIn, ExerciseKind, SafetyPlan
from checkin.questionnaires import responses
from checkin.safety import lines as crisis
from checkin.safety import reading, signals
from checkin.safety.home import home_signals

HISTORY_PAGE_SIZE = 30
# The week table and the sparkline show this many days; the page reads more
# when the pattern rules look further back (guidance.lookback_days).
WEEK_DAYS = 7
# Session key: the version (updated_at) of the check-in home's "Same as
# yesterday" saved. Home offers Undo while today's check-in is still that
# version: for the rest of the day, until anything changes it.
JUST_COPIED = "just_copied"


def home(request):
    if not request.user.is_authenticated:
        return render(request, "web/landing.html")
    today = request.user.today()
    # One read of recent days serves every part of the page.
    rules = load_rules()
    days = max(WEEK_DAYS, SPARKLINE_DAYS, lookback_days(rules))
    recent = list(access.own_checkins(request.user).between(today - datetime.timedelta(days=days - 1), today))
    by_date = {c.date: c for c in recent}
    week = [today - datetime.timedelta(days=n) for n in range(WEEK_DAYS)]
    # A new account: no empty rows for days before it existed (unless some were filled in).
    joined = request.user.date_joined.astimezone(request.user.zone).date()
    if joined > week[-1] and not access.own_checkins(request.user).filter(date__lt=joined).exists():
        week = [day for day in week if day >= joined]
    todays = by_date.get(today)
    previous = max((c for c in recent if c.date < today), key=lambda c: c.date, default=None)
    just_copied = todays is not None and request.session.get(JUST_COPIED) == todays.updated_at.isoformat()
    # One read of the last two weeks' questionnaires serves the direct question and the safety cards.
    days_seen = [c.as_day() for c in reversed(recent)]
    measures = reading.own_measures(access.own_responses(request.user), today)
    ask = todays is None and signals.should_ask(days_seen, measures, today)
    measure_due, measure_asked = _measure_due(request.user, today)
    context = {
        "today": today,
        "todays": todays,
        # "Same as yesterday" saves in one tap; then it says what, with Change and Undo.
        "same_again": _copy_label(previous, today, is_today=True) if todays is None else None,
        "just_copied": just_copied,
        **(_signs_question(todays, previous, today) if just_copied else {}),
        "week": [(day, by_date.get(day)) for day in week],
        "welcome": not recent,
        # No check-in yet: pain and mood on home itself (two taps save a bad-day
        # check-in). A bad-day one: sleep and activity on home, when ready.
        "quick": CheckInForm(today=today, ask_self_harm=ask) if todays is None else None,
        "rest": CheckInForm(
            instance=todays,
            initial={"exercise_kind": ExerciseKind.NONE},
            today=today,
            last_kind=next((c.exercise_kind for c in recent if c.exercise_kind not in (ExerciseKind.NONE, "")), ""),
        )
        if todays is not None and todays.sleep_hours is None
        else None,
        "sparkline": sparkline(recent, today),
        "cards": cards_for(recent, today, rules),
        "home_signals": home_signals(days_seen, measures, today),
        "has_plan": SafetyPlan.objects.filter(patient=request.user).exists(),
        "measure_due": measure_due,
        "measure_asked": measure_asked,
    }
    return render(request, "daily/home.html", context)


def _signs_question(todays, previous, today) -> dict:
    """After "Same as yesterday": today's answers as they are, to send again
    with any warning signs ticked, and the signs the copied day had."""
    values = [(name, getattr(todays, name)) for name in ANSWER_FIELDS if name != "symptoms"]
    return {
        "signs": CheckInForm(instance=todays, today=today),
        "todays_values": [(name, value) for name, value in values if value not in (None, "")],
        "previous_signs": [sign.words for sign in triage.signs_of(previous.symptoms)] if previous else [],
    }


def _measure_due(patient, today):
    """The first questionnaire due today and the clinician's request for it
    (or None), unless the patient said "Not now" today."""
    if patient.measures_hidden_on == today:
        return None, None
    return next(iter(responses.due_today(patient, today)), (None, None))


@login_required
def checkin_today(request):
    return _checkin_form(request, request.user.today(), is_today=True)


def _copy_label(previous, day, is_today) -> str | None:
    """The "Same as ..." button's words: the day it copies, as the patient would say it."""
    if previous is None:
        return None
    if previous.date == day - datetime.timedelta(days=1):
        return "Same as yesterday" if is_today else "Same as the day before"
    return f"Same as {day_name(previous.date)}"


@login_required
def checkin_day(request, day: datetime.date):
    today = request.user.today()
    if day == today:
        return redirect("checkin_today")
    if not FIRST_DATE <= day < today:
        raise Http404("Check-ins are for days from 2000 up to today")
    return _checkin_form(request, day, is_today=False)


def _checkin_form(request, day, is_today):
    patient = request.user
    today = patient.today()
    existing = access.own_checkin_on(patient, day)
    ask = day == today and reading.ask_self_harm(access.own_checkins(patient), access.own_responses(patient), today)
    if request.method == "POST":
        form = CheckInForm(request.POST, instance=existing, today=today, day=day, ask_self_harm=ask)
        saved = _save(form, patient, day, existing) if form.is_valid() else None
        if saved is not None:
            checkin, created = saved
            if checkin.date != day and existing is not None:
                messages.success(request, f"Moved your check-in from {day_name(day)} to {day_name(checkin.date)}.")
            else:
                messages.success(request, _saved_message(checkin, created, today))
            if checkin.symptoms and (today - checkin.date).days >= RED_FLAG_MIN_WINDOW:
                # Too long ago for the home page's red-flag card, but the
                # symptoms may not have gone: say what to do all the same.
                messages.error(request, _old_red_flag_message(checkin))
            return redirect("home")
    # The last check-in before this day, which "Same as ..." copies from.
    previous = None if existing else _last_before(patient, day)
    if request.method != "POST":
        initial = {"date": day}
        if previous and request.GET.get("copy") == "yesterday":
            initial.update(_copied(previous))
        last_kind = "" if existing else _last_kind(patient, day)
        form = CheckInForm(
            instance=existing, initial=initial, today=today, day=day, ask_self_harm=ask, last_kind=last_kind
        )
    return render(
        request,
        "daily/checkin.html",
        {
            "form": form,
            "day": day,
            "is_today": is_today,
            "existing": existing,
            "copy_label": _copy_label(previous, day, is_today) if request.GET.get("copy") != "yesterday" else None,
            "action": reverse("checkin_today") if is_today else reverse("checkin_day", args=[day.isoformat()]),
            # For the phone to show what to do about warning signs saved offline.
            "warning": crisis.warning_config(),
        },
    )


def _last_kind(patient, day) -> str:
    """The kind of activity the patient last noted before ``day`` ("" for none)."""
    noted = access.own_checkins(patient).filter(date__lt=day).exclude(exercise_kind__in=(ExerciseKind.NONE, ""))
    return noted.values_list("exercise_kind", flat=True).first() or ""


def _last_before(patient, day):
    """The patient's last check-in before ``day``: what "Same as ..." copies."""
    return access.own_checkins(patient).filter(date__lt=day).first()


def _copied(previous) -> dict:
    """The answers "Same as ..." copies: the numbers and the kind of activity."""
    return {name: getattr(previous, name) for name in COPYABLE_FIELDS}


@login_required
@require_POST
def same_again(request):
    """Home's "Same as yesterday": today's check-in saved at once from the last
    one's numbers and kind of activity. Warning signs and the note belong to
    their own day, so they stay empty; home then asks about today's signs."""
    patient = request.user
    today = patient.today()
    previous = _last_before(patient, today)
    if previous is None or access.own_checkin_on(patient, today) is not None:
        return redirect("home")
    values = _copied(previous) | {"symptoms": [], "note": ""}
    checkin, _ = CheckIn.objects.save_day(patient, today, values)
    request.session[JUST_COPIED] = checkin.updated_at.isoformat()
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def checkin_delete(request, day: datetime.date):
    """Delete one of the patient's own check-ins, after a page that asks first
    (or at once for home's Undo, which follows the tap it undoes)."""
    checkin = access.own_checkin_on(request.user, day)
    if checkin is None:
        raise Http404("No check-in on that day")
    if request.method == "POST":
        checkin.delete()
        if request.POST.get("undo"):
            messages.success(request, "Undone: today has no check-in yet.")
            return redirect("home")
        messages.success(request, f"Deleted your check-in for {day_name(checkin.date)}.")
        return redirect("history")
    return render(request, "daily/checkin_delete.html", {"checkin": checkin})


def _save(form, patient, day, existing):
    """Save a valid form for ``day``; (check-in, created), or None with an error on the form.

    Changing the Day field moves this day's check-in to the other day. It
    never overwrites a check-in the other day already has: that one is
    changed from its own form.
    """
    target = form.cleaned_data["date"] or day
    values = {name: form.cleaned_data[name] for name in form.Meta.fields}
    if target == day:
        return CheckIn.objects.save_day(patient, day, values, form.cleaned_data["client_uuid"])
    taken = f"Day: {day_name(target)} already has a check-in. Open it from History to change it, or choose another day."
    if access.own_checkin_on(patient, target) is not None:
        form.add_error("date", taken)
        return None
    if existing is None:
        return CheckIn.objects.save_day(patient, target, values, form.cleaned_data["client_uuid"])
    for name, value in values.items():
        setattr(existing, name, value)
    existing.date = target
    try:
        with transaction.atomic():
            existing.save()
    except IntegrityError:  # the other day was saved in the meantime
        form.add_error("date", taken)
        return None
    return existing, False


def _old_red_flag_message(checkin):
    signs = triage.signs_of(checkin.symptoms)
    words = " and ".join(sign.words for sign in signs)
    if signs and signs[0].level == triage.EMERGENCY:
        what = "go to an emergency department now, or call the emergency number"
    else:
        what = "get medical advice today"
    return (
        f"You noted {words} on {day_name(checkin.date)}. If you still have any of this, please {what}. "
        "“Get help now” at the top of every page says where to turn."
    )


def _saved_message(checkin, created, today):
    when = "today" if checkin.date == today else day_name(checkin.date)
    verb = "Saved" if created else "Updated"
    if checkin.sleep_hours is None:
        return f"{verb} your pain and mood for {when}. Thank you. Sleep and activity can wait, or be left out."
    return f"{verb} your check-in for {when}. Thank you."


@login_required
def history(request):
    checkins = access.own_checkins(request.user).order_by("-date")
    page = Paginator(checkins, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    yesterday = request.user.today() - datetime.timedelta(days=1)
    return render(request, "daily/history.html", {"page": page, "yesterday": yesterday})
