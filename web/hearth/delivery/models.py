"""Delivery with partners: events, the activities partners run at them,
household requests that follow, and the council's address gazetteer.

An **event** (a Week of Action, a health event, a group session) targets
communities or any set of LSOAs, has venues from the asset register, a lead
organisation and, when a residents' group hosts it, that group. The lead
invites organisations; each accepts or declines and adds the **activities**
it will run. **Requests** are what households ask for during and after the
event: the service, the organisation asked, the property (a UPRN from the
**gazetteer** or a postcode) and a status. Contact details on a request are
personal data: only the organisation asked and the person who recorded the
request see them, every view is audited, and they are erased once the
request has been closed for the retention period.

Every change goes through ``services.py``, which writes the event's history
(``EventChange``) or the request's (``RequestChange``); the audit registry
logs the rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify

from hearth.accounts.models import Organisation
from hearth.areas.models import Area
from hearth.assets.models import Asset
from hearth.communities.models import Community
from hearthcore import delivery as core

KIND_CHOICES = list(core.EVENT_KINDS.items())
STATUS_CHOICES = list(core.REQUEST_STATUSES.items())


class _Named(models.Model):
    """A name from a list the council manages (services, activity types)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    organisation_kind = models.CharField(
        "usually provided by",
        max_length=20,
        choices=Organisation.Kind.choices,
        blank=True,
        help_text="The kind of organisation that usually provides it",
    )
    active = models.BooleanField(
        default=True, help_text="Offered in forms (old names stay on old records)"
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:120] or "item"
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ActivityType(_Named):
    """What partners offer at events: a home fire safety check, a skip day."""

    class Meta(_Named.Meta):
        verbose_name = "activity type"


