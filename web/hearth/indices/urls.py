from __future__ import annotations

from django.urls import path

from . import views

app_name = "indices"

urlpatterns = [
    path("", views.index_list, name="list"),
    path("new/", views.edit_recipe, name="edit"),
    path("<str:name>/", views.methodology, name="methodology"),
    path("<str:name>/lad/<str:code>/", views.lad, name="lad"),
    path("<str:name>/lad/<str:code>/geojson", views.lad_geojson, name="lad-geojson"),
]
