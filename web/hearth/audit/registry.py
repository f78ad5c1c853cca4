"""Register models whose changes go into the audit log.

    track(Referral, personal=True)                 # whole record is personal
    track(User, personal_fields={"email"}, ignore_fields={"last_login"})

Changes to a personal field are logged by field name with the values
replaced by a marker, so the audit log does not become a second copy of
personal data.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from .context import current_actor

PERSONAL_MARKER = "(personal data)"


@dataclass(frozen=True)
class Tracking:
    personal: bool = False
    personal_fields: frozenset[str] = field(default_factory=frozenset)
    ignore_fields: frozenset[str] = field(default_factory=frozenset)


_tracked: dict[type[models.Model], Tracking] = {}


def tracking_for(model: type[models.Model]) -> Tracking | None:
    return _tracked.get(model)


def track(
    model: type[models.Model],
    *,
    personal: bool = False,
    personal_fields: set[str] | None = None,
    ignore_fields: set[str] | None = None,
) -> None:
    _tracked[model] = Tracking(
        personal=personal,
        personal_fields=frozenset(personal_fields or ()),
        ignore_fields=frozenset(ignore_fields or ()),
    )
    uid = f"audit-{model._meta.label_lower}"
    pre_save.connect(_remember_old, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-del")


def _jsonable(value: Any) -> Any:
    if isinstance(
        value,
        (datetime.date, datetime.datetime, datetime.time, decimal.Decimal, uuid.UUID),
    ):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (bytes, memoryview)):
        return f"({len(value)} bytes)"
    return value


def _values(instance: models.Model, tracking: Tracking) -> dict[str, Any]:
    values = {}
    for f in instance._meta.concrete_fields:
        if f.name in tracking.ignore_fields:
            continue
        values[f.name] = _jsonable(getattr(instance, f.attname))
    return values


def _redact(name: str, value: Any, tracking: Tracking) -> Any:
    if tracking.personal or name in tracking.personal_fields:
        return PERSONAL_MARKER if value not in (None, "") else value
    return value


def _diff(
    old: dict[str, Any], new: dict[str, Any], tracking: Tracking
) -> dict[str, list[Any]]:
    return {
        name: [_redact(name, old.get(name), tracking), _redact(name, value, tracking)]
        for name, value in new.items()
        if old.get(name) != value
    }


def _remember_old(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    tracking = _tracked[sender]
    old = None
    if instance.pk is not None and not raw:
        previous = sender._default_manager.filter(pk=instance.pk).first()
        if previous is not None:
            old = _values(previous, tracking)
    instance._audit_old = old  # type: ignore[attr-defined]


def _after_save(
    sender: type[models.Model],
    instance: models.Model,
    created: bool,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if raw:
        return
    from .services import record

    tracking = _tracked[sender]
    new = _values(instance, tracking)
    old = getattr(instance, "_audit_old", None)
    if created or old is None:
        changes = _diff({}, new, tracking)
        action = "create"
    else:
        changes = _diff(old, new, tracking)
        if not changes:
            return
        action = "update"
    record(
        action,
        obj=instance,
        changes=changes,
        personal=tracking.personal,
        actor=current_actor(),
    )


def _after_delete(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    from .services import record

    tracking = _tracked[sender]
    record(
        "delete",
        obj=instance,
        changes={},
        personal=tracking.personal,
        actor=current_actor(),
    )
