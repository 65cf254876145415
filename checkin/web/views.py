from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from checkin.web.errors import database_answers


@never_cache
def healthz(request):
    """200 when the database answers; load balancers poll it."""
    if not database_answers():
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
