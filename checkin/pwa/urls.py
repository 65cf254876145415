from django.urls import include, path

from checkin.pwa import views

urlpatterns = [
    # Ahead of django-pwa's, which serves a fixed file: Mend's names this deploy's caches.
    path("serviceworker.js", views.service_worker, name="mend_serviceworker"),
    path("favicon.ico", views.favicon),
    path("offline/", views.offline, name="offline"),
    path("manifest.json", views.manifest, name="manifest"),
    path("", include("pwa.urls")),
]
