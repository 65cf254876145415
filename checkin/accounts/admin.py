"""The admin for accounts.

Check-ins, notes and shares are deliberately not registered: staff status is
not a clinician's, and health data is not browsable in /admin/.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from checkin.models import AccountEvent, User

ADMIN_SET_PASSWORD = "An admin set a new password for your account"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_clinician", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_clinician", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["name", "time_zone"]}),
        ("Role", {"fields": ["is_clinician", "is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def user_change_password(self, request, id, form_url=""):
        """An admin setting someone else's password is logged where the account's
        owner reads it: their account page."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            account = self.get_object(request, id)
            if account is not None and account.pk != request.user.pk:
                AccountEvent.objects.create(account=account, by=request.user, what=ADMIN_SET_PASSWORD)
        return response