class Service(_Named):
    """What households ask for: smoke alarm fitting, a flu jab, a benefits check."""

    class Meta(_Named.Meta):
        verbose_name = "service"


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        """Events residents can see (published, or cancelled after publishing)."""
        return self.filter(published_at__isnull=False).exclude(
            status=Event.Status.DRAFT
        )


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Being planned"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    summary = models.TextField(
        blank=True, help_text="What it is for, in plain English (shown to residents)"
    )
    start = models.DateField()
    end = models.DateField()
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="events_led",
        help_text="The organisation that runs the event and invites partners",
    )
    host_group = models.ForeignKey(
        "engagement.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events_hosted",
        help_text="The residents' or community group hosting it, if it is group-led",
    )
    communities = models.ManyToManyField(
        Community, blank=True, related_name="delivery_events"
    )
    areas = models.ManyToManyField(
        Area,
        blank=True,
        related_name="delivery_events",
        help_text="LSOAs targeted besides the communities' own",
    )
    venues = models.ManyToManyField(Asset, blank=True, related_name="events")
    plan_action = models.ForeignKey(
        "plans.Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="The plan action the event delivers",
    )
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The event this one was planned from",
    )
    wanted_kinds = models.JSONField(
        default=list,
        blank=True,
        help_text="Kinds of organisation the organiser wants taking part",
    )
    wanted_activities = models.ManyToManyField(
        ActivityType, blank=True, related_name="wanted_at"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and self.status != self.Status.DRAFT

    @property
    def group_led(self) -> bool:
        return self.host_group_id is not None

    def target_codes(self) -> list[str]:
        """The LSOA 2021 codes the event targets: its communities' and its own."""
        codes = set(
            Area.objects.filter(
                community_links__community__in=self.communities.all()
            ).values_list("code", flat=True)
        )
        codes |= set(self.areas.values_list("code", flat=True))
        return sorted(codes)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class Invitation(models.Model):
    """An organisation asked to take part, and its answer."""

    class Status(models.TextChoices):
        INVITED = "invited", "Waiting for an answer"
        ACCEPTED = "accepted", "Coming"
        DECLINED = "declined", "Not coming"

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="event_invitations"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.INVITED
    )
    message = models.TextField(blank=True, help_text="What the organiser asked for")
    response_note = models.TextField(blank=True)
    chosen_by_group = models.BooleanField(
        default=False, help_text="The hosting group chose to invite this service"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="unique_event_invitation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} at event {self.event_id}"


class EventActivity(models.Model):
    """What one partner runs at an event: when, where, for how many, with whom."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DONE = "done", "Run"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="activities"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="event_activities"
    )
    activity_type = models.ForeignKey(
        ActivityType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    date = models.DateField()
    starts = models.TimeField(null=True, blank=True)
    ends = models.TimeField(null=True, blank=True)
    venue = models.ForeignKey(
        Asset, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where, if not at a venue (e.g. door to door on the estate)",
    )
    capacity = models.PositiveIntegerField(null=True, blank=True)
    staff = models.PositiveIntegerField(null=True, blank=True)
    booking = models.CharField(
        max_length=200, blank=True, help_text="How residents book, if they need to"
    )
    is_public = models.BooleanField(default=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    people_reached = models.PositiveIntegerField(null=True, blank=True)
    households_reached = models.PositiveIntegerField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "starts", "title", "id"]
        verbose_name = "event activity"
        verbose_name_plural = "event activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(starts__isnull=True)
                | Q(ends__isnull=True)
                | Q(ends__gt=models.F("starts")),
                name="activity_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def where(self) -> str:
        return self.venue.name if self.venue_id and self.venue else self.place


class RequestQuerySet(models.QuerySet["Request"]):
    def open(self) -> RequestQuerySet:
        return self.exclude(status__in=core.CLOSED_STATUSES)


class Request(models.Model):
    """A household's request for a service, to one organisation.

    No names: the property is a UPRN or a postcode. Contact details are
    optional, personal, and erased by ``hearth requests retention`` once the
    request has been closed for ``HEARTH_REQUEST_CONTACT_RETENTION_DAYS``.
    """

    class Placement(models.TextChoices):
        UPRN = "uprn", "By UPRN (address gazetteer)"
        POSTCODE = "postcode", "By postcode"

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="requests")
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="requests"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="household_requests",
        help_text="The organisation asked",
    )
    uprn = models.BigIntegerField(null=True, blank=True, db_index=True)
    postcode = models.CharField(max_length=8, blank=True)
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lsoa21 = models.CharField(max_length=9, blank=True, db_index=True)
    placed_by = models.CharField(max_length=10, choices=Placement.choices)
    requested = models.DateField()
    status = models.CharField(
        max_length=10, choices=STATUS_CHOICES, default="requested", db_index=True
    )
    outcome = models.CharField(max_length=500, blank=True)
    # Personal data: only the organisation asked and the recorder see these.
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="How and when to get in touch (no names or health details)",
    )
    contact_erased = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="household_requests_recorded",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested", "-id"]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["organisation", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(uprn__isnull=False) | ~Q(postcode=""),
                name="request_has_a_property",
            )
        ]

    def __str__(self) -> str:
        return f"Request {self.pk}"

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_phone or self.contact_email or self.contact_note)

    @property
    def is_closed(self) -> bool:
        return core.is_closed(self.status)

    @property
    def postcode_display(self) -> str:
        return core.format_postcode(self.postcode)


class RequestChange(models.Model):
    """A request's history: every status change and outcome, by whom."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="changes"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    old_status = models.CharField(max_length=10, blank=True)
    new_status = models.CharField(max_length=10)
    outcome = models.CharField(max_length=500, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.old_status} -> {self.new_status}"


class EventChange(models.Model):
    """An event's history: every change, by whom."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="history")
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
        return f"{self.action} {self.event_id}"


class AddressImport(models.Model):
    """One import of the gazetteer: the file, what it held, what it changed."""

    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(
        max_length=20,
        choices=[("llpg", "LLPG extract"), ("os_open_uprn", "OS Open UPRN")],
    )
    rows = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    placed = models.PositiveIntegerField(
        default=0, help_text="Properties placed in an LSOA 2021"
    )
    ignored_columns = models.JSONField(default=list, blank=True)
    by = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows} rows)"


class Address(models.Model):
    """A property in the council's gazetteer (LLPG) or OS Open UPRN.

    Never shown in public. Requests find their property here by UPRN.
    """

    uprn = models.BigIntegerField(primary_key=True)
    address = models.CharField(max_length=500, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    street = models.CharField(max_length=200, blank=True)
    classification = models.CharField(max_length=6, blank=True)
    x = models.FloatField()
    y = models.FloatField()
    lon = models.FloatField()
    lat = models.FloatField()
    lsoa21 = models.CharField(max_length=9, blank=True)
    source = models.ForeignKey(
        AddressImport,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The import that last set this property",
    )

    class Meta:
        ordering = ["uprn"]
        verbose_name_plural = "addresses"
        indexes = [models.Index(fields=["lsoa21", "classification"])]

    def __str__(self) -> str:
        return f"UPRN {self.uprn}"

    @property
    def is_home(self) -> bool:
        return core.is_home(self.classification)
