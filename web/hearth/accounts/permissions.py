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
    VIEW_ALL_PLANS = "view_all_plans"  # every community's plan (else: plans naming your organisation)
    UPDATE_ACTIONS = (
        "update_actions"  # record progress on your organisation's plan actions
    )
    RECORD_ENGAGEMENT = "record_engagement"  # activities, drop-ins, groups, stories
    MANAGE_EVENTS = "manage_events"  # plan Weeks of Action and community events
    RESPOND_TO_EVENTS = "respond_to_events"  # sign your organisation up to events
    WORK_REQUESTS = "work_requests"  # household requests: your organisation's queue
    MANAGE_ADDRESSES = "manage_addresses"  # import the address gazetteer
    VIEW_ADDRESSES = "view_addresses"  # walk lists and properties per area
    PROVIDE_SERVICES = (
        "provide_services"  # keep your organisation's directory services up to date
    )
    DATA_PROTECTION = "data_protection"  # subject access and erasure requests
    MANAGE_FUNDING = (
        "manage_funding"  # crowdfunding review, council funds, PB processes
    )

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
    Capability.VIEW_ALL_PLANS: "See every community's plan",
    Capability.UPDATE_ACTIONS: "Record progress on your organisation's plan actions",
    Capability.RECORD_ENGAGEMENT: (
        "Record engagement: conversations, drop-ins, groups and stories"
    ),
    Capability.MANAGE_EVENTS: "Plan Weeks of Action and community events",
    Capability.RESPOND_TO_EVENTS: "Sign your organisation up to events",
    Capability.WORK_REQUESTS: "Work your organisation's household requests",
    Capability.MANAGE_ADDRESSES: "Import the council's address gazetteer",
    Capability.VIEW_ADDRESSES: "See addresses and walk lists",
    Capability.PROVIDE_SERVICES: (
        "Keep your organisation's services in the directory up to date"
    ),
    Capability.DATA_PROTECTION: (
        "Answer subject access and erasure requests (personal data)"
    ),
    Capability.MANAGE_FUNDING: (
        "Review crowdfunding projects, run council funds and budgeting votes"
    ),
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
            Capability.VIEW_ALL_PLANS,
            Capability.MANAGE_EVENTS,
            Capability.MANAGE_ADDRESSES,
            Capability.DATA_PROTECTION,
            Capability.MANAGE_FUNDING,
        }
    ),
    Role.ANALYST: frozenset(
        {
            Capability.MANAGE_DATA,
            Capability.VIEW_ANALYSIS,
            Capability.EDIT_RECIPES,
            Capability.VIEW_ALL_PLANS,
            Capability.MANAGE_ADDRESSES,
        }
    ),
    Role.COMMUNITY_OFFICER: frozenset(
        {
            Capability.VIEW_ANALYSIS,
            Capability.MANAGE_COMMUNITIES,
            Capability.MANAGE_ASSETS,
            Capability.VIEW_MEMBERS,
            Capability.VIEW_ALL_PLANS,
            Capability.UPDATE_ACTIONS,
            Capability.RECORD_ENGAGEMENT,
            Capability.MANAGE_EVENTS,
            Capability.WORK_REQUESTS,
            Capability.VIEW_ADDRESSES,
            Capability.MANAGE_FUNDING,
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
        {
            Capability.VIEW_ANALYSIS,
            Capability.MAKE_REFERRALS,
            Capability.VIEW_MEMBERS,
            Capability.UPDATE_ACTIONS,
            Capability.RESPOND_TO_EVENTS,
            Capability.WORK_REQUESTS,
            Capability.PROVIDE_SERVICES,
        }
    ),
    Role.MODERATOR: frozenset({Capability.MODERATE}),
    # Elected members follow progress; they change nothing.
    Role.COUNCILLOR: frozenset({Capability.VIEW_ANALYSIS, Capability.VIEW_ALL_PLANS}),
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
