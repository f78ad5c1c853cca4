from __future__ import annotations

from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "hearth.communities"
    label = "communities"
    verbose_name = "Focus communities"

    def ready(self) -> None:
        from hearth.core.navigation import NavItem, register

        register(
            NavItem(
                "communities",
                "Focus communities",
                "communities:list",
                order=30,
                capability="view_analysis",
            )
        )
        from hearth.audit.registry import track

        from .models import Community, CommunityArea, FocusReview

        track(Community)
        track(CommunityArea)
        track(FocusReview)
