"""Role by role: what each persona may see, checked on the server."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hearth.accounts.permissions import Capability as C
from hearth.accounts.permissions import capabilities_of, user_has

EXPECTED_CAPABILITIES = {
    "alice": {
        C.ADMINISTER,
        C.READ_AUDIT,
        C.MANAGE_DATA,
        C.VIEW_ANALYSIS,
        C.MANAGE_COMMUNITIES,
        C.MANAGE_ASSETS,
        C.MODERATE,
        C.VIEW_MEMBERS,
        C.VIEW_ALL_PLANS,
        C.MANAGE_EVENTS,
        C.MANAGE_ADDRESSES,
        C.DATA_PROTECTION,
        C.MANAGE_FUNDING,
    },
    "anna": {
        C.MANAGE_DATA,
        C.VIEW_ANALYSIS,
        C.EDIT_RECIPES,
        C.VIEW_ALL_PLANS,
        C.MANAGE_ADDRESSES,
    },
    "olivia": {
        C.VIEW_ANALYSIS,
        C.MANAGE_COMMUNITIES,
        C.MANAGE_ASSETS,
        C.VIEW_MEMBERS,
        C.VIEW_ALL_PLANS,
        C.UPDATE_ACTIONS,
        C.RECORD_ENGAGEMENT,
        C.MANAGE_EVENTS,
        C.WORK_REQUESTS,
        C.VIEW_ADDRESSES,
        C.MANAGE_FUNDING,
    },
    "liam": {C.MANAGE_REFERRALS, C.MAKE_REFERRALS, C.VIEW_MEMBERS},
    "priya": {
        C.VIEW_ANALYSIS,
        C.MAKE_REFERRALS,
        C.VIEW_MEMBERS,
        C.UPDATE_ACTIONS,
        C.RESPOND_TO_EVENTS,
        C.WORK_REQUESTS,
        C.PROVIDE_SERVICES,
    },
    "max": {C.MODERATE},
    "cora": {C.VIEW_ANALYSIS, C.VIEW_ALL_PLANS},
    "charlie": set(),
}


def test_each_persona_has_exactly_the_capabilities_of_their_role(personas):
    for name, user in personas.all().items():
        if user is None:
            continue
        assert set(capabilities_of(user)) == EXPECTED_CAPABILITIES[name], name


def test_it_scopes_capabilities_to_the_organisation(personas):
    assert user_has(personas.liam, C.MANAGE_REFERRALS, personas.vcs)
    assert not user_has(personas.liam, C.MANAGE_REFERRALS, personas.council)


def test_a_deactivated_account_has_no_capabilities(personas):
    personas.alice.is_active = False
    personas.alice.save()
    assert capabilities_of(personas.alice) == frozenset()


def _status(client: Client, user, url: str) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


# (url name, kwargs, personas allowed). Everyone else signed in gets 403 and
# residents are sent to sign in (302).
PROTECTED = [
    ("audit:list", {}, {"alice"}),
    (
        "accounts:profile",
        {},
        {"alice", "anna", "olivia", "liam", "priya", "max", "cora", "charlie"},
    ),
    (
        "accounts:organisations",
        {},
        {"alice", "anna", "olivia", "liam", "priya", "max", "cora", "charlie"},
    ),
    (
        "accounts:change-password",
        {},
        {"alice", "anna", "olivia", "liam", "priya", "max", "cora", "charlie"},
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "allowed"), PROTECTED)
def test_protected_pages_role_by_role(personas, client, name, kwargs, allowed):
    url = reverse(name, kwargs=kwargs)
    for persona, user in personas.all().items():
        status = _status(client, user, url)
        if user is None:
            assert status == 302, (persona, url)
        elif persona in allowed:
            assert status == 200, (persona, url)
        else:
            assert status == 403, (persona, url)


def test_only_admins_and_own_members_see_an_organisations_members(personas, client):
    url = reverse("accounts:organisation", args=[personas.vcs.slug])
    seen = {}
    for persona, user in personas.all().items():
        if user is None:
            continue
        client.logout()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        seen[persona] = (
            "liam" in response.content.decode()
            and '<h2 class="govuk-heading-m">Members' in response.content.decode()
        )
    assert {p for p, visible in seen.items() if visible} == {"alice", "liam"}


def test_the_django_admin_is_only_for_staff(personas, client):
    assert _status(client, personas.alice, "/admin/") == 200
    for persona in ("anna", "olivia", "liam", "priya", "max", "charlie"):
        assert _status(client, getattr(personas, persona), "/admin/") == 302, persona
