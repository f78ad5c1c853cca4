from __future__ import annotations

from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.community_list, name="list"),
    path("map.geojson", views.communities_geojson, name="map-geojson"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/profile/", views.community_profile, name="profile"),
    path("profile/", views.old_profile_address),
    path("profile/<str:code>/", views.old_profile_address),
    path("accept/", views.accept, name="accept"),
    path("review/", views.focus_review, name="review"),
    path("review/<str:code>/", views.focus_review, name="review-for"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<str:code>/", views.proposals, name="proposals-for"),
    path(
        "proposals/<str:code>/map.geojson",
        views.proposals_geojson,
        name="proposals-geojson",
    ),
]
