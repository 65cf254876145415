"""Sharing with clinicians: the patient's side and the clinician's.

Share ids in these URLs are random UUIDs (Share's primary key), never
sequential numbers. Every new URL needs a row in tests/web/test_url_access_table.py.
"""

from django.urls import path

from checkin.sharing import clinician, views

urlpatterns = [
    # The patient's side
    path("share/", views.index, name="share_index"),
    path("share/views/", views.views_log, name="share_views"),
    path("share/<uuid:share_id>/revoke/", views.revoke, name="share_revoke"),
    path("share/<uuid:share_id>/undo/", views.undo_revoke, name="share_undo"),
    path("share/<uuid:share_id>/notes/", views.include, {"part": "notes"}, name="share_notes"),
    path("share/<uuid:share_id>/safety-plan/", views.include, {"part": "safety_plan"}, name="share_safety_plan"),
    path("share/<uuid:share_id>/last-day/", views.last_day, name="share_last_day"),
    # The clinician's side
    path("clinician/", clinician.patient_list, name="clinician_home"),
    path("clinician/redeem/", clinician.redeem, name="clinician_redeem"),
    path("clinician/patients/<uuid:share_id>/", clinician.patient_page, name="clinician_patient"),
    path("clinician/patients/<uuid:share_id>/report/", clinician.report, name="clinician_report"),
    path("clinician/patients/<uuid:share_id>/report.csv", clinician.report_csv, name="clinician_report_csv"),
    path("clinician/patients/<uuid:share_id>/safety-plan/", clinician.safety_plan, name="clinician_safety_plan"),
]
