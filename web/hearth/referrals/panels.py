"""The community page's social prescribing panel: counts only, suppressed."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from hearth.accounts.permissions import Capability, user_has
from hearth.communities.panels import Panel, register

if TYPE_CHECKING:
    from django.http import HttpRequest

    from hearth.communities.models import Community


def _context(community: Community, request: HttpRequest) -> dict[str, Any] | None:
    from hearthcore import prescribing
    from hearthcore.outcomes import suppress

    from .models import Reason, Referral

    since = timezone.localdate() - datetime.timedelta(days=365)
    rows = list(
        Referral.objects.filter(
            lsoa21__in=community.area_codes(), received_on__gte=since
        ).values_list("reasons", flat=True)
    )
    labels = dict(Reason.choices)
    reasons = prescribing.counts([labels.get(r, r) for rs in rows for r in rs or []])
    return {
        "total": suppress(len(rows)),
        "reasons": list(reasons.to_dict("records"))[:5],
    }


def register_panels() -> None:
    register(
        Panel(
            key="referrals",
            title="Social prescribing",
            template="referrals/includes/community_panel.html",
            context=_context,
            visible=lambda request: user_has(request.user, Capability.VIEW_ANALYSIS),
            order=70,
        )
    )
