"""Account protection: logging out everywhere, a throttled password reset."""

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from checkin.accounts import events
from checkin.accounts.forms import PasswordChangeForm, SetPasswordForm
from checkin.accounts.lockout import pair_of
from checkin.core.after_response import after_response
from checkin.core.ratelimit import LOCKOUTS_PER_PAIR, LOGIN_PER_ACCOUNT, RESET_PER_CLIENT, RESET_PER_EMAIL, client_ip
from checkin.models import User

# Each reset request sends an email: a few per hour per address asked for is
# plenty for a person and stops the form being used to flood an inbox.
RESET_THROTTLED = (
    "Email: we have already sent several links. Please look in your inbox and spam folder, or try again in an hour."
)


@login_required
@require_POST
def logout_everywhere(request):
    """End every session of this account, on every device, this one included.

    Raising session_generation changes the value each session is checked
    against (User.get_session_auth_hash), so Django drops those sessions on
    their next request.
    """
    User.objects.filter(pk=request.user.pk).update(session_generation=F("session_generation") + 1)
    logout(request)
    messages.success(request, "You are now logged out on every device, this one too. Log in again to carry on.")
    return redirect("login")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, throttled per email address and per client address.

    The refusal reads the same whether or not an account has that address,
    as Django's own "sent" page does; and the email goes after the answer, so
    the answer takes as long either way."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        allowed = RESET_PER_EMAIL.hit(email)
        allowed = RESET_PER_CLIENT.hit(client_ip(self.request)) and allowed
        if not allowed:
            form.add_error("email", RESET_THROTTLED)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        opts = {
            "use_https": self.request.is_secure(),
            "token_generator": self.token_generator,
            "from_email": self.from_email,
            "email_template_name": self.email_template_name,
            "subject_template_name": self.subject_template_name,
            "request": self.request,
            "html_email_template_name": self.html_email_template_name,
            "extra_email_context": self.extra_email_context,
        }
        return after_response(HttpResponseRedirect(self.get_success_url()), lambda: form.save(**opts))


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the emailed link proves the account is
    theirs: it also lifts a login lock-out for that account (and from this
    address, the next pause starts again at 15 minutes)."""

    form_class = SetPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.email)
        LOGIN_PER_ACCOUNT.clear(form.user.email)
        LOCKOUTS_PER_PAIR.clear(pair_of(form.user.email, client_ip(self.request)))
        events.record(form.user, events.PASSWORD_RESET)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, recorded on the account page and told by email."""

    form_class = PasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)
        events.record(form.user, events.PASSWORD_CHANGED)
        return response
