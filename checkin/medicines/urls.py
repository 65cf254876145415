from django.urls import path

from checkin.medicines import api, views

urlpatterns = [
    path("medicines/", views.medicine_list, name="medicines"),
    path("medicines/add/", views.medicine_add, name="medicine_add"),
    path("medicines/<int:medicine_id>/", views.medicine_edit, name="medicine_edit"),
    path("medicines/<int:medicine_id>/stop/", views.medicine_stop, name="medicine_stop"),
    path("medicines/<int:medicine_id>/delete/", views.medicine_delete, name="medicine_delete"),
    path("medicines/<int:medicine_id>/took/", views.dose_took, name="dose_took"),
    path("medicines/doses/<int:dose_id>/undo/", views.dose_undo, name="dose_undo"),
    path("api/medicines/", api.Medicines.as_view(), name="api_medicines"),
    path("api/doses/", api.Doses.as_view(), name="api_doses"),
    path("api/dose-effects/", api.DoseEffects.as_view(), name="api_dose_effects"),
]
