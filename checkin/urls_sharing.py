"""Sharing with clinicians, the account's data, and the clinician pages.

Share ids in these URLs are random UUIDs (Share's primary key), never
sequential numbers. Every new URL here needs a row in
tests/test_url_access_table.py.
"""

from django.urls import path

from checkin.views import clinician, sharing

urlpatterns = [
    # The patient's side
    path("share/", sharing.index, name="share_index"),
    path("share/views/", sharing.views_log, name="share_views"),
    path("share/<uuid:share_id>/revoke/", sharing.revoke, name="share_revoke"),
    path("share/<uuid:share_id>/notes/", sharing.notes, name="share_notes"),
    path("share/<uuid:share_id>/last-day/", sharing.last_day, name="share_last_day"),
    path("account/export/", sharing.export, name="account_export"),
    path("account/delete/", sharing.delete_account, name="account_delete"),
    # The clinician's side
    path("clinician/", clinician.patient_list, name="clinician_home"),
    path("clinician/redeem/", clinician.redeem, name="clinician_redeem"),
    path("clinician/patients/<uuid:share_id>/", clinician.patient_page, name="clinician_patient"),
    path("clinician/patients/<uuid:share_id>/report/", clinician.report, name="clinician_report"),
    path("clinician/patients/<uuid:share_id>/report.csv", clinician.report_csv, name="clinician_report_csv"),
]
