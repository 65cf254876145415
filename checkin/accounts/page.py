"""The account page, drawn by its own view and again by the reminder views
when one of its forms comes back with errors."""

from django.conf import settings
from django.shortcuts import render

from checkin import access
from checkin.accounts.forms import AccountForm
from checkin.models import AccountEvent
from checkin.reminders.forms import CalendarForm, ReminderForm

RECENT_EVENTS = 10


def account_page(request, form=None, calendar_form=None, reminder_settings=None, status=200):
    """The account page, with whichever of its forms came back with errors."""
    reminder = access.own_reminder(request.user)
    context = {
        "form": AccountForm(instance=request.user) if form is None else form,
        "calendar_form": CalendarForm() if calendar_form is None else calendar_form,
        "reminder_settings": ReminderForm(instance=reminder) if reminder_settings is None else reminder_settings,
        "reminder": reminder,
        "today": request.user.today(),
        "events": list(AccountEvent.objects.filter(account=request.user).select_related("by")[:RECENT_EVENTS]),
        "vapid_public_key": settings.MEND_VAPID_PUBLIC_KEY,
    }
    return render(request, "accounts/account.html", context, status=status)
