from __future__ import annotations

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "hearth.directory"
    label = "directory"
    verbose_name = "Service directory (Open Referral UK)"
