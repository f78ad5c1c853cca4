from __future__ import annotations

from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "hearth.funding"
    label = "funding"
    verbose_name = "Crowdfunding and participatory budgeting"
