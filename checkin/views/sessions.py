from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from checkin.models import User


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
