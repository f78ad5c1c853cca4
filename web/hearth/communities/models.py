"""Communities: the neighbourhoods (or groups) that plans, assets,
engagement, delivery, referrals and funding attach to, with the history of
how they were curated.

What happens to attached records when communities change (the rule every
app that attaches to a Community follows, through the signals in
``signals.py``):

- **merge**: the merged community is archived with ``merged_into`` set and
  is never deleted. Records attached to it *move* to the community it was
  merged into (plans, activities, events…), so the surviving community
  carries the whole history. Apps do this on ``community_merged``.
- **split**: the original community keeps its records; the new community
  starts empty. Records tied to particular LSOAs (an asset, a household
  request) follow their LSOA because they are found by area, not by
  community. Apps may move more on ``community_split``.
- **archive**: records stay attached, read-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hearth.areas.models import Area


class CommunityQuerySet(models.QuerySet["Community"]):
    def active(self) -> CommunityQuerySet:
        """Communities in use: not archived (merged ones are archived)."""
        return self.filter(archived__isnull=True)

    def in_lad(self, lad_code: str) -> CommunityQuerySet:
        return self.filter(lad_code=lad_code)


class Community(models.Model):
    class Kind(models.TextChoices):
        GEOGRAPHIC = "geographic", "Neighbourhood (a set of LSOAs)"
        THEMATIC = (
            "thematic",
            "Thematic (a group of people, e.g. older people in one town)",
        )

    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.GEOGRAPHIC
    )
    lad_code = models.CharField(max_length=9, db_index=True)
    geography = models.CharField(max_length=10, default="lsoa21")
    description = models.TextField(
        blank=True, help_text="Background and local intelligence"
    )
    reason = models.TextField(blank=True, help_text="Why it was proposed or chosen")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    archived = models.DateTimeField(
        null=True, blank=True, help_text="When it stopped being a focus community"
    )
    review_due = models.DateField(
        null=True,
        blank=True,
        help_text="When the focus on this community is next reviewed",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        help_text="The community it was merged into (its history is kept)",
    )

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.archived is None

    def area_codes(self) -> list[str]:
        return list(
            self.areas.order_by("area__code").values_list("area__code", flat=True)
        )

    def lsoas(self) -> models.QuerySet[Area]:
        """The community's LSOAs as areas (with names), without geometry."""
        return (
            Area.objects.filter(community_links__community=self)
            .defer("geometry")
            .order_by("code")
        )


class CommunityArea(models.Model):
    """One LSOA of a community: a real, loaded area, never a free string."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="areas"
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="community_links"
    )

    class Meta:
        ordering = ["area__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "area"], name="unique_community_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community_id}: {self.area_id}"


class CommunityEvent(models.Model):
    """The community's history: every curation step, by whom and why."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30)
    note = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.community_id}"


class FocusReview(models.Model):
    """An officer's decision when the focus is reviewed against new data."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Continue: the focus is still right"
        WIDEN = "widen", "Widen: add areas to the community"
        NARROW = "narrow", "Narrow: take areas out of the community"
        END = "end", "End the focus on this community"
        START = "start", "Start a new community"

    lad_code = models.CharField(max_length=9, db_index=True)
    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="focus_reviews",
        help_text="Empty for a decision to start a new community",
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField()
    since_run = models.ForeignKey(
        "indices.IndexRun", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    now_run = models.ForeignKey(
        "indices.IndexRun", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_review = models.DateField(help_text="When the focus is next reviewed")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.lad_code})"
