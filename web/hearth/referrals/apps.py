from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "hearth.referrals"
    label = "referrals"
    verbose_name = "Social prescribing referrals"

    def ready(self) -> None:
        from hearth.audit.registry import track
        from hearth.core.navigation import NavItem, register

        from .models import OnwardReferral, Referral, ReferralEvent, WellbeingMeasure
        from .panels import register_panels

        register(
            NavItem(
                "referrals",
                "Caseload",
                "referrals:caseload",
                order=70,
                capability="manage_referrals",
            )
        )
        register(
            NavItem(
                "referrals-new",
                "Refer someone",
                "referrals:new",
                order=71,
                capability="make_referrals",
            )
        )
        register(
            NavItem(
                "referrals-inbox",
                "Referrals to your services",
                "referrals:inbox",
                order=72,
                capability="provide_services",
            )
        )
        register(
            NavItem(
                "referrals-reports",
                "Social prescribing reports",
                "referrals:report",
                order=73,
                any_of=("view_analysis", "manage_referrals"),
            )
        )
        register(
            NavItem(
                "referrals-data-protection",
                "Data protection",
                "referrals:data-protection",
                order=96,
                capability="data_protection",
            )
        )
        # Everything about a referral is personal: changes are logged by
        # field name, never by value.
        for model in (Referral, ReferralEvent, OnwardReferral, WellbeingMeasure):
            track(model, personal=True)
        register_panels()
