from __future__ import annotations

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "hearth.engagement"
    label = "engagement"
    verbose_name = "Engagement and stories"

    def ready(self) -> None:
        from hearth.audit.registry import track
        from hearth.communities.signals import community_merged
        from hearth.core.navigation import (
            NavItem,
            ResidentLink,
            register,
            register_resident_link,
        )

        from . import models
        from .panels import register_panels

        # What officers heard holds no names, but may slip one in: the log
        # records that notes changed, never their words.
        track(models.Activity, personal_fields={"heard"}, ignore_fields={"updated"})
        track(models.FollowUp)
        track(models.Theme)
        track(models.DropInSite)
        track(models.DropInSession, personal_fields={"notes"})
        track(models.Group, ignore_fields={"updated"})
        track(models.GroupMilestone)
        track(
            models.Story,
            personal_fields={"text", "title", "attribution"},
            ignore_fields={"updated"},
        )
        register(
            NavItem(
                "engagement",
                "Engagement",
                "engagement:index",
                order=34,
                any_of=("record_engagement", "view_analysis"),
            )
        )
        register(
            NavItem(
                "drop-ins",
                "Drop-ins",
                "dropins:list",
                order=26,
                hide_with=("record_engagement",),
            )
        )
        register_resident_link(
            ResidentLink(
                "drop-ins",
                "Drop-ins near you",
                "dropins:list",
                "Let's Talk sessions: come and talk to the council and its partners "
                "about your neighbourhood.",
                order=15,
            )
        )
        register_panels()
        community_merged.connect(_move, dispatch_uid="engagement-on-merge")


def _move(
    sender: object, *, source: object, target: object, by: object, **kwargs: object
) -> None:
    from .services import move_on_merge

    move_on_merge(source, target, by=by)  # type: ignore[arg-type]
