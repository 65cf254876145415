from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from checkin.forms import AccountForm, SignupForm


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
