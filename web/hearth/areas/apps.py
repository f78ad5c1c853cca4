from __future__ import annotations

from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "hearth.areas"
    label = "areas"
    verbose_name = "Areas and area data"

    def ready(self) -> None:
        from hearth.core.cache import register_version_source

        from .versions import data_version

        register_version_source("data", data_version)
