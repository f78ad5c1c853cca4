from __future__ import annotations

from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "hearth.delivery"
    label = "delivery"
    verbose_name = "Events, requests and addresses"
