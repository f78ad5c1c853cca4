from __future__ import annotations

from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "hearth.public"
    label = "public"
    verbose_name = "Public pages"
