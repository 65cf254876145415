from django.urls import path

from checkin.safety import views

urlpatterns = [
    path("help/", views.help_page, name="help"),
    path("safety-plan/", views.safety_plan, name="safety_plan"),
]
