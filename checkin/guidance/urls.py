from django.urls import path

from checkin.guidance import views

urlpatterns = [
    path("guidance/", views.index, name="guidance_index"),
    path("guidance/<slug:slug>/", views.page, name="guidance_page"),
]
