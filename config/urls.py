from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("checkin.urls")),
]

# A lost database shows the 503 page (checkin/web/errors.py), other errors the usual 500.
handler500 = "checkin.web.errors.server_error"
