from django.urls import path

from checkin.core import converters  # noqa: F401  (registers <isodate:...>)
from checkin.daily import api, views

urlpatterns = [
    path("", views.home, name="home"),
    path("checkin/", views.checkin_today, name="checkin_today"),
    path("checkin/<isodate:day>/", views.checkin_day, name="checkin_day"),
    # Not under /checkin/: the service worker keeps any form posted there offline as a check-in.
    path("history/<isodate:day>/delete/", views.checkin_delete, name="checkin_delete"),
    path("history/same-again/", views.same_again, name="checkin_same_again"),
    path("history/", views.history, name="history"),
    path("api/checkins/", api.Checkins.as_view(), name="api_checkins"),
]
