"""Small, hand-checkable funding fixtures (other apps may import them).

``community()`` is "Astley" in the test England (LSOAs E01000000 and
E01000001 in Chorley); the postcode PR7 1DP lies in E01000000. ``PRESTON``
is a postcode this module adds in a Preston LSOA, outside every community.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hearth.areas.models import Area, Postcode
from hearth.areas.tests.factories import CHORLEY, build_england
from hearth.communities.models import Community, CommunityArea
from hearth.funding import services
from hearth.funding.models import Fund, Process, Project

PRESTON = "PR1 1AA"


def england() -> None:
    build_england()
    Postcode.objects.create(
        postcode="PR11AA",
        lon=-2.555,
        lat=53.605,
        lsoa21="E01000005",
        lsoa11="",
        placement="within",
    )


def community(
    name: str = "Astley", codes: tuple[str, ...] = ("E01000000", "E01000001")
) -> Community:
    made = Community.objects.create(name=name, lad_code=CHORLEY)
    for code in codes:
        CommunityArea.objects.create(community=made, area=Area.objects.get(code=code))
    return made


def fund(**kwargs: Any) -> Fund:
    values: dict[str, Any] = {
        "name": "Community Match Fund",
        "budget": Decimal(10000),
        "match_percent": Decimal(50),
        "match_cap": Decimal(2500),
        "trigger_share": Decimal(25),
        "min_backers": 3,
        "pays_only_if_target_met": True,
        "opens": timezone.localdate() - datetime.timedelta(days=30),
    }
    values.update(kwargs)
    communities = values.pop("communities", [])
    made = Fund.objects.create(**values)
    made.communities.set(communities)
    return made


def project(*, live: bool = True, by: Any = None, **kwargs: Any) -> Project:
    values: dict[str, Any] = {
        "title": "Astley Park planters",
        "summary": "Planters and bulbs by the park gates",
        "description": "We will plant the gates with residents.",
        "theme": "green_space",
        "target": Decimal(4000),
        "deadline": timezone.localdate() + datetime.timedelta(days=30),
        "proposer_kind": Project.ProposerKind.RESIDENT_GROUP,
        "proposer_name": "Friends of Astley Park",
        "contact_name": "Pat Example",
        "contact_email": "pat@example.org",
        "annual_income": Decimal(8000),
    }
    values.update(kwargs)
    made = services.submit_project(
        data=values,
        budget_lines=[("Planters", Decimal(2500)), ("Bulbs and soil", Decimal(1500))],
    )
    if live:
        services.approve_project(made, by=by)
        made.refresh_from_db()
    return made


def pledge(made: Project, amount: int | str, email: str, **kwargs: Any) -> list[str]:
    """Record a pledge and confirm it as its backer would from the e-mail."""
    _, token = services.record_pledge(
        made,
        kind=kwargs.pop("kind", "resident"),
        amount=Decimal(amount),
        email=email,
        **kwargs,
    )
    _, changes = services.confirm_pledge(token)
    return changes


def process(communities: list[Community], **kwargs: Any) -> Process:
    values: dict[str, Any] = {
        "name": "Astley decides 2027",
        "budget": Decimal(1000),
        "ballot_kind": Process.BallotKind.UP_TO_K,
        "max_choices": 2,
        "rule": Process.Rule.EQUAL_SHARES,
    }
    values.update(kwargs)
    made = Process.objects.create(**values)
    made.communities.set(communities)
    return made


def ballot_project(pr: Process, title: str, cost: int, **kwargs: Any) -> Project:
    values: dict[str, Any] = {
        "title": title,
        "summary": f"{title} for Astley",
        "description": title,
        "target": Decimal(cost),
        "proposer_name": "Astley Residents",
        "proposer_kind": Project.ProposerKind.RESIDENT_GROUP,
        "process": pr,
    }
    values.update(kwargs)
    made = services.submit_project(data=values, budget_lines=[(title, Decimal(cost))])
    services.approve_project(made, by=None)
    made.refresh_from_db()
    return made
