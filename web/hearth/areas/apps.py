from __future__ import annotations

from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "hearth.areas"
    label = "areas"
    verbose_name = "Areas and area data"

    def ready(self) -> None:
        from hearth.core.navigation import NavItem, register

        register(NavItem("areas", "Explore areas", "areas:england", order=10))
        register(NavItem("datasets", "Data sources", "areas:datasets", order=90))
        from hearth.core.cache import register_version_source

        from .versions import data_version

        register_version_source("data", data_version)
