"""Who may change an asset record.

Anyone with the asset capability may add records and edit unowned ones;
a record an organisation keeps (``owner``) is edited only by that
organisation's members with the capability, and by administrators. A
sensitive record (a refuge) stops being sensitive only by an
administrator's decision: an officer can mark a record sensitive, never
unmark it.
"""

from __future__ import annotations

from typing import Any

from hearth.accounts.permissions import Capability, organisations_of, user_has

from .models import Asset


def can_edit(user: Any, asset: Asset) -> bool:
    if not user_has(user, Capability.MANAGE_ASSETS):
        return False
    if user_has(user, Capability.ADMINISTER) or asset.owner_id is None:
        return True
    return asset.owner_id in organisations_of(user) and user_has(
        user, Capability.MANAGE_ASSETS, asset.owner
    )


def can_unmark_sensitive(user: Any) -> bool:
    return user_has(user, Capability.ADMINISTER)
