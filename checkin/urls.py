from django.contrib.auth import views as auth_views
from django.urls import include, path

from checkin.forms import PasswordChangeForm
from checkin.views import account_security, accounts, api, guidance, patient, public
from checkin.views import trends as trends_views

urlpatterns = [
    path("", patient.home, name="home"),
    path("checkin/", patient.checkin_today, name="checkin_today"),
    path("checkin/<str:day>/", patient.checkin_day, name="checkin_day"),
    # Not under /checkin/: the service worker keeps any form posted there offline as a check-in.
    path("history/<str:day>/delete/", patient.checkin_delete, name="checkin_delete"),
    path("history/", patient.history, name="history"),
    path("api/checkins/", api.checkins, name="api_checkins"),
    path("trends/", trends_views.trends_page, name="trends"),
    path("api/trends/", trends_views.trends_api, name="trends_api"),
    path("help/", public.help_page, name="help"),
    path("guidance/", guidance.index, name="guidance_index"),
    path("guidance/<slug:slug>/", guidance.page, name="guidance_page"),
    path("healthz", public.healthz, name="healthz"),
    # Accounts
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", account_security.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        account_security.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", accounts.account, name="account"),
    path("account/logout-everywhere/", account_security.logout_everywhere, name="logout_everywhere"),
    path("account/reminder.ics", accounts.reminder, name="account_reminder"),
    # Sharing with clinicians, export and delete, the clinician pages
    path("", include("checkin.urls_sharing")),
]
