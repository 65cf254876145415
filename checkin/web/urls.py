from django.urls import path

from checkin.web import views

urlpatterns = [
    path("help/", views.help_page, name="help"),
    path("healthz", views.healthz, name="healthz"),
]
