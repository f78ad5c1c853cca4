"""Who may change the directory.

Council officers (``MANAGE_ASSETS``) edit any service directly and approve
providers' changes. Providers (``PROVIDE_SERVICES``) keep their own
organisation's services up to date: the services of a directory
organisation linked to a Hearth organisation they provide services for.
Their changes wait for approval; a new service they add stays unpublished
until approved. Everyone (residents included) reads what is published.
"""

from __future__ import annotations

from typing import Any

from hearth.accounts.permissions import Capability, organisations_of, user_has

from .models import Organization, Service


def can_manage(user: Any) -> bool:
    """Edit any service directly, approve changes, run the vocabularies."""
    return user_has(user, Capability.MANAGE_ASSETS)


def provider_accounts(user: Any) -> set[int]:
    """The Hearth organisations whose services this user keeps up to date."""
    from hearth.accounts.models import Organisation

    return {
        pk
        for pk in organisations_of(user)
        if user_has(user, Capability.PROVIDE_SERVICES, Organisation(pk=pk))
    }


def is_provider(user: Any) -> bool:
    return user_has(user, Capability.PROVIDE_SERVICES)


def provides(user: Any, organization: Organization) -> bool:
    return (
        organization.account_id is not None
        and organization.account_id in provider_accounts(user)
    )


def can_propose(user: Any, service: Service) -> bool:
    """Propose changes to this service (a provider of its organisation)."""
    return provides(user, service.organization)


def can_see_unpublished(user: Any, service: Service) -> bool:
    return can_manage(user) or can_propose(user, service)
