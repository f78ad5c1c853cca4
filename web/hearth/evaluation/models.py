"""Evaluation: a community's evaluation for a period (numbers, stories, the
logic model with its evidence, a narrative with versions kept), social
return on investment analyses, and the evidence attached to outcomes.

The numbers come from the other apps when the page is drawn; what is stored
here is what officers write and decide.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from hearth.communities.models import Community


class Evaluation(models.Model):
    """A community's evaluation for a period."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="evaluations"
    )
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="evaluation_period_forwards",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def narrative(self) -> Narrative | None:
        return self.narratives.order_by("-version").first()


class Narrative(models.Model):
    """One version of the officer's narrative; every version is kept."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="narratives"
    )
    version = models.PositiveIntegerField()
    text = models.TextField()
    note = models.CharField(max_length=200, blank=True, help_text="What changed")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "version"], name="unique_narrative_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} v{self.version}"


class OutcomeEvidence(models.Model):
    """What is known about one outcome of a plan's logic model."""

    class Kind(models.TextChoices):
        INDICATOR = "indicator", "Area indicator"
        STORY = "story", "Story"
        REFERRALS = "referrals", "Referral outcomes"
        ENGAGEMENT = "engagement", "Engagement"
        DELIVERY = "delivery", "Delivery (events and requests)"
        FUNDING = "funding", "Funding"
        OTHER = "other", "Other evidence"

    outcome = models.ForeignKey(
        "plans.Outcome", on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    indicator = models.CharField(
        max_length=160,
        blank=True,
        help_text="A dataset column such as iod2025.imd_score",
    )
    story = models.ForeignKey(
        "engagement.Story",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence_for",
    )
    summary = models.TextField(help_text="What it shows, with its date and source")
    source = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["outcome", "at", "id"]
        verbose_name_plural = "outcome evidence"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for outcome {self.outcome_id}"


class SroiAnalysis(models.Model):
    """A social return on investment calculation for a plan or a project.

    The impact map (inputs and outcomes with proxies, durations and the
    adjustments) is stored as the rows of the spreadsheet it came from;
    ``hearthcore.sroi`` values it when the page is drawn.
    """

    name = models.CharField(max_length=200)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="sroi_analyses"
    )
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project = models.ForeignKey(
        "funding.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sroi_analyses",
    )
    discount_rate = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("3.50"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("99"))],
        help_text="Per cent a year (HM Treasury Green Book: 3.5)",
    )
    impact_map = models.JSONField(default=list, help_text="The impact map's rows")
    source_file = models.CharField(max_length=200, blank=True)
    # Wellbeing valuation, shown beside (never added to) the SROI.
    wellby_people = models.PositiveIntegerField(null=True, blank=True)
    wellby_change = models.FloatField(
        null=True,
        blank=True,
        help_text="Mean change in life satisfaction (ONS4, 0-10), paired",
    )
    wellby_uprating = models.FloatField(
        default=1.0, help_text="Factor from 2019 prices to this year's"
    )
    wellby_source = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated", "-id"]
        verbose_name = "SROI analysis"
        verbose_name_plural = "SROI analyses"

    def __str__(self) -> str:
        return self.name


class EvaluationEvent(models.Model):
    """What changed in a community's evaluations and SROI analyses, by whom."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="evaluation_events"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    summary = models.CharField(max_length=400)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.summary
