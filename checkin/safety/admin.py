"""Crisis lines in the admin. Safety plans are deliberately not registered:
they are a patient's private words."""

from django import forms
from django.contrib import admin
from django.db import models

from checkin.models import CrisisLine


class CrisisLineForm(forms.ModelForm):
    def clean_region(self):
        """ "gb" is meant as GB: a line under "gb" would never be shown."""
        return self.cleaned_data["region"].strip().upper()


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
    ]
