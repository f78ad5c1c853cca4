from __future__ import annotations

from django.urls import path

from . import public_views

app_name = "community_plans"

urlpatterns = [
    path("", public_views.plan_list, name="list"),
    path("<int:community_id>/", public_views.plan_page, name="plan"),
    path("<int:community_id>/due.ics", public_views.calendar_feed, name="calendar"),
]
