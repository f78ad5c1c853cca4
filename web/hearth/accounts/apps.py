from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hearth.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from hearth.audit.registry import track

        from .models import Membership, Organisation, User

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
