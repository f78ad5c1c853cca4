"""A community with records in every module, for evaluation tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hearth.engagement import services as engagement
from hearth.engagement.models import Story
from hearth.engagement.tests.factories import load_census
from hearth.evaluation import services
from hearth.evaluation.models import Evaluation
from hearth.funding import services as funding
from hearth.funding.models import Project
from hearth.funding.tests import factories as funding_factories
from hearth.plans import services as plans
from hearth.plans.models import Outcome
from hearth.plans.tests import factories as plan_factories
from hearth.referrals import services as referrals
from hearth.referrals.models import Referral
from hearth.referrals.tests.factories import make_referral

CODES = ["E01000000", "E01000001"]


@dataclass
class World:
    community: Any
    evaluation: Evaluation
    outcomes: list[Outcome]
    kept: Story
    withdrawn: Story
    funded: Project


def story(community: Any, text: str, perspective: str, on: datetime.date) -> Story:
    return engagement.record_story(
        community,
        engagement.StoryFields(
            date=on,
            text=text,
            perspective=perspective,
            consent_recorded_on=on,
            consent_how="Signed form",
        ),
        by=None,
    )


def referral_measured(
    organisation: Any, before: list[int], after: list[int], on: datetime.date
) -> Referral:
    referral = make_referral(organisation, received_on=on)
    Referral.objects.filter(pk=referral.pk).update(lsoa21=CODES[0])
    for stage, items in (("baseline", before), ("follow_up", after)):
        referrals.record_measures(
            referral,
            stage=stage,
            on=on,
            swemwbs_items=items,
            ons4={},
            loneliness="",
            by=None,
        )
    return referral


def world(personas: Any) -> World:
    today = timezone.localdate()
    community = plan_factories.community("Clayton Brook", CODES)
    load_census(CODES)
    plan = plan_factories.plan(community)
    plan_factories.action(plan, status="done", progress=100, lead=personas.fire)
    plan_factories.action(
        plan,
        title="Smoke alarms in every flat",
        status="in_progress",
        progress=50,
        lead=personas.fire,
        due=today - datetime.timedelta(days=3),
    )
    plans.set_milestone(
        plan, "current_state", reached_on=today - datetime.timedelta(days=20), by=None
    )
    outcomes = [
        plans.add_outcome(
            plan, term="short", text="Fewer home fires", first_recorded=today, by=None
        ),
        plans.add_outcome(
            plan,
            term="long",
            text="Residents feel they belong",
            first_recorded=today,
            by=None,
        ),
    ]
    engagement.record_activity(
        community,
        engagement.ActivityFields(
            date=today - datetime.timedelta(days=5),
            kind="drop_in",
            organisation=personas.council,
            people=30,
            age={"aged_65_and_over": 20, "aged_25_to_34": 10},
        ),
        by=None,
    )
    kept = story(community, "The drop-in got my boiler fixed.", "person", today)
    withdrawn = story(community, "I changed my mind.", "community", today)
    engagement.withdraw_consent(withdrawn, by=None)
    # Five people measured twice (SWEMWBS rises by 7 raw points each); a sixth
    # referral lives elsewhere.
    for _ in range(5):
        referral_measured(
            personas.vcs, [2, 2, 3, 2, 2, 3, 2], [3, 4, 3, 3, 3, 4, 3], today
        )
    elsewhere = make_referral(personas.vcs, received_on=today)
    Referral.objects.filter(pk=elsewhere.pk).update(lsoa21="E01000009")
    # A crowdfunded project here, funded; another community's does not count.
    funding_factories.fund(min_backers=0, trigger_share=Decimal(0))
    funded = funding_factories.project(community=community, target=Decimal(1000))
    funding_factories.pledge(funded, 1000, "a@example.org")
    funding.close_project(funded)
    other = plan_factories.community("Elsewhere", ["E01000002"])
    theirs = funding_factories.project(
        community=other, title="Their hall", target=Decimal(500)
    )
    funding_factories.pledge(theirs, 500, "b@example.org")
    funding.close_project(theirs)
    evaluation = services.create_evaluation(
        community,
        title="Year 1",
        period_start=today - datetime.timedelta(days=365),
        period_end=today,
        by=personas.olivia,
    )
    return World(community, evaluation, outcomes, kept, withdrawn, funded)
