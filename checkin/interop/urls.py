from django.urls import path

from checkin.interop import views

urlpatterns = [
    path("clinician/patients/<uuid:share_id>/fhir/", views.clinician_bundle, name="clinician_fhir"),
    path("fhir/CodeSystem/<slug:name>", views.code_system_view, name="fhir_code_system"),
    path("fhir/Questionnaire/<slug:slug>", views.questionnaire_view, name="fhir_questionnaire"),
]
