from __future__ import annotations

from django.apps import AppConfig


class IndicesConfig(AppConfig):
    name = "hearth.indices"
    label = "indices"
    verbose_name = "Composite indices"

    def ready(self) -> None:
        from hearth.core.navigation import NavItem, register

        register(NavItem("indices", "Indices", "indices:list", order=40))
        from hearth.audit.registry import track

        from .models import SavedRecipe

        track(SavedRecipe)
