"""The admin for accounts.

Check-ins, notes and shares are deliberately not registered: staff status is
not a clinician's, and health data is not browsable in /admin/.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential

from checkin.accounts import events, second_step
from checkin.accounts.events import ADMIN_SET_PASSWORD
from checkin.models import User

# Second steps change only on the owner's own pages or by the logged reset
# below: an admin who could add an app to someone's account could sign in as them.
for model in (StaticDevice, TOTPDevice, WebAuthnCredential, WebAuthnAttestation):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


ROLE_FIELDS = {"is_clinician": "a clinician", "is_staff": "staff", "is_superuser": "a superuser"}
ROLE_CHANGED = "An admin changed your account's role ({roles}), and ended all its sessions"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_clinician", "is_staff", "second_step", "is_active", "date_joined"]
    list_filter = ["is_clinician", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["name", "time_zone"]}),
        ("Role", {"fields": ["is_clinician", "is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    actions = ["reset_second_step"]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def save_model(self, request, obj, form, change):
        """A new role (clinician, staff or superuser) ends the account's sessions:
        whoever holds one, or an old link, must sign in again with the password
        before the role's second step can be set up. The owner is told."""
        changed = [name for name in ROLE_FIELDS if change and name in form.changed_data]
        if changed:
            obj.session_generation += 1
        super().save_model(request, obj, form, change)
        if changed:
            roles = "; ".join(f"{'now' if getattr(obj, name) else 'no longer'} {ROLE_FIELDS[name]}" for name in changed)
            events.record(obj, ROLE_CHANGED.format(roles=roles), by=request.user)

    def user_change_password(self, request, id, form_url=""):
        """An admin setting someone else's password is logged where the account's
        owner reads it: their account page."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            account = self.get_object(request, id)
            if account is not None and account.pk != request.user.pk:
                events.record(account, ADMIN_SET_PASSWORD, by=request.user)
        return response

    @admin.action(description="Reset two-step sign-in (for a lost phone or key; ends their sessions)")
    def reset_second_step(self, request, queryset):
        for account in queryset:
            second_step.reset(account, by=request.user)
        self.message_user(
            request,
            f"Reset for {len(queryset)}. Each will set up a new second step at their next login; "
            "their account page shows that you did this.",
            messages.SUCCESS,
        )
