"""Community plans: the six steps, objectives and actions, milestones, a
logic model and reviews, all hanging from one ``Community``.

The vocabularies (steps, statuses, the IAP2 levels of involvement,
milestones) and the progress roll-up live in ``hearthcore.plans``; these
models store what officers and partners record. Every change goes through
``services.py``, which writes a ``PlanEvent`` (the plan's history) and, via
the audit registry, an audit event.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from hearth.accounts.models import Organisation
from hearth.communities.models import Community
from hearthcore import plans as core

STEP_CHOICES = [(key, title) for key, title, _about in core.STEPS]
STATE_CHOICES = list(core.STEP_STATES.items())
STATUS_CHOICES = list(core.STATUSES.items())
INVOLVEMENT_CHOICES = [(key, label) for key, (label, _m) in core.INVOLVEMENT.items()]
MILESTONE_CHOICES = list(core.MILESTONES)
TERM_CHOICES = list(core.OUTCOME_TERMS.items())


def _token() -> str:
    return secrets.token_urlsafe(24)


class Plan(models.Model):
    """A community's plan (at most one per community)."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="plan"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans_led",
        help_text="The community officer who leads the plan",
    )
    summary = models.TextField(
        blank=True,
        help_text="What the plan is for, in plain English (shown to residents)",
    )
    is_public = models.BooleanField(
        default=False, help_text="Residents can see the plan's public page"
    )
    calendar_token = models.CharField(max_length=64, default=_token, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["community__name"]

    def __str__(self) -> str:
        return f"Plan for {self.community}"


class PlanStep(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(max_length=20, choices=STEP_CHOICES)
    state = models.CharField(
        max_length=20, choices=STATE_CHOICES, default="not_started"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="unique_plan_step")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.key} ({self.state})"


class Note(models.Model):
    """What officers learn in the understanding steps (internal)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="notes")
    step = models.CharField(max_length=20, choices=STEP_CHOICES)
    category = models.CharField(max_length=30)
    text = models.TextField()
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where it comes from (a meeting, a report)",
    )
    noted_on = models.DateField(help_text="When it was learnt or is dated")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step", "category", "-noted_on", "-id"]

    def __str__(self) -> str:
        return f"Note {self.pk} ({self.step})"

    @property
    def category_label(self) -> str:
        return core.NOTE_CATEGORIES.get(self.step, {}).get(self.category, self.category)


class Objective(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="actions_led"
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="actions_partnered"
    )
    start = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=STATUS_CHOICES, default="not_started"
    )
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    involvement = models.CharField(
        max_length=20, choices=INVOLVEMENT_CHOICES, default="inform"
    )
    community_lead = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who in the community leads it, such as a residents' group",
    )
    you_said = models.TextField(
        blank=True,
        help_text="What residents asked for, in their words (shown to residents)",
    )
    is_public = models.BooleanField(
        default=True, help_text="Shown on the plan's public page"
    )
    position = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="action_progress_0_100"
            ),
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(due__isnull=True)
                | models.Q(due__gte=models.F("start")),
                name="action_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def counted_progress(self) -> float | None:
        return core.action_progress(self.status, self.progress)

    @property
    def public_status(self) -> str:
        return core.PUBLIC_STATUSES[self.status]

    @property
    def involvement_meaning(self) -> str:
        return core.INVOLVEMENT[self.involvement][1]


class ActionUpdate(models.Model):
    """Progress on an action: who, when, what (the action's history)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    note = models.TextField()
    progress = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation the update was made for",
    )
    is_public = models.BooleanField(
        default=False, help_text="Shown to residents as 'we did'"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"Update {self.pk} on action {self.action_id}"


class Milestone(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    key = models.CharField(max_length=30, choices=MILESTONE_CHOICES)
    reached_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "key"], name="unique_plan_milestone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.key}"


class LogicModel(models.Model):
    """Situation, inputs and outputs; activities come from the plan's actions."""

    plan = models.OneToOneField(
        Plan, on_delete=models.CASCADE, related_name="logic_model"
    )
    situation = models.TextField(blank=True)
    inputs = models.TextField(blank=True)
    outputs = models.TextField(blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Logic model of plan {self.plan_id}"


class Outcome(models.Model):
    """An outcome in the logic model; outcomes may emerge at any time."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    term = models.CharField(max_length=10, choices=TERM_CHOICES)
    text = models.TextField()
    first_recorded = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["first_recorded", "id"]

    def __str__(self) -> str:
        return f"{self.get_term_display()}: {self.text[:40]}"


class Review(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    due = models.DateField(help_text="When the review is due")
    held_on = models.DateField(null=True, blank=True)
    learnt = models.TextField(blank=True)
    changes = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-due", "-id"]

    def __str__(self) -> str:
        return f"Review of plan {self.plan_id} due {self.due}"

    @property
    def is_held(self) -> bool:
        return self.held_on is not None


class PlanEvent(models.Model):
    """The plan's history: every change, by whom."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
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
        return f"{self.action} {self.plan_id}"
