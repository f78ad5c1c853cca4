from __future__ import annotations

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("data-sources/", views.data_sources, name="data-sources"),
    path("theme.css", views.theme, name="theme"),
    path("healthz", views.healthz, name="healthz"),
]
