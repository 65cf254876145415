from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_GET

from checkin.accounts import reminders
from checkin.accounts.forms import AccountForm, LoginForm, ReminderForm, SignupForm


class LoginView(auth_views.LoginView):
    """Django's login, with the email form. Without a ?next=, clinicians land
    on their list of patients, which is what they come for; everyone else on
    home. (A clinician's own check-ins stay a tap away, under Home.)"""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        if self.request.user.is_clinician:
            return resolve_url("clinician_home")
        return super().get_default_redirect_url()


def signup(request):
    if request.user.is_authenticated:
        return redirect("checkin_today")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Mend. Here is your first check-in: it takes about thirty seconds.")
        return redirect("checkin_today")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def account(request):
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your account is saved.")
        return redirect("account")
    return _account_page(request, form=form)


def _account_page(request, form=None, reminder_form=None, status=200):
    """The account page, with whichever of its two forms came back with errors."""
    context = {
        "form": AccountForm(instance=request.user) if form is None else form,
        "reminder_form": ReminderForm() if reminder_form is None else reminder_form,
    }
    return render(request, "accounts/account.html", context, status=status)


@login_required
@require_GET
def reminder(request):
    """The daily reminder as a calendar file, at the time the account page's form asks for."""
    form = ReminderForm(request.GET)
    if not form.is_valid():
        return _account_page(request, reminder_form=form, status=400)
    # The same for one person every time: a calendar can then replace the
    # reminder it has rather than add a second one.
    uid = f"{salted_hmac('mend.reminder', request.user.pk).hexdigest()[:32]}@{request.get_host()}"
    url = request.build_absolute_uri(reverse("checkin_today"))
    body = reminders.daily_reminder(request.user.today(), form.cleaned_data["time"], url, uid)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mend-reminder.ics"'
    return response
