"""The service directory, shaped like Open Referral UK 3.0.

Organisations provide services; a service is delivered at locations, and a
location is an asset of the register (``assets.Asset``), never a copy. A
service carries eligibility (ages), cost options, schedules, contacts,
languages and taxonomy terms (the LGA lists, feeds' own vocabularies and
the council's). Every record exposed through the ORUK API has a UUID:
imported records keep their feed's id, records made in Hearth get
``stable_uuid("hearth/<model>", pk)`` (see :func:`assign_uuid`).

A service's ``state`` is Hearth's workflow (pending approval, published,
archived); ``status`` is the ORUK status residents see (active, inactive,
defunct, temporarily closed). Published services are reviewed like assets:
verifying sets ``review_due`` and ``expires``, and a service past its
expiry leaves the public directory and the API until someone checks it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from hearthcore.directory import STATUSES, stable_uuid

STATUS_LABELS = {
    "active": "Running",
    "inactive": "Not running at the moment",
    "defunct": "No longer running",
    "temporarily closed": "Temporarily closed",
}
STATUS_CHOICES = [(s, STATUS_LABELS[s]) for s in STATUSES]


def assign_uuid(instance: models.Model, namespace: str) -> None:
    """Give a record made in Hearth its stable ORUK id after its first save.

    The id is ``stable_uuid("hearth/<namespace>", str(pk))``, so it never
    changes and every installation derives it the same way.
    """
    if getattr(instance, "uuid", ""):
        return
    instance.uuid = stable_uuid(f"hearth/{namespace}", str(instance.pk))  # type: ignore[attr-defined]
    type(instance)._default_manager.filter(pk=instance.pk).update(uuid=instance.uuid)  # type: ignore[attr-defined]


class Organization(models.Model):
    """An organisation that provides services (ORUK ``organization``).

    ``account`` is the Hearth organisation whose members keep its services
    up to date (users with the "provide services" capability there).
    """

    uuid = models.CharField(max_length=36, unique=True, blank=True, editable=False)
    name = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    email = models.CharField(max_length=254, blank=True)
    website = models.CharField(max_length=1000, blank=True)
    logo = models.CharField(max_length=1000, blank=True)
    uri = models.CharField(max_length=1000, blank=True)
    charity_number = models.CharField(
        max_length=20,
        blank=True,
        help_text="Registered charity number (England and Wales)",
    )
    company_number = models.CharField(
        max_length=20, blank=True, help_text="Companies House number"
    )
    account = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_organizations",
        help_text="The Hearth organisation whose staff keep these services up to date",
    )
    source = models.CharField(max_length=60, blank=True, db_index=True)
    source_id = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        assign_uuid(self, "organization")


class Taxonomy(models.Model):
    """A vocabulary of terms: the LGA lists, a feed's own, or the council's."""

    uuid = models.CharField(max_length=36, unique=True, blank=True, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.CharField(max_length=1000, blank=True)
    version = models.CharField(max_length=50, blank=True)
    for_residents = models.BooleanField(
        "Residents search by these terms",
        default=True,
        help_text="Offer its terms (those in use) as needs on the public directory search",
    )
    local = models.BooleanField(
        default=False,
        help_text="The council's own vocabulary (its terms can be edited)",
    )
    source = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        assign_uuid(self, "taxonomy")


class TaxonomyTerm(models.Model):
    uuid = models.CharField(max_length=36, unique=True, blank=True, editable=False)
    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.CASCADE, related_name="terms"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    code = models.CharField(max_length=100, blank=True, db_index=True)
    term_uri = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["taxonomy__name", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        assign_uuid(self, "taxonomy_term")


class ServiceQuerySet(models.QuerySet["Service"]):
    def public(self) -> ServiceQuerySet:
        """What residents and the ORUK API see: published and not expired."""
        today = timezone.localdate()
        return self.filter(state=Service.State.PUBLISHED).exclude(expires__lt=today)

    def review_due(self) -> ServiceQuerySet:
        return self.filter(
            state=Service.State.PUBLISHED, review_due__lte=timezone.localdate()
        )

    def provided_by(self, account_ids: set[int]) -> ServiceQuerySet:
        """Services of directory organisations kept by these Hearth organisations."""
        return self.filter(organization__account_id__in=account_ids)


class Service(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Waiting for council approval"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    uuid = models.CharField(max_length=36, unique=True, blank=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    url = models.CharField("Website", max_length=1000, blank=True)
    email = models.CharField(max_length=254, blank=True)
    status = models.CharField(
        max_length=20, choices=STATUS_CHOICES, default="active", db_index=True
    )
    fees = models.TextField("Cost (in words)", blank=True)
    accreditations = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    alert = models.TextField(blank=True)
    # Referrals: how many new people a week it can take, and whether link
    # workers may refer people to it through Hearth.
    capacity_per_week = models.PositiveIntegerField(
        "Places per week", null=True, blank=True
    )
    accepts_referrals = models.BooleanField(default=True)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PUBLISHED, db_index=True
    )
    archived_by_source = models.BooleanField(default=False)
    last_verified = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True, db_index=True)
    expires = models.DateField(null=True, blank=True)
    # ORUK last_modified: bumped by every change to the service or its parts.
    last_modified = models.DateTimeField(default=timezone.now, db_index=True)
    source = models.CharField(max_length=60, blank=True, db_index=True)
    source_id = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["state", "expires"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        assign_uuid(self, "service")

    def mark_verified(self, on: datetime.date | None = None) -> None:
        on = on or timezone.localdate()
        self.last_verified = on
        self.review_due = on + datetime.timedelta(
            days=settings.HEARTH_ASSET_REVIEW_DAYS
        )
        self.expires = on + datetime.timedelta(days=settings.HEARTH_ASSET_EXPIRY_DAYS)

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLISHED and not self.expired

    @property
    def expired(self) -> bool:
        return self.expires is not None and self.expires < timezone.localdate()

    @property
    def overdue(self) -> bool:
        return self.review_due is not None and self.review_due <= timezone.localdate()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


class ServiceAtLocation(models.Model):
    """A service delivered at a place of the asset register."""

    uuid = models.CharField(max_length=36, unique=True)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    asset = models.ForeignKey(
        "assets.Asset", on_delete=models.PROTECT, related_name="directory_services"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["service", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "asset"], name="unique_service_asset"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} at {self.asset_id}"


class ServicePart(models.Model):
    """Common to a service's parts: an ORUK id, and its place in the list."""

    uuid = models.CharField(max_length=36, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.uuid}"


