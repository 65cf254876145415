from django.urls import path

from checkin.questionnaires import api, views

urlpatterns = [
    path("measures/", views.index, name="measures"),
    # Not under /measures/: the service worker keeps any form posted there offline as an answer.
    path("home/not-now/", views.not_now, name="measures_not_now"),
    path("home/decline/<int:request_id>/", views.decline, name="measure_decline"),
    path("measures/<slug:slug>/", views.answer, name="measure"),
    path("api/measures/", api.Measures.as_view(), name="api_measures"),
]
