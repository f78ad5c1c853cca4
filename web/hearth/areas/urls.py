from __future__ import annotations

from django.urls import path

from . import views

app_name = "areas"

urlpatterns = [
    path("", views.england, name="england"),
    path("search/", views.search_view, name="search"),
    path("datasets/", views.datasets, name="datasets"),
    path("lad/<str:code>/download.<str:fmt>", views.download, name="download"),
    path("<str:geography>/<str:code>/", views.area, name="area"),
]
