from __future__ import annotations

from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "hearth.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation and review"
