from django.urls import include, path

from checkin.reminders import views

urlpatterns = [
    path(
        "account/reminders/",
        include(
            [
                path("", views.save_settings, name="reminder_settings"),
                path("pause/", views.pause, name="reminder_pause"),
            ]
        ),
    ),
    path("account/reminder.ics", views.calendar_file, name="account_reminder"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="reminder_unsubscribe"),
    path("api/push-subscriptions/", views.push_subscriptions, name="api_push_subscriptions"),
]
