from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "hearth.referrals"
    label = "referrals"
    verbose_name = "Social prescribing referrals"
