"""Crowdfunding and participatory budgeting.

Crowdfunding: a resident group or VCS organisation proposes a **Project**
with a target and a deadline; the council reviews it before it goes live;
residents and organisations record **Pledges** (payment happens outside
Hearth); council **Funds** pledge automatically when their published rule
is met (``services.reconcile_matches``) and withdraw if the project fails.

Participatory budgeting: a **Process** (phases: proposals, review, voting,
results) whose projects are ``Project`` rows with ``process`` set. Residents
of its communities get a one-time **VoterCode** (by e-mail, or on paper at a
drop-in) after a postcode check, and cast one **Ballot**. Ballots are
secret: a ballot has no link to the code used and records only the day it
was cast. A **Count** stores the outcome and its explanation; the winning
projects become funded projects with their budget lines.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from hearth.accounts.models import Organisation
from hearth.communities.models import Community
from hearthcore.funding import MatchRule


class Theme(models.TextChoices):
    GREEN_SPACE = "green_space", "Parks and green spaces"
    FOOD = "food", "Food"
    OLDER_PEOPLE = "older_people", "Older people"
    YOUNG_PEOPLE = "young_people", "Children and young people"
    HEALTH = "health", "Health and wellbeing"
    ARTS = "arts", "Arts, culture and heritage"
    SPORT = "sport", "Sport and play"
    SAFETY = "safety", "Community safety"
    ENVIRONMENT = "environment", "Environment and energy"
    BUILDINGS = "buildings", "Community buildings"
    OTHER = "other", "Something else"


def money_field(**kwargs: Any) -> models.DecimalField:
    """An amount in pounds and pence, never negative."""
    return models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        **kwargs,
    )


class Fund(models.Model):
    """A council match fund with published rules."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    budget = money_field(help_text="The fund's total, in pounds")
    communities = models.ManyToManyField(
        Community,
        blank=True,
        related_name="funds",
        help_text="Leave empty for every community",
    )
    themes = models.JSONField(default=list, blank=True)
    match_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        help_text="The most it pledges, as a percentage of a project's target",
    )
    match_cap = money_field(help_text="The most it pledges to one project, in pounds")
    trigger_share = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        help_text="Percentage of the target that must be raised from others first",
    )
    min_backers = models.PositiveIntegerField(
        default=0, help_text="Distinct backers needed before it pledges"
    )
    pays_only_if_target_met = models.BooleanField(default=True)
    opens = models.DateField(default=timezone.localdate)
    closes = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def rule(self) -> MatchRule:
        return MatchRule(
            percent=self.match_percent,
            cap=self.match_cap,
            trigger_share=self.trigger_share,
            min_backers=self.min_backers,
            pays_only_if_target_met=self.pays_only_if_target_met,
        )

    def is_open_on(self, day: date) -> bool:
        return (
            self.active
            and self.opens <= day
            and (self.closes is None or day <= self.closes)
        )

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(t, t)) for t in self.themes]


class Process(models.Model):
    """A participatory budgeting process."""

    class Phase(models.TextChoices):
        PROPOSALS = "proposals", "Proposals"
        REVIEW = "review", "Review"
        VOTING = "voting", "Voting"
        RESULTS = "results", "Results"

    class BallotKind(models.TextChoices):
        UP_TO_K = "up_to_k", "Approve up to a number of projects"
        WITHIN_BUDGET = "within_budget", "Approve projects within the budget"

    class Rule(models.TextChoices):
        GREEDY = "greedy", "Greedy by votes"
        EQUAL_SHARES = "equalshares", "Method of Equal Shares"
        EQUAL_SHARES_ADD1 = (
            "equalshares/add1",
            "Method of Equal Shares, completed (add1)",
        )
        EQUAL_SHARES_COMPARISON = (
            "equalshares-comparison",
            "Method of Equal Shares, compared with greedy",
        )
        EQUAL_SHARES_ADD1_COMPARISON = (
            "equalshares/add1-comparison",
            "Method of Equal Shares, completed (add1), compared with greedy",
        )

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    communities = models.ManyToManyField(
        Community, blank=True, related_name="budgeting_processes"
    )
    budget = money_field()
    currency = models.CharField(max_length=3, default="GBP")
    phase = models.CharField(
        max_length=12, choices=Phase.choices, default=Phase.PROPOSALS
    )
    ballot_kind = models.CharField(
        max_length=15, choices=BallotKind.choices, default=BallotKind.UP_TO_K
    )
    max_choices = models.PositiveIntegerField(
        default=3,
        help_text="For 'approve up to': how many projects each voter may choose",
    )
    rule = models.CharField(
        max_length=30, choices=Rule.choices, default=Rule.EQUAL_SHARES_ADD1
    )
    voting_opens = models.DateField(null=True, blank=True)
    voting_closes = models.DateField(null=True, blank=True)
    # A process read from a Pabulib file: its ballots came from the file.
    imported_from = models.CharField(max_length=300, blank=True)
    meta = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = "budgeting process"
        verbose_name_plural = "budgeting processes"

    def __str__(self) -> str:
        return self.name

    def lsoa_codes(self) -> set[str]:
        return set(
            Community.objects.filter(budgeting_processes=self).values_list(
                "areas__area__code", flat=True
            )
        ) - {None}

    def ballot_projects(self) -> models.QuerySet[Project]:
        return self.projects.filter(status__in=Project.ON_BALLOT).order_by("pk")

    def latest_count(self) -> Count | None:
        return self.counts.order_by("-counted_at", "-pk").first()


