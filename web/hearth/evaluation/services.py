"""Evaluation use cases: each change is one atomic function writing an event."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max

from hearth.communities.models import Community
from hearth.core.errors import DomainError
from hearth.plans.models import Outcome
from hearthcore import sroi as core

from .models import (
    Evaluation,
    EvaluationEvent,
    Narrative,
    OutcomeEvidence,
    SroiAnalysis,
)


class EvaluationError(DomainError):
    """An evaluation change that cannot be made (the message says why)."""


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _event(
    community: Community, action: str, by: Any, summary: str, **details: Any
) -> None:
    EvaluationEvent.objects.create(
        community=community,
        action=action,
        by=_user(by),
        summary=summary[:400],
        details=details,
    )


def _text(value: str, what: str, limit: int = 0, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise EvaluationError(f"Enter {what}")
    if limit and len(value) > limit:
        raise EvaluationError(
            f"{what[0].upper()}{what[1:]} must be {limit} characters or fewer"
        )
    return value


@transaction.atomic
def create_evaluation(
    community: Community,
    *,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    by: Any,
) -> Evaluation:
    """Start an evaluation of a community for a period."""
    if community.archived is not None:
        raise EvaluationError(f"{community.name} is archived")
    if period_end < period_start:
        raise EvaluationError("The period must end on or after the day it starts")
    evaluation = Evaluation.objects.create(
        community=community,
        title=_text(title, "a title", 200),
        period_start=period_start,
        period_end=period_end,
        created_by=_user(by),
    )
    _event(
        community,
        "evaluation_created",
        by,
        f"Started the evaluation {evaluation.title}",
        evaluation=evaluation.pk,
    )
    return evaluation


@transaction.atomic
def save_narrative(
    evaluation: Evaluation, *, text: str, note: str = "", by: Any
) -> Narrative:
    """Keep a new version of the narrative (every earlier version stays)."""
    text = _text(text, "the narrative", 20_000)
    current = evaluation.narrative()
    if current is not None and current.text == text:
        raise EvaluationError("The narrative has not changed")
    # Lock the evaluation so two officers saving at once get versions in turn.
    Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()
    latest = evaluation.narratives.aggregate(top=Max("version"))["top"] or 0
    narrative = Narrative.objects.create(
        evaluation=evaluation,
        version=latest + 1,
        text=text,
        note=_text(note, "what changed", 200, required=False),
        by=_user(by),
    )
    _event(
        evaluation.community,
        "narrative_saved",
        by,
        f"Saved version {narrative.version} of the narrative of {evaluation.title}",
        evaluation=evaluation.pk,
        version=narrative.version,
    )
    return narrative


@transaction.atomic
def add_evidence(
    outcome: Outcome,
    *,
    kind: str,
    summary: str,
    source: str = "",
    indicator: str = "",
    story: Any = None,
    by: Any,
) -> OutcomeEvidence:
    """Attach what is known to an outcome of the plan's logic model."""
    if kind not in OutcomeEvidence.Kind.values:
        raise EvaluationError("Choose the kind of evidence")
    community = outcome.plan.community
    if story is not None and story.community_id != community.pk:
        raise EvaluationError("The story is from another community")
    if story is not None and story.consent_withdrawn is not None:
        raise EvaluationError("Consent for that story has been withdrawn")
    if kind == OutcomeEvidence.Kind.STORY and story is None:
        raise EvaluationError("Choose the story")
    evidence = OutcomeEvidence.objects.create(
        outcome=outcome,
        kind=kind,
        summary=_text(summary, "what the evidence shows", 5000),
        source=_text(source, "the source", 300, required=False),
        indicator=_text(indicator, "the indicator", 160, required=False),
        story=story if kind == OutcomeEvidence.Kind.STORY else None,
        by=_user(by),
    )
    _event(
        community,
        "evidence_added",
        by,
        f"Added {evidence.get_kind_display().lower()} evidence to an outcome",
        outcome=outcome.pk,
        evidence=evidence.pk,
    )
    return evidence


