"""The audit trail: who created, changed, deleted or viewed what, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        VIEW = "view", "Viewed personal record"
        EXPORT = "export", "Exported"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
        SIGN_OUT = "sign_out", "Signed out"
        IMPORT = "import", "Imported data"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the actor's account is deleted; "system" for commands.
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=100, db_index=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    # A non-personal description ("Membership 12"), never a person's name.
    object_label = models.CharField(max_length=200, blank=True)
    # {field: [old, new]}; values of personal fields are replaced by a marker.
    changes = models.JSONField(default=dict, blank=True)
    personal = models.BooleanField(default=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
