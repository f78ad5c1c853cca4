from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hearth.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from hearth.accounts.models import Membership, Organisation, User

        from . import signals  # noqa: F401 - sign-in events
        from .registry import track

        # Accounts sit below the audit log, so the log tracks them itself.
        track(
            User,
            personal_fields={
                "username",
                "email",
                "first_name",
                "last_name",
                "password",
            },
            ignore_fields={"last_login"},
        )
        track(Organisation)
        track(Membership)
