"""Who may see and write evaluations, checked on the server.

- Administrators, analysts, community officers and councillors
  (VIEW_ALL_PLANS) read every community's evaluations and SROI analyses.
- Community officers (MANAGE_COMMUNITIES) write them: the narrative, the
  evidence for outcomes and SROI analyses.
- Stories appear in an evaluation only for those who may read stories
  (``engagement.permissions.can_read_stories``); each one shown is audited.
- Referral figures are aggregate and suppressed under 5.
- Residents see the authority dashboard's public figures only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hearth.accounts.permissions import Capability, user_has
from hearth.engagement.permissions import can_read_stories

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hearth.accounts.models import User
    from hearth.communities.models import Community

    AnyUser = User | AnonymousUser

__all__ = ["can_read", "can_read_stories", "can_write"]


def can_read(user: AnyUser) -> bool:
    return user_has(user, Capability.VIEW_ALL_PLANS)


def can_write(user: AnyUser, community: Community) -> bool:
    return user_has(user, Capability.MANAGE_COMMUNITIES) and community.archived is None
