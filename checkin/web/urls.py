from django.urls import path

from checkin.web import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
