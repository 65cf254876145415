"""Sharing with clinicians: the patient's side and the clinician's.

Share ids in these URLs are random UUIDs (Share's primary key), never
sequential numbers. Every new URL needs a row in tests/web/test_url_access_table.py.
"""

from django.urls import include, path

from checkin.sharing import clinician_views, report_views, views

urlpatterns = [
    # The patient's side
    path("share/", views.index, name="share_index"),
    path("share/views/", views.views_log, name="share_views"),
    path(
        "share/<uuid:share_id>/",
        include(
            [
                path("revoke/", views.revoke, name="share_revoke"),
                path("undo/", views.undo_revoke, name="share_undo"),
                path("notes/", views.include, {"part": "notes"}, name="share_notes"),
                path("safety-plan/", views.include, {"part": "safety_plan"}, name="share_safety_plan"),
                path("last-day/", views.last_day, name="share_last_day"),
            ]
        ),
    ),
    # The clinician's side
    path("clinician/", clinician_views.patient_list, name="clinician_home"),
    path("clinician/redeem/", clinician_views.redeem, name="clinician_redeem"),
    path(
        "clinician/patients/<uuid:share_id>/",
        include(
            [
                path("", clinician_views.patient_page, name="clinician_patient"),
                path("report/", report_views.report, name="clinician_report"),
                path("report.csv", report_views.report_csv, name="clinician_report_csv"),
                path("safety-plan/", clinician_views.safety_plan, name="clinician_safety_plan"),
                path("signals/seen/", clinician_views.signals_seen, name="clinician_signals_seen"),
                path("discharge/", clinician_views.discharge, name="clinician_discharge"),
                path("clinic-number/", clinician_views.clinic_number, name="clinician_clinic_number"),
                path("ask/", clinician_views.ask, name="clinician_ask"),
                path("ask/<int:request_id>/stop/", clinician_views.stop_asking, name="clinician_stop_asking"),
            ]
        ),
    ),
]
