"""Clinic teams in the admin. Shares themselves are not registered: who sees
a patient is the patient's choice, made on their sharing page. Members can
only be clinicians (``Team.members``' choices)."""

from django.contrib import admin

from checkin.models import Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "member_count", "created_at"]
    search_fields = ["name", "members__email"]
    filter_horizontal = ["members"]
    fields = ["name", "members"]

    @admin.display(description="Members")
    def member_count(self, team):
        return team.members.count()
