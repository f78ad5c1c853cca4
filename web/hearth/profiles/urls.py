from __future__ import annotations

from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    path("", views.custom_profile, name="custom"),
    path("<str:code>/", views.area_profile, name="area"),
]
