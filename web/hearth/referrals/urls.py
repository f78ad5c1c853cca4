from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "referrals"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.caseload, name="caseload"),
    path("new/", views.new_referral, name="new"),
    path("sent/", views.sent, name="sent"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/wellbeing/", views.measures, name="measures"),
    path("<int:pk>/refer-on/", views.refer_on, name="refer-on"),
    path("<int:pk>/onward/<int:onward_pk>/", views.onward, name="onward"),
    path("<int:pk>/<str:kind>/", views.step, name="step"),
    path("services/", views.inbox, name="inbox"),
    path("services/<int:onward_pk>/", views.inbox_item, name="inbox-item"),
    path("reports/", views.report, name="report"),
    path("reports/social-prescribing.csv", views.report_csv, name="report-csv"),
    path("data-protection/", views.data_protection, name="data-protection"),
    path("data-protection/export/", views.subject_access, name="subject-access"),
    path("data-protection/erase/", views.erase, name="erase"),
]
