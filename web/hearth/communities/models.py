"""Communities: the neighbourhoods (or groups) that plans, assets,
engagement and funding attach to, with the history of how they were curated."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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
    lad_code = models.CharField(max_length=9)
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
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        help_text="The community it was merged into (its history is kept)",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.name

    def area_codes(self) -> list[str]:
        return list(self.areas.values_list("area_code", flat=True))


class CommunityArea(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="areas"
    )
    area_code = models.CharField(max_length=9)

    class Meta:
        ordering = ["area_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "area_code"], name="unique_community_area"
            )
        ]

    def __str__(self) -> str:
        return self.area_code


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
