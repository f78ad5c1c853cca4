from __future__ import annotations

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "hearth.plans"
    label = "plans"
    verbose_name = "Community plans"

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
            models.Plan,
            models.PlanStep,
            models.Objective,
            models.Action,
            models.ActionUpdate,
            models.Milestone,
            models.LogicModel,
            models.Outcome,
            models.Review,
        ):
            track(model, ignore_fields={"updated", "calendar_token"})
        # Officers' notes may describe people's lives: the log records that a
        # note changed, never its words.
        track(models.Note, personal_fields={"text", "source"})
        register(
            NavItem(
                "plans",
                "Plans",
                "plans:list",
                order=32,
                any_of=("view_all_plans", "update_actions"),
            )
        )
        register(
            NavItem(
                "community-plans",
                "Community plans",
                "community_plans:list",
                order=25,
                hide_with=("view_all_plans", "update_actions"),
            )
        )
        register_resident_link(
            ResidentLink(
                "plans",
                "Community plans",
                "community_plans:list",
                "What the council, its partners and residents are doing in each "
                "neighbourhood, and how far it has got: you said, we did.",
                order=20,
            )
        )
        register_panels()
        community_merged.connect(_move_plan, dispatch_uid="plans-on-merge")


def _move_plan(
    sender: object, *, source: object, target: object, by: object, **kwargs: object
) -> None:
    from .services import move_on_merge

    move_on_merge(source, target, by=by)  # type: ignore[arg-type]
