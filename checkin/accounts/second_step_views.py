"""The pages of two-step sign-in (the rules are in checkin/accounts/second_step.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from checkin.accounts import second_step
from checkin.accounts.forms import SecondStepCodeForm
from checkin.accounts.views import landing_url
from checkin.core.ratelimit import SECOND_STEP_PER_ACCOUNT

WRONG_CODE = (
    "Code: that code did not work. Use the one the app shows now (it changes every 30 seconds), or a recovery code."
)
WRONG_NEW_CODE = (
    "Code: that code did not work. Type the 6 digits the app shows for Mend now; they change every 30 seconds."
)
TOO_MANY_CODES = "Too many codes tried. Please wait 15 minutes, or use a passkey."
CODE_WAIT = (
    "Code: wait {seconds} second{plural} and try the code again. After a wrong code Mend waits a little longer "
    "each time, to stop guessing; your code was not checked."
)
LAST_ONE = "Clinicians and admins need a second step: add another one before removing this one."


def next_url(request) -> str:
    """Where to go once this step is done: a safe ?next=, else the person's usual landing page."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return landing_url(request.user)


def with_next(request, name: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


@login_required
def verify(request):
    """After the password: a passkey, an app's code, or a recovery code."""
    user = request.user
    if user.is_verified() or not second_step.needed(user):
        return redirect(next_url(request))
    if not user.second_step:
        return redirect(with_next(request, "second_step_setup"))
    form, status = SecondStepCodeForm(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if not SECOND_STEP_PER_ACCOUNT.hit(str(user.pk)):
            form.add_error("code", TOO_MANY_CODES)
            status = 429
        elif wait := second_step.code_wait_seconds(user, code):
            form.add_error("code", CODE_WAIT.format(seconds=wait, plural="" if wait == 1 else "s"))
            status = 429
        elif second_step.pass_with_code(request, code):
            return redirect(next_url(request))
        else:
            form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "next": next_url(request),
        "has_passkey": second_step.passkeys(user).exists(),
        "has_app": second_step.apps(user).exists(),
    }
    return render(request, "registration/second_step.html", context, status=status)


@login_required
def setup(request):
    """Every second step of this account, with ways to add and remove them."""
    user = request.user
    context = {
        "passkeys": list(second_step.passkeys(user)),
        "apps": list(second_step.apps(user)),
        "codes_left": second_step.recovery_codes_left(user),
        "required": second_step.required(user),
        "next": next_url(request),
    }
    return render(request, "accounts/second_step.html", context)


@login_required
def add_app(request):
    """An authenticator app: scan the code (or type the key), then confirm with its first 6 digits."""
    device = second_step.pending_app(request.user)
    form = SecondStepCodeForm(request.POST or None, recovery=False)
    if request.method == "POST" and form.is_valid():
        if second_step.add_app(request, device, form.cleaned_data["code"]):
            return codes_or_back(request, "Your authenticator app is added.")
        form.add_error("code", WRONG_NEW_CODE)
    context = {
        "form": form,
        "qr_code": second_step.qr_code(device),
        "setup_key": second_step.setup_key(device),
        "next": next_url(request),
    }
    return render(request, "accounts/second_step_app.html", context)


@login_required
@require_POST
def recovery_codes(request):
    """New recovery codes on request; after a first passkey (static/js/passkeys.js), the first ones."""
    if request.POST.get("after") == "passkey":
        return codes_or_back(request, "Your passkey is added.")
    return show_new_codes(request)


def codes_or_back(request, done: str):
    """After a new second step: the first recovery codes, if there are none yet."""
    if second_step.recovery_codes_left(request.user):
        messages.success(request, done)
        return redirect(with_next(request, "second_step_setup"))
    return show_new_codes(request, done)


def show_new_codes(request, done: str = ""):
    if not request.user.second_step:
        raise Http404("Recovery codes stand in for a passkey or an app; there is none yet.")
    codes = second_step.new_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "done": done, "next": next_url(request)})


@login_required
@require_POST
def remove(request, kind, pk):
    user = request.user
    devices = {"passkey": second_step.passkeys, "app": second_step.apps}
    if kind not in devices:
        raise Http404
    device = get_object_or_404(devices[kind](user), pk=pk)
    if second_step.required(user) and second_step.passkeys(user).count() + second_step.apps(user).count() == 1:
        messages.error(request, LAST_ONE)
    else:
        second_step.remove(user, device)
        messages.success(request, "Removed. It no longer signs you in.")
    return redirect("second_step_setup")
