from __future__ import annotations

from django.urls import path, re_path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("overdue/", views.overdue, name="overdue"),
    path("template.csv", views.template, name="template"),
    re_path(r"^export\.(?P<fmt>csv|xlsx|json)$", views.export_all, name="export-all"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("<int:community_id>/", views.plan_page, name="plan"),
    path("<int:community_id>/start/", views.start, name="start"),
    path("<int:community_id>/settings/", views.plan_settings, name="settings"),
    path("<int:community_id>/import/", views.import_plan, name="import"),
    re_path(
        r"^(?P<community_id>\d+)/export\.(?P<fmt>csv|xlsx|json)$",
        views.export_plan,
        name="export",
    ),
    path("<int:community_id>/calendar/", views.calendar_page, name="calendar"),
    path("<int:community_id>/history/", views.history, name="history"),
    path("<int:community_id>/milestones/", views.milestones, name="milestones"),
    path("<int:community_id>/logic-model/", views.logic_model, name="logic-model"),
    path(
        "<int:community_id>/reviews/new/", views.schedule_review, name="schedule-review"
    ),
    path(
        "<int:community_id>/reviews/<int:review_id>/", views.review_form, name="review"
    ),
    path(
        "<int:community_id>/objectives/new/", views.objective_form, name="objective-new"
    ),
    path(
        "<int:community_id>/objectives/<int:objective_id>/",
        views.objective_form,
        name="objective",
    ),
    path("<int:community_id>/actions/new/", views.action_form, name="action-new"),
    path(
        "<int:community_id>/actions/<int:action_id>/", views.action_page, name="action"
    ),
    path(
        "<int:community_id>/actions/<int:action_id>/edit/",
        views.action_form,
        name="action-edit",
    ),
    path("<int:community_id>/<slug:key>/", views.step, name="step"),
]
