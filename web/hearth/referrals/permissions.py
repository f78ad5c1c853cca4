"""Who may see and do what with referrals (personal, special-category data).

- **Link workers** (``MANAGE_REFERRALS``) see and work the referrals their
  organisation holds, and no other: a referral of another organisation is
  "not found" (404), so its existence is not given away.
- **Referrers** (``MAKE_REFERRALS``: link workers and partner-agency users)
  send referrals in; once sent, a partner sees only its reference.
- **Providers** (``PROVIDE_SERVICES``) see the onward referrals made to
  their own organisation's services, with consent, to accept or decline.
- **Administrators** (``DATA_PROTECTION``) find a person's records to
  answer a subject access or erasure request; they have no caseload.
- **Commissioners** (``VIEW_ANALYSIS``) and link workers read reports of
  counts, with every count under 5 suppressed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from hearth.accounts.models import Organisation
from hearth.accounts.permissions import (
    ROLE_CAPABILITIES,
    Capability,
    organisations_of,
    user_has,
)
from hearth.directory.permissions import provider_accounts

from .models import OnwardReferral, Referral, ReferralQuerySet


def caseload_organisations(user: Any) -> set[int]:
    """The organisations whose referrals this user works (as a link worker)."""
    return {
        pk
        for pk in organisations_of(user)
        if user_has(user, Capability.MANAGE_REFERRALS, Organisation(pk=pk))
    }


def visible_referrals(user: Any) -> ReferralQuerySet:
    return Referral.objects.held_by(caseload_organisations(user))


def referral_for(user: Any, pk: int) -> Referral:
    """The referral, if this user's organisation holds it; 404 otherwise."""
    found = (
        visible_referrals(user)
        .select_related("organisation", "link_worker")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such referral")
    return found


def can_refer(user: Any) -> bool:
    return user_has(user, Capability.MAKE_REFERRALS)


def roles_with(capability: Capability) -> list[str]:
    return [role for role, caps in ROLE_CAPABILITIES.items() if capability in caps]


def receiving_organisations() -> QuerySet[Organisation]:
    """Organisations that take social prescribing referrals: they have link workers."""
    return (
        Organisation.objects.filter(
            memberships__role__in=roles_with(Capability.MANAGE_REFERRALS),
            memberships__user__is_active=True,
        )
        .distinct()
        .order_by("name")
    )


def provider_onward(user: Any) -> QuerySet[OnwardReferral]:
    """Onward referrals to the services this user's organisation provides."""
    return OnwardReferral.objects.filter(
        service__organization__account_id__in=provider_accounts(user),
        referral__anonymised_at__isnull=True,
        referral__consent_to_share=True,
    ).exclude(status=OnwardReferral.Status.WITHDRAWN)


def can_answer_data_protection(user: Any) -> bool:
    return user_has(user, Capability.DATA_PROTECTION)


def can_see_reports(user: Any) -> bool:
    return user_has(user, Capability.VIEW_ANALYSIS) or user_has(
        user, Capability.MANAGE_REFERRALS
    )


def sees_every_organisations_reports(user: Any) -> bool:
    """Commissioners see every organisation's counts; link workers their own."""
    return user_has(user, Capability.VIEW_ANALYSIS)
