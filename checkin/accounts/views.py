from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from checkin.accounts import events, known_devices
from checkin.accounts import signup as signup_flow
from checkin.accounts.forms import AccountForm, LoginForm, SignupForm
from checkin.accounts.lockout import login_email
from checkin.accounts.page import account_page
from checkin.core.after_response import after_response
from checkin.core.ratelimit import (
    LOGIN_PER_ACCOUNT,
    LOGIN_PER_ADDRESS,
    SIGNUP_PER_CLIENT,
    SIGNUP_PER_EMAIL,
    client_ip,
)

ACCOUNT_PAUSED = (
    "Logging in to this account is paused for up to 15 minutes: there were too many wrong passwords for it, "
    "from more than one place. If you have forgotten your password, setting a new one lifts the pause at once."
)
ADDRESS_PAUSED = "Too many wrong passwords from this network. Please wait 15 minutes, then try again."


def landing_url(user) -> str:
    """Where someone lands after signing in with no ?next=: clinicians on their
    list of patients, which is what they come for; everyone else on home."""
    return resolve_url("clinician_home" if user.is_clinician else settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """Django's login, with the email form. Without a ?next=, clinicians land
    on their list of patients, which is what they come for; everyone else on
    home. (A clinician's own check-ins stay a tap away, under Home.)

    Besides axes' lock per account and address, two limits stop password
    spraying (checkin/core/ratelimit.py): per account from any address, and
    per address across accounts. Either refuses even a right password until
    its window ends, except on a device the account has signed in from
    before (known_devices.py); the account's owner can also lift theirs by
    resetting the password. An address is counted whether or not its account
    exists, so the answer says nothing about who has an account."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        email = login_email(request, None)
        if not (email and known_devices.is_known(request, email)):
            if LOGIN_PER_ADDRESS.is_over(client_ip(request)):
                return self._paused(ADDRESS_PAUSED)
            if email and LOGIN_PER_ACCOUNT.is_over(email):
                return self._paused(ACCOUNT_PAUSED)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        new_device = not known_devices.is_known(self.request, user.email)
        response = super().form_valid(form)
        # Staff read many patients' data: a sign-in from a device never seen
        # before is told to them, so a stolen password does not go unnoticed.
        if new_device and (user.is_clinician or user.is_staff):
            events.record(user, events.NEW_DEVICE)
        known_devices.remember(self.request, response, user.email)
        return response

    def form_invalid(self, form):
        email = login_email(self.request, None)
        if email and "password" in self.request.POST:
            LOGIN_PER_ACCOUNT.hit(email)
            LOGIN_PER_ADDRESS.hit(client_ip(self.request))
        return super().form_invalid(form)

    def _paused(self, message):
        form = self.get_form()
        form.errors.clear()
        return self.render_to_response(self.get_context_data(form=form, paused=message), status=429)

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


@never_cache
def signup(request):
    if request.user.is_authenticated:
        return redirect("checkin_today")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not (SIGNUP_PER_CLIENT.hit(client_ip(request)) and SIGNUP_PER_EMAIL.hit(email)):
            form.add_error(None, "Too many sign-ups from here just now. Please wait an hour and try again.")
            return render(request, "registration/signup.html", {"form": form}, status=429)
        send = signup_flow.start(
            request, email, form.cleaned_data["password1"], form.cleaned_data["time_zone"], form.cleaned_data["name"]
        )
        # The same page, in the same time, whether or not the address has an account.
        return after_response(render(request, "registration/signup_sent.html", {"email": email}), send)
    return render(request, "registration/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def signup_confirm(request, token):
    """The emailed link. GET asks for one tap (a mail scanner fetching the link
    must not use it up); POST creates the account, signs the patient in and
    opens their first check-in. The link then works no more."""
    if request.method == "GET":
        if signup_flow.pending(token) is None:
            return render(request, "registration/signup_sent.html", {"invalid": True}, status=400)
        return render(request, "registration/signup_confirm.html")
    user = signup_flow.finish(token)
    if user is None:
        return render(request, "registration/signup_sent.html", {"invalid": True}, status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, "Welcome to Mend. Here is your first check-in: it takes about thirty seconds.")
    return redirect("checkin_today")


@login_required
def account(request):
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your account is saved.")
        return redirect("account")
    return account_page(request, form=form)
