"""Who may see and change a plan, checked on the server.

- Community officers (MANAGE_COMMUNITIES) create and edit plans.
- Administrators, analysts, officers and councillors (VIEW_ALL_PLANS) see
  every plan, with the officers' notes.
- Partner-agency users see the plans their organisation is named in (as the
  lead or a partner of an action) and record updates on those actions
  (UPDATE_ACTIONS); they do not see the officers' notes.
- Residents see only a published plan's public page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from hearth.accounts.permissions import Capability, organisations_of, user_has

from .models import Action, Plan

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hearth.accounts.models import Organisation, User

    AnyUser = User | AnonymousUser


def _named(organisations: set[int]) -> Q:
    return Q(objectives__actions__lead__in=organisations) | Q(
        objectives__actions__partners__in=organisations
    )


def visible_plans(user: AnyUser) -> QuerySet[Plan]:
    plans = Plan.objects.select_related("community", "officer")
    if user_has(user, Capability.VIEW_ALL_PLANS):
        return plans
    if not user_has(user, Capability.UPDATE_ACTIONS):
        return plans.none()
    return plans.filter(_named(organisations_of(user))).distinct()


def can_view(user: AnyUser, plan: Plan) -> bool:
    return visible_plans(user).filter(pk=plan.pk).exists()


def can_edit(user: AnyUser, plan: Plan) -> bool:
    return (
        user_has(user, Capability.MANAGE_COMMUNITIES)
        and plan.community.archived is None
    )


def can_see_notes(user: AnyUser) -> bool:
    return user_has(user, Capability.VIEW_ALL_PLANS)


def may_update(user: AnyUser, action: Action) -> tuple[bool, Organisation | None]:
    """Whether a user may report on this action, and for which organisation.

    A partner reports for an organisation that leads or partners the action;
    officers may update any action (for no particular organisation, unless
    their own organisation is named on it).
    """
    if action.objective.plan.community.archived is not None:
        return False, None
    mine = organisations_of(user)
    if user_has(user, Capability.UPDATE_ACTIONS):
        if action.lead_id in mine:
            return True, action.lead
        partner = action.partners.filter(pk__in=mine).first()
        if partner is not None:
            return True, partner
    if user_has(user, Capability.MANAGE_COMMUNITIES):
        return True, None
    return False, None


def can_update(user: AnyUser, action: Action) -> bool:
    return may_update(user, action)[0]
