from __future__ import annotations

from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "hearth.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation and review"

    def ready(self) -> None:
        from hearth.audit.registry import track
        from hearth.core.navigation import (
            NavItem,
            ResidentLink,
            register,
            register_resident_link,
        )

        from . import models
        from .panels import register_panels

        track(models.Evaluation, ignore_fields={"updated"})
        track(models.Narrative)
        track(models.OutcomeEvidence)
        track(models.SroiAnalysis, ignore_fields={"updated"})
        register(NavItem("evaluation", "Results", "evaluation:dashboard", order=60))
        register_resident_link(
            ResidentLink(
                "results",
                "How the communities are doing",
                "evaluation:dashboard",
                "Each focus community's plan, engagement, requests and funding, in figures.",
                order=60,
            )
        )
        register_panels()
