from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "engagement"

urlpatterns: list[URLPattern | URLResolver] = []
