from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url

from checkin.accounts.forms import AccountForm, LoginForm, SignupForm
from checkin.reminders.forms import CalendarForm, ReminderForm


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
    return account_page(request, form=form)


def account_page(request, form=None, calendar_form=None, reminder_settings=None, status=200):
    """The account page, with whichever of its forms came back with errors."""
    from checkin.reminders.views import own_reminder

    reminder = own_reminder(request.user)
    context = {
        "form": AccountForm(instance=request.user) if form is None else form,
        "calendar_form": CalendarForm() if calendar_form is None else calendar_form,
        "reminder_settings": ReminderForm(instance=reminder) if reminder_settings is None else reminder_settings,
        "reminder": reminder,
        "today": request.user.today(),
        "vapid_public_key": settings.MEND_VAPID_PUBLIC_KEY,
    }
    return render(request, "accounts/account.html", context, status=status)
