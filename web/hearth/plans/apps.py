from __future__ import annotations

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "hearth.plans"
    label = "plans"
    verbose_name = "Community plans"
