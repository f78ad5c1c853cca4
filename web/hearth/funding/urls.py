from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from . import budgeting_views as pb
from . import views

app_name = "funding"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("propose/", views.propose, name="propose"),
    path("propose/thanks/", views.proposed, name="proposed"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/photos/<int:photo>/", views.project_photo, name="photo"),
    path("projects/<int:pk>/pledge/", views.pledge, name="pledge"),
    path("projects/<int:pk>/pledge/thanks/", views.pledged, name="pledged"),
    path("projects/<int:pk>/pledge/confirmed/", views.confirmed, name="confirmed"),
    path("pledges/confirm/<str:token>/", views.confirm_pledge, name="confirm-pledge"),
    path("funds/", views.funds, name="funds"),
    path("funds/<int:pk>/", views.fund_detail, name="fund"),
    path("report/", views.report, name="report"),
    path("360giving.<str:fmt>", views.giving360, name="360giving"),
    # Participatory budgeting
    path("budgeting/", pb.processes, name="processes"),
    path("budgeting/<int:pk>/", pb.process_detail, name="process"),
    path("budgeting/<int:pk>/propose/", views.propose, name="process-propose"),
    path("budgeting/<int:pk>/code/", pb.request_code, name="request-code"),
    path("budgeting/<int:pk>/code/sent/", pb.code_sent, name="code-sent"),
    path("budgeting/<int:pk>/vote/", pb.vote, name="vote"),
    path("budgeting/<int:pk>/ballot/", pb.ballot, name="ballot"),
    path("budgeting/<int:pk>/voted/", pb.voted, name="voted"),
    path("budgeting/<int:pk>/results/", pb.results, name="results"),
    path("budgeting/<int:pk>/election.pb", pb.election_file, name="election-file"),
    # Officers
    path("manage/", views.manage, name="manage"),
    path("manage/close/", views.close_now, name="close"),
    path("manage/projects/<int:pk>/", views.review, name="review"),
    path("manage/projects/<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("manage/projects/<int:pk>/pledges/", views.pledges, name="pledges"),
    path("manage/funds/new/", views.fund_edit, name="fund-new"),
    path("manage/funds/<int:pk>/", views.fund_edit, name="fund-edit"),
    path("manage/budgeting/new/", pb.process_edit, name="process-new"),
    path("manage/budgeting/import/", pb.import_election, name="process-import"),
    path("manage/budgeting/<int:pk>/", pb.process_manage, name="process-manage"),
    path("manage/budgeting/<int:pk>/edit/", pb.process_edit, name="process-edit"),
]
