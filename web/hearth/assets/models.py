"""The community asset register: what a community already has.

Assets are places, groups, services and people's skills, each with a
status (draft, pending review, published, archived), review dates that keep
the map live, and a revision for every change. Residents suggest assets
without an account; moderators turn suggestions into assets.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from hearthcore.assets.schema import ASSET_TYPES, CATEGORIES, COSTS, FIVE_WAYS

CATEGORY_CHOICES = [(key, label) for key, (label, _type) in CATEGORIES.items()]
TYPE_CHOICES = list(ASSET_TYPES.items())
COST_CHOICES = [("", "Not known"), *COSTS.items()]
FIVE_WAYS_CHOICES = list(FIVE_WAYS.items())
ACCESSIBILITY_CHOICES = [
    ("wheelchair", "Step-free access for wheelchair users"),
    ("accessible-toilet", "Accessible toilet"),
    ("hearing-loop", "Hearing loop"),
    ("changing-places", "Changing Places toilet"),
    ("parking", "Disabled parking"),
    ("quiet-space", "Quiet space"),
    ("large-print", "Large print or easy read information"),
    ("assistance-dogs", "Assistance dogs welcome"),
]


class AssetQuerySet(models.QuerySet["Asset"]):
    def public(self) -> AssetQuerySet:
        """Published, located and not past their hard expiry."""
        today = timezone.localdate()
        return self.filter(status=Asset.Status.PUBLISHED).exclude(expires__lt=today)

    def review_due(self) -> AssetQuerySet:
        return self.exclude(status=Asset.Status.ARCHIVED).filter(
            review_due__lte=timezone.localdate()
        )


class Asset(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Pending review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    asset_type = models.CharField(
        "type", max_length=20, choices=TYPE_CHOICES, default="physical"
    )
    category = models.CharField(max_length=30, choices=CATEGORY_CHOICES)
    five_ways = models.JSONField("Five Ways to Wellbeing", default=list, blank=True)
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    address = models.CharField(max_length=300, blank=True)
    lsoa21 = models.CharField(max_length=9, blank=True, db_index=True)
    lad_code = models.CharField(max_length=9, blank=True, db_index=True)
    opening_hours = models.CharField(
        max_length=300,
        blank=True,
        help_text="OpenStreetMap opening_hours syntax, e.g. Mo-Fr 09:00-17:00; PH off",
    )
    opening_hours_text = models.CharField(max_length=500, blank=True)
    cost = models.CharField(max_length=10, choices=COST_CHOICES, blank=True)
    accessibility = models.JSONField(default=list, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assets",
        help_text="The organisation that keeps this record up to date",
    )
    sensitive = models.BooleanField(
        default=False,
        help_text="Show only an approximate location in public (e.g. a refuge)",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Archived because its source stopped listing it (not by a person): an
    # import that lists it again restores it.
    archived_by_source = models.BooleanField(default=False)
    last_verified = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True, db_index=True)
    expires = models.DateField(
        null=True,
        blank=True,
        help_text="Hidden from the public after this date until verified again",
    )
    photo = models.BinaryField(null=True, blank=True, editable=False)
    photo_type = models.CharField(max_length=20, blank=True)
    source = models.CharField(max_length=60, blank=True, db_index=True)
    source_id = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source=""),
                name="unique_asset_source_id",
            )
        ]
        indexes = [models.Index(fields=["lad_code", "status", "category"])]

    def __str__(self) -> str:
        return self.name

    @property
    def located(self) -> bool:
        return self.lon is not None and self.lat is not None

    def public_point(self) -> tuple[float, float] | None:
        """Where the public map shows it: sensitive assets are rounded to
        about a kilometre (two decimal places of latitude)."""
        if self.lon is None or self.lat is None:
            return None
        if self.sensitive:
            return round(self.lon, 2), round(self.lat, 2)
        return self.lon, self.lat

    def mark_verified(self, on: datetime.date | None = None) -> None:
        on = on or timezone.localdate()
        self.last_verified = on
        self.review_due = on + datetime.timedelta(
            days=settings.HEARTH_ASSET_REVIEW_DAYS
        )
        self.expires = on + datetime.timedelta(days=settings.HEARTH_ASSET_EXPIRY_DAYS)

    @property
    def overdue(self) -> bool:
        return self.review_due is not None and self.review_due <= timezone.localdate()

    @property
    def expired(self) -> bool:
        return self.expires is not None and self.expires < timezone.localdate()


SNAPSHOT_FIELDS = [
    "name",
    "description",
    "asset_type",
    "category",
    "five_ways",
    "lon",
    "lat",
    "postcode",
    "address",
    "opening_hours",
    "opening_hours_text",
    "cost",
    "accessibility",
    "phone",
    "email",
    "url",
    "organisation_name",
    "sensitive",
    "status",
    "last_verified",
    "review_due",
    "expires",
]


def snapshot(asset: Asset) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(asset, name)
        out[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return out


class AssetRevision(models.Model):
    """One change to an asset: who, when, why and what changed."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="revisions")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=30)
    note = models.CharField(max_length=500, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.asset_id}"


class Suggestion(models.Model):
    """Something a resident says matters to them (no account needed)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a moderator"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    name = models.CharField(max_length=200)
    why = models.TextField("Why it matters")
    category = models.CharField(max_length=30, choices=CATEGORY_CHOICES, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    photo = models.BinaryField(null=True, blank=True, editable=False)
    photo_type = models.CharField(max_length=20, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created = models.DateTimeField(auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.CharField(max_length=500, blank=True)
    asset = models.ForeignKey(
        Asset,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return self.name


class DuplicatePair(models.Model):
    """Two records that may be the same place, for a person to confirm."""

    class Decision(models.TextChoices):
        OPEN = "open", "To check"
        SAME = "same", "Same place (merged)"
        DIFFERENT = "different", "Different places"

    first = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="+")
    distance_m = models.FloatField()
    name_similarity = models.FloatField()
    score = models.FloatField()
    decision = models.CharField(
        max_length=10, choices=Decision.choices, default=Decision.OPEN, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second"], name="unique_duplicate_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id}"


class AssetImport(models.Model):
    """A log of every asset import, successful or not."""

    at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=300)
    kind = models.CharField(max_length=60)
    checksum = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=20)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    unlocated = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.outcome})"
