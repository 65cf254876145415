from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url

from checkin.forms import AccountForm, LoginForm, SignupForm


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
    return render(request, "patient/account.html", {"form": form})
