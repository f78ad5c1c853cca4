from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "directory"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.search, name="search"),
    path("api/", views.api_docs, name="api-docs"),
    path("services/<str:uuid>/", views.service_page, name="service"),
    path("services/<str:uuid>/edit/", views.edit, name="edit"),
    path("services/<str:uuid>/verify/", views.verify, name="verify"),
    path("services/<str:uuid>/archive/", views.archive, name="archive"),
    path("services/<str:uuid>/capacity/", views.capacity, name="capacity"),
    path("manage/", views.manage, name="manage"),
    path("manage/services/", views.service_list, name="services"),
    path("manage/services/new/", views.edit, name="new"),
    path("manage/changes/<int:pk>/", views.proposal, name="proposal"),
    path("manage/organisations/", views.organization_list, name="organizations"),
    path("manage/organisations/new/", views.organization_edit, name="organization-new"),
    path(
        "manage/organisations/<int:pk>/", views.organization_edit, name="organization"
    ),
    path("manage/taxonomies/", views.taxonomy_list, name="taxonomies"),
    path("manage/taxonomies/<int:pk>/", views.taxonomy_page, name="taxonomy"),
]
