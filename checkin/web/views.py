from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from checkin.guidance.rules import SEEK_HELP_SLUG
from checkin.models import GuidancePage, SafetyPlan


def help_page(request):
    """ "Get help now": the number to call, the crisis lines and the warning
    signs from their one source each, and the "seek help now" guidance page."""
    page = GuidancePage.objects.published().prefetch_related("sources").filter(slug=SEEK_HELP_SLUG).first()
    user = request.user
    has_plan = user.is_authenticated and SafetyPlan.objects.filter(patient=user).exists()
    return render(request, "web/help.html", {"page": page, "has_plan": has_plan})


@never_cache
def healthz(request):
    """200 when the database answers; load balancers poll it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
