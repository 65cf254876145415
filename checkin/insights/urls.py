from django.urls import path

from checkin.insights import views

urlpatterns = [
    path("trends/", views.trends_page, name="trends"),
    path("api/trends/", views.trends_api, name="trends_api"),
]
