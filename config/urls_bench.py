"""Mend's URLs plus /bench/ok, the benchmark's ceiling (config/settings_bench.py)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler500, urlpatterns as app_urlpatterns  # noqa: F401 (handler500 is read from here)


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok), *app_urlpatterns]