class Project(models.Model):
    """A crowdfunding project, or a project on a participatory budgeting ballot."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for review"
        LIVE = "live", "Live: collecting pledges"
        REJECTED = "rejected", "Not accepted"
        FUNDED = "funded", "Funded"
        FAILED = "failed", "Did not reach its target"
        ON_BALLOT = "on_ballot", "On the ballot"
        NOT_SELECTED = "not_selected", "Not selected in the vote"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Model(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", "All or nothing"
        KEEP = "keep", "Keep what you raise"

    class ProposerKind(models.TextChoices):
        RESIDENT_GROUP = "resident_group", "Resident group"
        VCS = "vcs", "Voluntary or community organisation"

    ON_BALLOT = (Status.ON_BALLOT, Status.FUNDED, Status.NOT_SELECTED)

    title = models.CharField(max_length=140)
    summary = models.CharField(max_length=300)
    description = models.TextField()
    theme = models.CharField(max_length=20, choices=Theme.choices, default=Theme.OTHER)
    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_projects",
    )
    process = models.ForeignKey(
        Process,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="projects",
    )
    # The identifier in a Pabulib file (the primary key when made here).
    pb_id = models.CharField(max_length=60, blank=True)
    target = money_field(help_text="The target, or for a budgeting project its cost")
    deadline = models.DateField(null=True, blank=True)
    model = models.CharField(
        max_length=20, choices=Model.choices, default=Model.ALL_OR_NOTHING
    )
    location_name = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    lsoa21 = models.CharField(max_length=9, blank=True, db_index=True)
    proposer_kind = models.CharField(
        max_length=20, choices=ProposerKind.choices, default=ProposerKind.RESIDENT_GROUP
    )
    proposer_name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=8, blank=True)
    annual_income = money_field(
        null=True, blank=True, help_text="Declared annual income, in pounds"
    )
    # Personal data: who to contact about the project. Never exported.
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=15, choices=Status.choices, default=Status.SUBMITTED
    )
    review_note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    went_live = models.DateTimeField(null=True, blank=True)
    closed = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_crowdfunding(self) -> bool:
        return self.process_id is None

    @property
    def is_public(self) -> bool:
        return self.status not in (self.Status.SUBMITTED, self.Status.REJECTED)

    def ballot_id(self) -> str:
        return self.pb_id or str(self.pk)

    def is_smaller(self) -> bool:
        """Whether the proposer counts as a smaller organisation.

        A declared annual income under HEARTH_FUNDING_SMALLER_INCOME (a
        resident group that declares none counts as smaller; a VCS
        organisation that declares none does not).
        """
        if self.annual_income is None:
            return self.proposer_kind == self.ProposerKind.RESIDENT_GROUP
        return bool(
            self.annual_income < Decimal(settings.HEARTH_FUNDING_SMALLER_INCOME)
        )


class BudgetLine(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="budget_lines"
    )
    item = models.CharField(max_length=200)
    amount = money_field()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.item}: £{self.amount}"


class ProjectPhoto(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.BinaryField()
    content_type = models.CharField(max_length=20)
    caption = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Photo {self.pk} of project {self.project_id}"


class ProjectEvent(models.Model):
    """Every status change of a project or its pledges, by whom and why."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30)
    old_status = models.CharField(max_length=15, blank=True)
    new_status = models.CharField(max_length=15, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.project_id}"

    LABELS = {
        "submitted": "Sent for review",
        "edited": "Changed by the council",
        "approved": "Approved",
        "rejected": "Not accepted",
        "withdrawn": "Withdrawn",
        "pledged": "Pledge recorded (waiting for the backer to confirm)",
        "pledge_confirmed": "Pledge confirmed by the backer",
        "pledge_withdrawn": "Pledge withdrawn",
        "name_hidden": "Backer's name hidden",
        "received": "Money received",
        "fund_pledged": "Council fund pledged",
        "fund_withdrawn": "Council fund withdrew",
        "closed_funded": "Closed: funded",
        "closed_failed": "Closed: did not reach its target",
        "closed_kept": "Closed below target: keeps what it raised",
        "vote_result": "Vote result",
    }

    @property
    def label(self) -> str:
        return self.LABELS.get(self.action, self.action)