@transaction.atomic
def remove_evidence(evidence: OutcomeEvidence, *, by: Any) -> None:
    community = evidence.outcome.plan.community
    _event(
        community,
        "evidence_removed",
        by,
        f"Removed {evidence.get_kind_display().lower()} evidence from an outcome",
        outcome=evidence.outcome_id,
        text=evidence.summary[:200],
    )
    evidence.delete()


def _rate(value: Any) -> Decimal:
    try:
        rate = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise EvaluationError("Enter the discount rate as a number, like 3.5") from None
    if not rate.is_finite() or rate < 0 or rate >= 100:
        raise EvaluationError("The discount rate must be from 0 to under 100 per cent")
    return rate.quantize(Decimal("0.01"))


@transaction.atomic
def create_sroi(
    community: Community,
    *,
    name: str,
    content: bytes,
    source_name: str,
    discount_rate: Any = Decimal("3.5"),
    plan: Any = None,
    project: Any = None,
    by: Any,
) -> SroiAnalysis:
    """Read an impact map (CSV or XLSX) into a new analysis; a bad file saves
    nothing and its problems name the lines."""
    if community.archived is not None:
        raise EvaluationError(f"{community.name} is archived")
    if project is not None and project.community_id not in (None, community.pk):
        raise EvaluationError("That project is in another community")
    try:
        impact_map = core.read_impact_map(content, source_name)
    except core.ImpactMapError as error:
        raise EvaluationError(str(error)) from None
    analysis = SroiAnalysis.objects.create(
        name=_text(name, "a name", 200),
        community=community,
        plan=plan,
        project=project,
        discount_rate=_rate(discount_rate),
        impact_map=core.to_rows(impact_map),
        source_file=source_name[:200],
        created_by=_user(by),
    )
    _event(
        community,
        "sroi_created",
        by,
        f"Added the SROI analysis {analysis.name} from {analysis.source_file}",
        analysis=analysis.pk,
        inputs=len(impact_map.inputs),
        outcomes=len(impact_map.outcomes),
    )
    return analysis


@transaction.atomic
def replace_impact_map(
    analysis: SroiAnalysis, *, content: bytes, source_name: str, by: Any
) -> SroiAnalysis:
    try:
        impact_map = core.read_impact_map(content, source_name)
    except core.ImpactMapError as error:
        raise EvaluationError(str(error)) from None
    analysis.impact_map = core.to_rows(impact_map)
    analysis.source_file = source_name[:200]
    analysis.save(update_fields=["impact_map", "source_file", "updated"])
    _event(
        analysis.community,
        "sroi_map_replaced",
        by,
        f"Replaced the impact map of {analysis.name} with {analysis.source_file}",
        analysis=analysis.pk,
    )
    return analysis


@transaction.atomic
def update_sroi(
    analysis: SroiAnalysis,
    *,
    discount_rate: Any,
    wellby_people: int | None,
    wellby_change: float | None,
    wellby_uprating: float,
    wellby_source: str,
    by: Any,
) -> SroiAnalysis:
    """Change the discount rate and the wellbeing valuation's figures."""
    if (wellby_people is None) != (wellby_change is None):
        raise EvaluationError(
            "Enter both the people measured and their mean change in life satisfaction"
        )
    if wellby_people is not None and wellby_people < 1:
        raise EvaluationError("The people measured must be 1 or more")
    if wellby_change is not None and not -10 <= wellby_change <= 10:
        raise EvaluationError("A change in life satisfaction is between -10 and 10")
    if not 0 < wellby_uprating <= 10:
        raise EvaluationError("The uprating factor must be above 0 and at most 10")
    analysis.discount_rate = _rate(discount_rate)
    analysis.wellby_people = wellby_people
    analysis.wellby_change = wellby_change
    analysis.wellby_uprating = wellby_uprating
    analysis.wellby_source = _text(wellby_source, "the source", 300, required=False)
    analysis.save()
    _event(
        analysis.community,
        "sroi_updated",
        by,
        f"Changed the settings of the SROI analysis {analysis.name}",
        analysis=analysis.pk,
        discount_rate=str(analysis.discount_rate),
    )
    return analysis
