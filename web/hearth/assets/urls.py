from __future__ import annotations

from django.urls import path

from . import views

app_name = "assets"

urlpatterns = [
    path("", views.asset_map, name="map"),
    path("map.geojson", views.map_data, name="map-data"),
    path("outline/<str:lad>.geojson", views.outline, name="outline"),
    path("suggest/", views.suggest, name="suggest"),
    path("suggest/thanks/", views.thanks, name="thanks"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:pk>/photo/", views.suggestion_photo, name="suggestion-photo"),
    path("new/", views.asset_edit, name="new"),
    path("review/", views.review, name="review"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("gap/", views.gap_analysis, name="gap"),
    path("gap/<str:lad>/", views.gap_analysis, name="gap-for"),
    path("gap/<str:lad>/map.geojson", views.gap_geojson, name="gap-map"),
    path("export.<str:fmt>", views.export, name="export"),
    path("<int:pk>/", views.asset_detail, name="detail"),
    path("<int:pk>/photo/", views.asset_photo, name="photo"),
    path("<int:pk>/edit/", views.asset_edit, name="edit"),
    path("<int:pk>/verify/", views.asset_verify, name="verify"),
]
