from __future__ import annotations

import pytest

from hearth.accounts.models import Organisation, Role
from hearth.accounts.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def england(db):
    from hearth.areas.tests.factories import build_england

    return build_england()["lsoas"]


@pytest.fixture
def other_team(db):
    """Another organisation's link worker (Leah at Preston Together): sees nothing of Liam's."""
    preston = OrganisationFactory(name="Preston Together", kind=Organisation.Kind.VCS)
    return UserFactory(username="leah", roles=[(preston, Role.LINK_WORKER)])


@pytest.fixture
def provider(personas):
    """Vic keeps Chorley Walking Group's services up to date (a partner there)."""
    walking = OrganisationFactory(
        name="Chorley Walking Group", kind=Organisation.Kind.VCS
    )
    return UserFactory(username="vic", roles=[(walking, Role.PARTNER)])
