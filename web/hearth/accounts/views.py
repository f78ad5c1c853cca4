from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .forms import PasswordChangeForm, SignInForm
from .models import Organisation
from .permissions import (
    Capability,
    capabilities_of,
    organisations_of,
    signed_in,
    user_has,
)


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@signed_in
def profile(request: HttpRequest) -> HttpResponse:
    caps = sorted(capabilities_of(request.user))
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": request.user.memberships.select_related("organisation"),  # type: ignore[union-attr]
            "caps": caps,
        },
    )


@signed_in
def change_password(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:profile")
    return render(request, "accounts/change_password.html", {"form": form})


@signed_in
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The partnership: every organisation's name and kind (no members)."""
    organisations = Organisation.objects.all()
    return render(
        request, "accounts/organisation_list.html", {"organisations": organisations}
    )


@signed_in
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation; its members only for administrators and its own members."""
    organisation = get_object_or_404(Organisation, slug=slug)
    own = organisation.pk in organisations_of(request.user)
    admin = user_has(request.user, Capability.ADMINISTER)
    if not (admin or (own and user_has(request.user, Capability.VIEW_MEMBERS))):
        members = None
    else:
        members = organisation.memberships.select_related("user").order_by(
            "user__username"
        )
    if members is None and request.GET.get("members"):
        raise PermissionDenied
    return render(
        request,
        "accounts/organisation_detail.html",
        {"organisation": organisation, "members": members},
    )
