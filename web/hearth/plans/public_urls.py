from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "community_plans"

urlpatterns: list[URLPattern | URLResolver] = []
