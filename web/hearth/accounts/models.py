"""Users, the organisations they belong to, and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.text import slugify


class Role(models.TextChoices):
    """What a member of an organisation does in Hearth (see permissions.py)."""

    ADMINISTRATOR = "administrator", "Administrator"
    ANALYST = "analyst", "Analyst"
    COMMUNITY_OFFICER = "community_officer", "Community officer"
    LINK_WORKER = "link_worker", "Link worker"
    PARTNER = "partner", "Partner-agency user"
    MODERATOR = "moderator", "Moderator"
    COUNCILLOR = "councillor", "Councillor (read-only)"


class Organisation(models.Model):
    """The council, a partner agency, or a voluntary and community group."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        FIRE_RESCUE = "fire_rescue", "Fire and rescue service"
        POLICE = "police", "Police"
        NHS = "nhs", "NHS trust or primary care"
        HOUSING = "housing", "Housing association"
        VCS = "vcs", "Voluntary and community group"
        OTHER = "other", "Other partner"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_host = models.BooleanField(
        default=False,
        help_text="The council that runs this Hearth instance.",
    )
    website = models.URLField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class User(AbstractUser):
    """A person who signs in. Residents use the public pages without one."""

    def roles(self) -> set[str]:
        return {m.role for m in self.memberships.all()}


class Membership(models.Model):
    """A user's role in one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]
        ordering = ["organisation__name", "role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.organisation}"
