"""Who may do what: roles map to capabilities, checked on the server.

Every view and API call checks a capability with `user_has()` (or the
`requires()` decorator); templates only hide links, they never protect data.
Capabilities that touch personal data are scoped to the user's organisations.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import Organisation, User


class Capability(enum.StrEnum):
    ADMINISTER = "administer"  # users, organisations, settings
    READ_AUDIT = "read_audit"  # read the audit log
    MANAGE_DATA = "manage_data"  # import and replace datasets
    VIEW_ANALYSIS = "view_analysis"  # indices, proposals, profiles, plans
    EDIT_RECIPES = "edit_recipes"  # save index recipes
    MANAGE_COMMUNITIES = "manage_communities"  # curate focus communities, plans
    MANAGE_ASSETS = "manage_assets"  # edit the asset register and directory
    MODERATE = "moderate"  # review residents' contributions
    MANAGE_REFERRALS = "manage_referrals"  # personal data: own organisation only
    MAKE_REFERRALS = "make_referrals"  # partners refer people to services
    VIEW_MEMBERS = "view_members"  # see who belongs to an organisation

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Capability.ADMINISTER: "Manage users, organisations and settings",
    Capability.READ_AUDIT: "Read the audit log",
    Capability.MANAGE_DATA: "Import and replace datasets",
    Capability.VIEW_ANALYSIS: "See indices, focus communities, profiles and plans",
    Capability.EDIT_RECIPES: "Create and change index recipes",
    Capability.MANAGE_COMMUNITIES: "Curate focus communities and their plans",
    Capability.MANAGE_ASSETS: "Edit the asset register and service directory",
    Capability.MODERATE: "Review residents' contributions",
    Capability.MANAGE_REFERRALS: (
        "Manage referrals for your organisation (personal data)"
    ),
    Capability.MAKE_REFERRALS: "Refer people to local services",
    Capability.VIEW_MEMBERS: "See the members of your organisation",
}


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMINISTRATOR: frozenset(
        {
            Capability.ADMINISTER,
            Capability.READ_AUDIT,
            Capability.MANAGE_DATA,
            Capability.VIEW_ANALYSIS,
            Capability.MANAGE_COMMUNITIES,
            Capability.MANAGE_ASSETS,
            Capability.MODERATE,
            Capability.VIEW_MEMBERS,
        }
    ),
    Role.ANALYST: frozenset(
        {Capability.MANAGE_DATA, Capability.VIEW_ANALYSIS, Capability.EDIT_RECIPES}
    ),
    Role.COMMUNITY_OFFICER: frozenset(
        {
            Capability.VIEW_ANALYSIS,
            Capability.MANAGE_COMMUNITIES,
            Capability.MANAGE_ASSETS,
            Capability.VIEW_MEMBERS,
        }
    ),
    Role.LINK_WORKER: frozenset(
        {
            Capability.MANAGE_REFERRALS,
            Capability.MAKE_REFERRALS,
            Capability.VIEW_MEMBERS,
        }
    ),
    Role.PARTNER: frozenset(
        {Capability.VIEW_ANALYSIS, Capability.MAKE_REFERRALS, Capability.VIEW_MEMBERS}
    ),
    Role.MODERATOR: frozenset({Capability.MODERATE}),
}


def capabilities_of(
    user: User | AnonymousUser, organisation: Organisation | None = None
) -> frozenset[Capability]:
    """Return what the user may do, optionally only through one organisation.

    Anonymous users (residents) have no capabilities; a deactivated account
    has none either.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    memberships = user.memberships.all()
    caps: set[Capability] = set()
    for membership in memberships:
        if organisation is None or membership.organisation_id == organisation.pk:
            caps |= ROLE_CAPABILITIES.get(membership.role, frozenset())
    return frozenset(caps)


def user_has(
    user: User | AnonymousUser,
    capability: Capability,
    organisation: Organisation | None = None,
) -> bool:
    """Return True if the user holds the capability (in that organisation)."""
    return capability in capabilities_of(user, organisation)


def organisations_of(user: User | AnonymousUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    return {m.organisation_id for m in user.memberships.all()}


F = TypeVar("F", bound=Callable[..., HttpResponse])


def requires(capability: Capability) -> Callable[[F], F]:
    """Protect a view: sign-in for visitors, 403 without the capability."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def signed_in(view: F) -> F:
    """Protect a view that any signed-in user may see."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
