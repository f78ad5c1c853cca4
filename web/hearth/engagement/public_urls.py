from __future__ import annotations

from django.urls import path

from . import public_views

app_name = "dropins"

urlpatterns = [
    path("", public_views.site_list, name="list"),
    path("<int:site_id>/", public_views.site_page, name="site"),
]
