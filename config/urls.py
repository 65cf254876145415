from django.contrib import admin
from django.urls import include, path

from checkin.views import pwa as pwa_views

urlpatterns = [
    path("admin/", admin.site.urls),
    # Ahead of django-pwa's, which serves a fixed file: Mend's names this deploy's caches.
    path("serviceworker.js", pwa_views.service_worker, name="mend_serviceworker"),
    path("favicon.ico", pwa_views.favicon),
    path("", include("pwa.urls")),
    path("", include("checkin.urls")),
]

# A lost database shows the 503 page (checkin/security.py), other errors the usual 500.
handler500 = "checkin.security.server_error"
