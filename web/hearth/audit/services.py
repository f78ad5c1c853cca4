"""Write and read audit events."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None:
        return {"actor": None, "actor_label": "system"}
    if isinstance(actor, str):
        return {"actor": None, "actor_label": actor}
    if getattr(actor, "is_authenticated", False):
        return {"actor": actor, "actor_label": actor.get_username()}
    return {"actor": None, "actor_label": "anonymous"}


def object_label(obj: models.Model) -> str:
    """A description of a record that never contains personal data."""
    return f"{obj._meta.verbose_name} {obj.pk}".capitalize()


def record(
    action: str,
    *,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    personal: bool = False,
    actor: Any = None,
    label: str = "",
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else object_id,
        object_label=label or (object_label(obj) if obj is not None else ""),
        changes=changes or {},
        personal=personal,
        **_actor_fields(actor),
    )


def record_view(user: Any, obj: models.Model) -> AuditEvent:
    """Record that a user viewed a record marked personal."""
    return record("view", obj=obj, personal=True, actor=user)
