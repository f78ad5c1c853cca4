"""Referrals for tests: made through the use cases, as a link worker would."""

from __future__ import annotations

import datetime
from typing import Any

from hearth.referrals import services
from hearth.referrals.models import Referral


def details(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "given_name": "Margaret",
        "family_name": "Hilton",
        "date_of_birth": datetime.date(1948, 5, 17),
        "nhs_number": "9434765919",
        "phone": "01257 123456",
        "email": "margaret@example.org",
        "address": "3 Mill Lane, Chorley",
        "postcode": "PR7 1DP",
        "preferred_contact": "phone",
        "contact_notes": "Afternoons",
        "source": "gp",
        "referrer_name": "Dr Shah",
        "referrer_organisation": "Library House Surgery",
        "referrer_contact": "01257 000111",
        "reasons": ["loneliness", "low_mood"],
        "reason_notes": "Recently widowed, rarely goes out.",
        "consent_to_share": True,
    }
    values.update(fields)
    return values


def make_referral(
    organisation: Any,
    *,
    by: Any = None,
    link_worker: Any = None,
    received_on: datetime.date | None = None,
    **fields: Any,
) -> Referral:
    return services.receive(
        details(**fields),
        organisation=organisation,
        by=by,
        link_worker=link_worker,
        received_on=received_on,
    )
