"""Mend's URLs, one file per area; the PWA's come first (django-pwa's must
precede any catch-all)."""

from django.urls import include, path

urlpatterns = [
    path("", include(f"checkin.{area}.urls"))
    for area in (
        "pwa",
        "daily",
        "insights",
        "guidance",
        "accounts",
        "sharing",
        "safety",
        "questionnaires",
        "medicines",
        "interop",
        "reminders",
        "web",
    )
]
