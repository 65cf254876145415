"""Crisis lines in the admin. Safety plans are deliberately not registered:
they are a patient's private words."""

from django import forms
from django.contrib import admin
from django.db import models

from checkin.models import CrisisLine


class CrisisLineForm(forms.ModelForm):
    # Asked only when the number every Call button dials would change.
    confirm_emergency = forms.BooleanField(required=False, label="Yes, this is the number to dial in an emergency")

    def clean_region(self):
        """ "gb" is meant as GB: a line under "gb" would never be shown."""
        return self.cleaned_data["region"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        if self.changes_emergency_number() and not cleaned.get("confirm_emergency"):
            phone = cleaned.get("phone", "")
            self.add_error(
                "confirm_emergency",
                f"Every Call button for {cleaned.get('region')} will dial {phone} (tel:{phone.replace(' ', '')}). "
                "Check it against the country's own emergency number, then tick this box and save again.",
            )
        return cleaned

    def changes_emergency_number(self) -> bool:
        """An emergency line added, or its number or region changed, or a line made the emergency one."""
        if self.cleaned_data.get("kind") != CrisisLine.Kind.EMERGENCY:
            return False
        return self.instance.pk is None or bool({"phone", "region", "kind"} & set(self.changed_data))


@admin.register(CrisisLine)
class CrisisLineAdmin(admin.ModelAdmin):
    form = CrisisLineForm
    list_display = ["name", "region", "kind", "phone", "text_number", "order"]
    list_filter = ["region", "kind"]
    search_fields = ["name", "purpose", "phone"]
    ordering = ["region", "order", "name"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["region", "name", "purpose", "kind", "order"]}),
        (
            "How to reach it",
            {
                "fields": ["phone", "text_number", "web_address", "hours"],
                "description": "Check every number against the service's own website before saving: "
                "patients in a crisis will dial it. MEND_REGION picks the region shown first.",
            },
        ),
        ("An emergency number", {"fields": ["confirm_emergency"]}),
    ]

    def construct_change_message(self, request, form, formsets, add=False):
        """The history names an emergency number's change in full (who is the
        entry's own user): "Emergency number for GB: 999 → 998"."""
        message = super().construct_change_message(request, form, formsets, add)
        if form.changes_emergency_number():
            old = "none" if add else form.initial.get("phone", "")
            new = form.cleaned_data["phone"]
            return f"Emergency number for {form.cleaned_data['region']}: {old} → {new}."
        return message
