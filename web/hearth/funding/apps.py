from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "hearth.funding"
    label = "funding"
    verbose_name = "Crowdfunding and participatory budgeting"

    def ready(self) -> None:
        from hearth.audit.registry import track
        from hearth.communities.signals import community_merged
        from hearth.core.navigation import NavItem, register

        from .models import Fund, Pledge, Process, Project, VoterCode
        from .panels import register_panels

        register(NavItem("funding", "Community funding", "funding:index", order=40))
        register(
            NavItem(
                "funding-manage",
                "Funding admin",
                "funding:manage",
                order=90,
                capability="manage_funding",
            )
        )
        track(Fund)
        track(Process, ignore_fields={"meta"})
        # Proposers' and backers' contact details are personal data: the
        # audit log names the fields that changed, never their values.
        track(Project, personal_fields={"contact_name", "contact_email"})
        track(
            Pledge,
            personal_fields={"email", "backer_key", "display_name", "confirm_hash"},
        )
        # Codes are personal data (a code is a vote). Ballots are not
        # tracked at all: an audit entry would tie a ballot to the moment a
        # code was used, and ballots are secret.
        track(VoterCode, personal=True)
        register_panels()
        community_merged.connect(_merged, dispatch_uid="funding-community-merged")


def _merged(sender: Any, source: Any, target: Any, **kwargs: Any) -> None:
    """Projects, funds and votes of a merged community move to the survivor."""
    from .models import Fund, Process, Project

    Project.objects.filter(community=source).update(community=target)
    for model in (Fund, Process):
        for item in model.objects.filter(communities=source):
            item.communities.remove(source)
            item.communities.add(target)
