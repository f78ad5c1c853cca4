"""Plans for tests: a Chorley community with a plan, objectives and actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from hearth.accounts.models import Organisation
from hearth.accounts.tests.factories import OrganisationFactory
from hearth.areas.tests.factories import CHORLEY, build_england
from hearth.communities import curation
from hearth.communities.models import Community
from hearth.plans import services
from hearth.plans.models import Action, Plan


def community(name: str = "Clayton Brook", areas: list[str] | None = None) -> Community:
    """A Chorley community (builds the tiny England if it is not there)."""
    from hearth.areas.models import Area

    if not Area.objects.filter(code="E01000000").exists():
        build_england()
    return curation.create(
        name=name,
        lad_code=CHORLEY,
        areas=areas or ["E01000000", "E01000001"],
        by=None,
        note="Test community",
    )


def plan(community_: Community | None = None, by: Any = None) -> Plan:
    return services.start_plan(community_ or community(), by=by)


def action(
    plan_: Plan,
    *,
    title: str = "Home fire safety checks",
    lead: Organisation | None = None,
    partners: list[Organisation] | None = None,
    objective: str = "Fewer home fires",
    due: date | None = None,
    status: str = "not_started",
    progress: int = 0,
    by: Any = None,
    **extra: Any,
) -> Action:
    found = plan_.objectives.filter(title=objective).first()
    goal = found or services.add_objective(plan_, title=objective, by=by)
    return services.add_action(
        goal,
        services.ActionFields(
            title=title,
            lead=lead or OrganisationFactory(name="Lancashire Fire and Rescue Service"),
            partners=partners or [],
            due=due,
            status=status,
            progress=progress,
            **extra,
        ),
        by=by,
    )