class Pledge(models.Model):
    """A promise of money (or help in kind); payment happens outside Hearth."""

    class Kind(models.TextChoices):
        RESIDENT = "resident", "Resident"
        ORGANISATION = "organisation", "Organisation"
        FUND = "fund", "Council fund"

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Waiting for the backer to confirm by e-mail"
        PLEDGED = "pledged", "Pledged"
        CONFIRMED = "confirmed", "Confirmed: the project was funded"
        WITHDRAWN = "withdrawn", "Withdrawn"
        LAPSED = "lapsed", "Lapsed: the project did not reach its target"

    STANDING = (Status.PLEDGED, Status.CONFIRMED)

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="pledges"
    )
    kind = models.CharField(max_length=15, choices=Kind.choices)
    fund = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges"
    )
    # Shown on the project page ("Anonymous" when empty).
    display_name = models.CharField(max_length=100, blank=True)
    amount = money_field()
    in_kind = models.BooleanField(default=False)
    in_kind_description = models.CharField(max_length=300, blank=True)
    # Personal data: to tell the backer whether the project succeeded and
    # how to pay. Never exported; counted as a backer by its keyed hash.
    email = models.EmailField(blank=True)
    backer_key = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PLEDGED
    )
    # A backer confirms a pledge from the link e-mailed to them (only its
    # keyed hash is kept): an address nobody reads cannot make up backers.
    confirm_hash = models.CharField(max_length=64, blank=True, db_index=True)
    pledged_at = models.DateTimeField(default=timezone.now)
    status_changed = models.DateTimeField(null=True, blank=True)
    received = models.DateField(
        null=True, blank=True, help_text="When the money was received (outside Hearth)"
    )

    class Meta:
        ordering = ["-pledged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "fund"],
                condition=models.Q(status__in=["pledged", "confirmed"]),
                name="one_standing_pledge_per_fund",
            )
        ]

    def __str__(self) -> str:
        return f"Pledge {self.pk} to project {self.project_id}"

    @property
    def is_standing(self) -> bool:
        return self.status in self.STANDING


class VoterCode(models.Model):
    """A one-time voting code, stored only as a keyed hash.

    The e-mail address it was sent to is never stored, only its keyed hash
    (so one address gets one code per process). Once used the code cannot
    be used again; the ballot it opened is not linked to it.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        PAPER = "paper", "Paper (drop-in)"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="voter_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    email_hash = models.CharField(max_length=64, blank=True, db_index=True)
    batch = models.CharField(max_length=100, blank=True, help_text="Paper: the drop-in")
    issued_on = models.DateField(default=timezone.localdate)
    used = models.BooleanField(default=False)
    used_on = models.DateField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Voter code {self.pk}"


class Ballot(models.Model):
    """One secret ballot: the projects approved, and only the day it was cast."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="ballots"
    )
    projects = models.ManyToManyField(Project, related_name="+")
    cast_on = models.DateField(default=timezone.localdate)
    # Ballots from an imported Pabulib file keep the file's voter id.
    voter_label = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Ballot in process {self.process_id}"


class Count(models.Model):
    """A count of a process: its outcome and the explanation residents read."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="counts"
    )
    rule = models.CharField(max_length=30)
    winners = models.JSONField(default=list)
    cost = models.DecimalField(max_digits=14, decimal_places=2)
    ballots = models.PositiveIntegerField()
    explanation = models.JSONField(default=dict)
    counted_at = models.DateTimeField(auto_now_add=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published = models.BooleanField(default=False)

    class Meta:
        ordering = ["-counted_at", "-pk"]

    def __str__(self) -> str:
        return f"Count {self.pk} of process {self.process_id}"
