"""Questionnaire schedules in the admin. Responses are deliberately not
registered: they are a patient's health data."""

from django.contrib import admin

from checkin.models import QuestionnaireSchedule


@admin.register(QuestionnaireSchedule)
class QuestionnaireScheduleAdmin(admin.ModelAdmin):
    list_display = ["instrument", "every_days", "enabled"]
    list_editable = ["every_days", "enabled"]
    fields = ["instrument", "every_days", "enabled"]

    def get_readonly_fields(self, request, obj=None):
        # One row per instrument: change how often, or turn it off, but not which.
        return ["instrument"] if obj else []
