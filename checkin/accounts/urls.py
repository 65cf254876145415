from django.contrib.auth import views as auth_views
from django.urls import include, path

from checkin.accounts import data_views, passwords, reminder_views, second_step, second_step_views, views

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/signup/confirm/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/second-step/", second_step_views.verify, name="second_step"),
    path("account/second-step/", second_step_views.setup, name="second_step_setup"),
    path("account/second-step/app/", second_step_views.add_app, name="second_step_app"),
    path("account/second-step/recovery-codes/", second_step_views.recovery_codes, name="second_step_codes"),
    path("account/second-step/<str:kind>/<int:pk>/remove/", second_step_views.remove, name="second_step_remove"),
    # Passkeys: django-otp-webauthn's JSON views, its last registration step logged.
    path(
        "webauthn/registration/complete/",
        second_step.PasskeyRegistrationComplete.as_view(),
        name="passkey_registration_complete",
    ),
    path(
        "webauthn/authentication/complete/",
        second_step.PasskeySignIn.as_view(),
        name="passkey_authentication_complete",
    ),
    path("webauthn/", include("django_otp_webauthn.urls")),
    path("account/", views.account, name="account"),
    path("account/reminders/", reminder_views.save_settings, name="reminder_settings"),
    path("account/reminder.ics", reminder_views.calendar_file, name="account_reminder"),
    path("account/logout-everywhere/", passwords.logout_everywhere, name="logout_everywhere"),
    path("account/export/", data_views.export, name="account_export"),
    path("account/delete/", data_views.delete_account, name="account_delete"),
]
