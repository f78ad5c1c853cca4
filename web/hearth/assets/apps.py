from __future__ import annotations

from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "hearth.assets"
    label = "assets"
    verbose_name = "Community assets"

    def ready(self) -> None:
        from hearth.core.navigation import (
            NavItem,
            ResidentLink,
            register,
            register_resident_link,
        )

        register(NavItem("assets", "Community assets", "assets:map", order=20))
        register_resident_link(
            ResidentLink(
                "assets",
                "Community assets",
                "assets:map",
                "Groups, spaces and services near you, on a map you can add to.",
                order=10,
            )
        )
        register(
            NavItem(
                "moderation",
                "Moderation",
                "assets:moderation",
                order=95,
                capability="moderate",
            )
        )
        from hearth.audit.registry import track

        from . import queries
        from .models import Asset, Suggestion
        from .panels import register_panels

        track(Asset)
        # What residents send may name people; the audit log records that a
        # suggestion changed, never its words.
        track(Suggestion, personal=True)
        register_panels()
        from hearth.core.cache import register_version_source

        register_version_source("assets", queries.version)
