from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # One way in for everyone, with its limits and the second step.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("", include("checkin.urls")),
]

# A lost database shows the 503 page (checkin/web/errors.py), other errors the usual 500.
handler500 = "checkin.web.errors.server_error"
