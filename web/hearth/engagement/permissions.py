"""Who may see and record engagement, checked on the server.

- Activities, drop-ins, groups and the reach comparison hold no names: staff
  who see analyses (VIEW_ANALYSIS) or record engagement may see them.
- Officers (RECORD_ENGAGEMENT) record activities, drop-ins, groups and
  stories.
- Stories may identify people: only officers and staff who see every plan
  (VIEW_ALL_PLANS: administrators, analysts, councillors) read them; every
  read of an identifying story is audited. Partners see none, residents
  only published stories with public consent.
- A story is published by someone other than the person who recorded it
  (the review), or by an administrator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hearth.accounts.permissions import Capability, user_has

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hearth.accounts.models import User

    from .models import Story

    AnyUser = User | AnonymousUser


def can_view(user: AnyUser) -> bool:
    return user_has(user, Capability.VIEW_ANALYSIS) or user_has(
        user, Capability.RECORD_ENGAGEMENT
    )


def can_record(user: AnyUser) -> bool:
    return user_has(user, Capability.RECORD_ENGAGEMENT)


def can_read_stories(user: AnyUser) -> bool:
    return user_has(user, Capability.RECORD_ENGAGEMENT) or user_has(
        user, Capability.VIEW_ALL_PLANS
    )


def can_publish(user: AnyUser, story: Story) -> bool:
    if not can_record(user) and not user_has(user, Capability.ADMINISTER):
        return False
    return story.recorded_by_id != user.pk or user_has(user, Capability.ADMINISTER)
