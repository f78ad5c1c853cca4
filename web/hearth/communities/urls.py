from __future__ import annotations

from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.community_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/profile/", views.community_profile, name="profile"),
    path("profile/", views.custom_profile, name="custom-profile"),
    path("profile/<str:code>/", views.area_profile, name="area-profile"),
    path("accept/", views.accept, name="accept"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<str:code>/", views.proposals, name="proposals-for"),
]
