from __future__ import annotations

from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "hearth.delivery"
    label = "delivery"
    verbose_name = "Events, requests and addresses"

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

        for model in (
            models.Event,
            models.Invitation,
            models.EventActivity,
            models.Service,
            models.ActivityType,
        ):
            track(model)
        # Contact details are personal: the log records that they changed,
        # never what they were. Views of them are audited in the views.
        track(
            models.Request,
            personal_fields={"contact_phone", "contact_email", "contact_note"},
        )
        register(
            NavItem(
                "events",
                "Events",
                "delivery:events",
                order=34,
                any_of=("manage_events", "respond_to_events", "view_all_plans"),
            )
        )
        register(
            NavItem(
                "requests",
                "Requests",
                "delivery:requests",
                order=35,
                any_of=("work_requests", "manage_events"),
            )
        )
        register(
            NavItem(
                "addresses",
                "Addresses",
                "delivery:addresses",
                order=36,
                any_of=("view_addresses", "manage_addresses"),
            )
        )
        register(
            NavItem(
                "whats-on",
                "What's on",
                "delivery:whats-on",
                order=26,
                hide_with=("manage_events", "respond_to_events", "view_all_plans"),
            )
        )
        register_resident_link(
            ResidentLink(
                "events",
                "What's on near you",
                "delivery:whats-on",
                "Weeks of Action and community events: free checks, advice and "
                "clean-ups, with a timetable and map you can print.",
                order=30,
            )
        )
        register_panels()
        community_merged.connect(_move_events, dispatch_uid="delivery-on-merge")


def _move_events(
    sender: object, *, source: object, target: object, by: object, **kwargs: object
) -> None:
    from .services import move_on_merge

    move_on_merge(source, target, by=by)  # type: ignore[arg-type]