class Schedule(ServicePart):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE
    )
    freq = models.CharField(max_length=10, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=60, blank=True)
    bymonthday = models.CharField(max_length=60, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    attending_type = models.CharField(max_length=200, blank=True)
    schedule_link = models.CharField(max_length=1000, blank=True)

    class Meta(ServicePart.Meta):
        pass


class Contact(ServicePart):
    """A named contact for a service: ORUK's contact, with HSDS phones and e-mail."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    email = models.CharField(max_length=254, blank=True)
    # [{"id": uuid, "number": "...", "description": "..."}]
    phones = models.JSONField(default=list, blank=True)

    class Meta(ServicePart.Meta):
        pass


class CostOption(ServicePart):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="cost_options"
    )
    option = models.CharField(max_length=300, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=500, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta(ServicePart.Meta):
        pass


class Language(ServicePart):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="languages"
    )
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=20, blank=True)

    class Meta(ServicePart.Meta):
        pass


class ServiceArea(ServicePart):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_areas"
    )
    name = models.CharField(max_length=300, blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=50, blank=True)
    uri = models.CharField(max_length=1000, blank=True)

    class Meta(ServicePart.Meta):
        pass


class Funding(ServicePart):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="funding"
    )
    source = models.CharField(max_length=500, blank=True)

    class Meta(ServicePart.Meta):
        pass


class ServiceTerm(ServicePart):
    """A taxonomy term describing a service (ORUK ``attribute``)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="terms")
    term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="service_links"
    )
    link_type = models.CharField(max_length=100, blank=True)

    class Meta(ServicePart.Meta):
        pass


class ServiceProposal(models.Model):
    """A provider's change to a service, waiting for the council to approve it.

    ``draft`` is the proposed editable state (see ``drafts.py``); ``base``
    is the service's state when the change was proposed, so a reviewer
    sees whether it changed since.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Sent back"
        SUPERSEDED = "superseded", "Replaced by a later change"

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="proposals"
    )
    new_service = models.BooleanField(default=False)
    draft = models.JSONField(default=dict)
    base = models.JSONField(default=dict, blank=True)
    note = models.CharField("What changed and why", max_length=1000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Change to service {self.service_id} ({self.status})"


class ServiceRevision(models.Model):
    """One change to a service: who, when, why and what changed."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="revisions"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=40)
    note = models.CharField(max_length=1000, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.service_id}"


class FeedLocation(models.Model):
    """Which asset a feed's location became (reused or created), for re-imports."""

    source = models.CharField(max_length=60)
    location_id = models.CharField(max_length=36)
    asset = models.ForeignKey(
        "assets.Asset", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "location_id"], name="unique_feed_location"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.location_id}"


class FeedImport(models.Model):
    """A log of every directory import, successful or not."""

    at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=300)
    source = models.CharField(max_length=60)
    version = models.CharField(max_length=5, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=20)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    archived = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.outcome})"
