from django.urls import path

from checkin.reminders import views

# The settings form and the calendar file are the account page's: accounts/urls.py.
urlpatterns = [
    path("account/reminders/pause/", views.pause, name="reminder_pause"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="reminder_unsubscribe"),
    path("api/push-subscriptions/", views.push_subscriptions, name="api_push_subscriptions"),
]
