"""The reminder forms on the account page: saving the settings, and the
calendar file. Each draws the account page again, with the form's message,
when what was sent is not allowed; so they live beside that page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_GET, require_POST

from checkin import access
from checkin.accounts.page import account_page
from checkin.models import PushSubscription
from checkin.reminders import calendar
from checkin.reminders.forms import CalendarForm, ReminderForm
from checkin.reminders.plan import plan
from checkin.reminders.schedule import in_words

# The tag that places a message beside the reminder form rather than atop the page.
REMINDERS_SAID = "reminders-said"


@login_required
@require_POST
def save_settings(request):
    form = ReminderForm(request.POST, instance=access.own_reminder(request.user))
    if not form.is_valid():
        return account_page(request, reminder_settings=form, status=400)
    reminder = form.save(commit=False)
    plan(reminder)
    reminder.save()
    # Said beside the button that saved, in words of what will happen.
    words = in_words(reminder.time, reminder.days, reminder.push, reminder.email)
    if reminder.push and not PushSubscription.objects.filter(patient=request.user).exists():
        words += " Notifications also need turning on on each device: tap “Turn on notifications on this device”."
    say = messages.success if reminder.push or reminder.email else messages.warning
    say(request, words, extra_tags=REMINDERS_SAID)
    return redirect(reverse("account") + "#reminders-said")


@login_required
@require_GET
def calendar_file(request):
    """The daily reminder as a calendar file, at the time the account page's form asks for."""
    form = CalendarForm(request.GET)
    if not form.is_valid():
        return account_page(request, calendar_form=form, status=400)
    # The same for one person every time: a calendar can then replace the
    # reminder it has rather than add a second one.
    uid = f"{salted_hmac('mend.reminder', request.user.pk).hexdigest()[:32]}@{request.get_host()}"
    url = request.build_absolute_uri(reverse("checkin_today"))
    body = calendar.daily_reminder(request.user.today(), form.cleaned_data["time"], url, uid)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mend-reminder.ics"'
    return response
