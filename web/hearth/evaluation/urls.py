from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "evaluation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("community/<int:community_id>/", views.community_page, name="community"),
    path("community/<int:community_id>/new/", views.new_evaluation, name="new"),
    path("community/<int:community_id>/sroi/new/", views.new_sroi, name="new_sroi"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/narrative/", views.narrative, name="narrative"),
    path(
        "<int:pk>/outcome/<int:outcome_id>/evidence/",
        views.add_evidence,
        name="add_evidence",
    ),
    path(
        "<int:pk>/evidence/<int:evidence_id>/remove/",
        views.remove_evidence,
        name="remove_evidence",
    ),
    path("sroi/<int:pk>/", views.sroi, name="sroi"),
    path("sroi/<int:pk>/impact-map.csv", views.sroi_csv, name="sroi_csv"),
    path("sroi/template.csv", views.sroi_template, name="sroi_template"),
]
