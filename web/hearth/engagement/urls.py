from __future__ import annotations

from django.urls import path, re_path

from . import views

app_name = "engagement"

urlpatterns = [
    path("", views.index, name="index"),
    path("template.csv", views.template, name="template"),
    re_path(
        r"^activities\.(?P<fmt>csv|xlsx)$",
        views.export_activities,
        name="export-activities",
    ),
    re_path(
        r"^stories\.(?P<fmt>csv|xlsx)$", views.export_stories, name="export-stories"
    ),
    path("themes/", views.themes, name="themes"),
    path("drop-ins/new/", views.site_form, name="site-new"),
    path("drop-ins/<int:site_id>/", views.site_page, name="site"),
    path("communities/<int:community_id>/", views.community_page, name="community"),
    path("communities/<int:community_id>/reach.csv", views.reach_csv, name="reach-csv"),
    path(
        "communities/<int:community_id>/import/", views.import_activities, name="import"
    ),
    path(
        "communities/<int:community_id>/activities/new/",
        views.activity_form,
        name="activity-new",
    ),
    path(
        "communities/<int:community_id>/activities/<int:activity_id>/",
        views.activity_page,
        name="activity",
    ),
    path(
        "communities/<int:community_id>/activities/<int:activity_id>/edit/",
        views.activity_form,
        name="activity-edit",
    ),
    path(
        "communities/<int:community_id>/groups/new/", views.group_form, name="group-new"
    ),
    path(
        "communities/<int:community_id>/groups/<int:group_id>/",
        views.group_page,
        name="group",
    ),
    path(
        "communities/<int:community_id>/groups/<int:group_id>/edit/",
        views.group_form,
        name="group-edit",
    ),
    path(
        "communities/<int:community_id>/stories/new/",
        views.story_form,
        name="story-new",
    ),
    path(
        "communities/<int:community_id>/stories/<int:story_id>/",
        views.story_page,
        name="story",
    ),
    path(
        "communities/<int:community_id>/stories/<int:story_id>/edit/",
        views.story_form,
        name="story-edit",
    ),
    path(
        "communities/<int:community_id>/stories/<int:story_id>/<slug:what>/",
        views.story_action,
        name="story-action",
    ),
]
