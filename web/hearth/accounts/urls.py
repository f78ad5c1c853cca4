from __future__ import annotations

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("password/", views.change_password, name="change-password"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
]
