from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hearth.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from . import signals  # noqa: F401
