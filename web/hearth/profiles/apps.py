from __future__ import annotations

from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "hearth.profiles"
    label = "profiles"
    verbose_name = "Neighbourhood profiles"
