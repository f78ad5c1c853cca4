"""Engagement: conversations and other activities, Let's Talk drop-ins,
residents' and community groups, and stories with consent.

Activities hold counts, never names: how many people were reached and,
where it was asked, how many of them were in each Census 2021 age band and
ethnic group and how many are disabled (the group names are those of
``hearthcore.reach``). Stories may identify people, so they need recorded
consent, withdrawing it hides a story at once, and reads of identifying
stories are audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import slugify

from hearth.accounts.models import Organisation
from hearth.assets.models import Asset
from hearth.communities.models import Community
from hearthcore import reach

AGE_FIELDS = tuple(reach.AGE_GROUPS)
ETHNIC_FIELDS = tuple(reach.ETHNIC_GROUPS)


class Theme(models.Model):
    """A theme the council manages (housing, loneliness, safety…)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Activity(models.Model):
    """One engagement activity: who ran it, where, how many people it reached."""

    class Kind(models.TextChoices):
        CONVERSATION = "conversation", "Conversation or interview"
        DOORSTEP = "doorstep", "Doorstep"
        DROP_IN = "drop_in", "Drop-in session"
        GROUP_MEETING = "group_meeting", "Group meeting"
        EVENT = "event", "Event"
        SURVEY = "survey", "Survey"
        ONLINE = "online", "Online"

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="activities"
    )
    date = models.DateField(db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    asset = models.ForeignKey(
        Asset,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        help_text="Where it happened, from the asset register",
    )
    place = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where it happened, in words or a postcode",
    )
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    lsoa21 = models.CharField(max_length=9, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="activities"
    )
    people = models.PositiveIntegerField(help_text="People reached")
    # How many of them were in each Census 2021 age band (empty: not asked).
    aged_15_and_under = models.PositiveIntegerField(null=True, blank=True)
    aged_16_to_24 = models.PositiveIntegerField(null=True, blank=True)
    aged_25_to_34 = models.PositiveIntegerField(null=True, blank=True)
    aged_35_to_49 = models.PositiveIntegerField(null=True, blank=True)
    aged_50_to_64 = models.PositiveIntegerField(null=True, blank=True)
    aged_65_and_over = models.PositiveIntegerField(null=True, blank=True)
    # … and in each Census 2021 ethnic group (TS021, high level).
    asian = models.PositiveIntegerField(null=True, blank=True)
    black = models.PositiveIntegerField(null=True, blank=True)
    mixed = models.PositiveIntegerField(null=True, blank=True)
    white = models.PositiveIntegerField(null=True, blank=True)
    other_ethnic_group = models.PositiveIntegerField(null=True, blank=True)
    disabled = models.PositiveIntegerField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="activities")
    heard = models.TextField(
        blank=True, help_text="What we heard (no names or contact details)"
    )
    session = models.OneToOneField(
        "DropInSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity",
        help_text="The drop-in session this activity records, if any",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"

    def breakdown(self, fields: tuple[str, ...]) -> dict[str, int] | None:
        """The counts for these groups, or None when none were recorded."""
        values = {f: getattr(self, f) for f in fields}
        if all(v is None for v in values.values()):
            return None
        return {f: int(v or 0) for f, v in values.items()}


class FollowUp(models.Model):
    """Something to do after an activity; it can become a plan action."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="follow_ups"
    )
    text = models.TextField()
    action = models.ForeignKey(
        "plans.Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="from_engagement",
        help_text="The plan action it became",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class DropInSite(models.Model):
    """A recurring drop-in (Let's Talk) at an asset, with its opening pattern."""

    name = models.CharField(max_length=200)
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="drop_ins")
    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drop_ins",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="drop_ins"
    )
    opening_hours = models.CharField(
        max_length=300,
        help_text="OpenStreetMap opening_hours syntax, e.g. Tu 10:00-12:00; PH off",
    )
    description = models.TextField(blank=True)
    is_public = models.BooleanField(default=True)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DropInSession(models.Model):
    site = models.ForeignKey(
        DropInSite, on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField()
    visits = models.PositiveIntegerField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "date"], name="unique_session_day")
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.date}"


class Signpost(models.Model):
    """Where people at a drop-in session were signposted to."""

    session = models.ForeignKey(
        DropInSession, on_delete=models.CASCADE, related_name="signposts"
    )
    asset = models.ForeignKey(
        Asset, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service = models.CharField(
        max_length=200, blank=True, help_text="A service by name, if not an asset"
    )
    people = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.service or str(self.asset)


class Group(models.Model):
    """A residents' or community group (a parent and toddler group…).

    Groups decide which services they invite (``invited``), and support
    goes on after the group is formed: its timeline records milestones.
    Delivery uses a group as the host of a group-led event.
    """

    class Stage(models.TextChoices):
        FORMING = "forming", "Forming"
        CONSTITUTED = "constituted", "Constituted"
        RUNNING = "running", "Running"

    name = models.CharField(max_length=200)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="groups"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_groups",
        help_text="The group as an organisation, once it has one (to sign in, host events)",
    )
    stage = models.CharField(
        max_length=20, choices=Stage.choices, default=Stage.FORMING
    )
    description = models.TextField(blank=True)
    meets = models.CharField(
        max_length=300, blank=True, help_text="When and where it meets"
    )
    asset = models.ForeignKey(
        Asset, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="invited_by_groups",
        help_text="The services the group has chosen to invite",
    )
    supported_by = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups_supported",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMilestone(models.Model):
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField()
    text = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.group}: {self.text[:40]}"


class StoryQuerySet(models.QuerySet["Story"]):
    def consented(self) -> StoryQuerySet:
        """Stories whose consent stands (withdrawn ones are hidden at once)."""
        return self.filter(consent_withdrawn__isnull=True)

    def public(self) -> StoryQuerySet:
        return self.consented().filter(
            consent_public=True, status=Story.Status.PUBLISHED
        )


class Story(models.Model):
    """A quote or story, with the consent that covers its use."""

    class Perspective(models.TextChoices):
        PERSON = "person", "The person"
        COMMUNITY = "community", "The community"
        PROFESSIONALS = "professionals", "Professionals"
        PROGRAMME_LEADS = "programme_leads", "Programme leads"
        FUNDERS = "funders", "Funders"
        POLICY_MAKERS = "policy_makers", "Policy makers"

    class Status(models.TextChoices):
        DRAFT = "draft", "Recorded"
        REVIEW = "review", "Waiting for review to publish"
        PUBLISHED = "published", "Published"

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="stories"
    )
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    perspective = models.CharField(max_length=20, choices=Perspective.choices)
    themes = models.ManyToManyField(Theme, blank=True, related_name="stories")
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    # Consent: recorded, with what it covers.
    consent_recorded_on = models.DateField()
    consent_how = models.CharField(
        max_length=200,
        help_text="How consent was given: signed form, recorded verbally…",
    )
    consent_internal = models.BooleanField(default=True)
    consent_public = models.BooleanField(default=False)
    consent_attribution = models.BooleanField(default=False)
    consent_withdrawn = models.DateTimeField(null=True, blank=True)
    anonymised = models.BooleanField(
        default=True, help_text="Names and details that identify anyone are removed"
    )
    attribution = models.CharField(
        max_length=200,
        blank=True,
        help_text="How to credit it (only with consent to attribution)",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title or f"Story {self.pk}"

    @property
    def identifying(self) -> bool:
        """Whether the story may identify someone (not anonymised, or credited)."""
        return not self.anonymised or bool(self.attribution)


class EngagementEvent(models.Model):
    """The engagement history of a community: every change, by whom."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="engagement_events"
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
        return f"{self.action} {self.community_id}"
