"""Providers keep their own services up to date; the council approves changes."""

from __future__ import annotations

import pytest

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.assets.tests.factories import make_asset
from hearth.audit.models import AuditEvent
from hearth.directory.models import Service, ServiceProposal, Taxonomy

from .factories import make_organization, make_service


@pytest.fixture
def setting(england, personas):
    # Vic keeps Chorley Help's services up to date (a partner-agency user there).
    vic = UserFactory(username="vic", roles=[(personas.vcs, Role.PARTNER)])
    help_org = make_organization("Chorley Help", account=personas.vcs)
    other = make_organization("Someone else's charity")
    hall = make_asset(0, name="Moor Hall", postcode="PR7 1DP")
    ours = make_service(help_org, name="Coffee morning", locations=[hall.pk])
    theirs = make_service(other, name="Not Vic's")
    return {"vic": vic, "org": help_org, "ours": ours, "theirs": theirs, "hall": hall}


def _form(client, url):
    """The edit form's current answers, as a browser would post them back."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    for form in (
        response.context["form"],
        response.context["schedules"],
        response.context["contacts"],
    ):
        for sub in getattr(form, "forms", [form]):
            for name, _field in sub.fields.items():
                value = sub[name].value()
                if value in (None, False):
                    continue
                data[sub.add_prefix(name)] = (
                    [str(v) for v in value] if isinstance(value, list) else value
                )
    for formset in (response.context["schedules"], response.context["contacts"]):
        for name, _field in formset.management_form.fields.items():
            data[formset.management_form.add_prefix(name)] = formset.management_form[
                name
            ].value()
    return data


def test_a_providers_change_waits_for_approval_then_goes_live(
    client, setting, personas
):
    ours = setting["ours"]
    client.force_login(setting["vic"])
    url = f"/directory/services/{ours.uuid}/edit/"
    data = _form(client, url)
    data.update(
        {
            "name": "Coffee and chat",
            "note": "New name",
            "schedule-0-days": ["WE"],
            "schedule-0-opens_at": "10:00",
            "schedule-0-closes_at": "11:30",
            "cost": "free",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = ServiceProposal.objects.get(service=ours)
    assert proposal.status == "pending" and proposal.by == setting["vic"]
    # The public still sees the service as it was.
    api = client.get(f"/openreferral/services/{ours.uuid}").json()
    assert api["name"] == "Coffee morning" and "schedules" not in api
    # The officer sees what would change, in words.
    client.force_login(personas.olivia)
    assert "Coffee morning" in client.get("/directory/manage/").content.decode()
    page = client.get(f"/directory/manage/changes/{proposal.pk}/")
    text = page.content.decode()
    assert (
        "Coffee and chat" in text
        and "Wednesdays, 10:00 to 11:30" in text
        and "Free" in text
    )
    response = client.post(
        f"/directory/manage/changes/{proposal.pk}/", {"decision": "approve", "note": ""}
    )
    assert response.status_code == 302
    api = client.get(f"/openreferral/services/{ours.uuid}").json()
    assert api["name"] == "Coffee and chat"
    assert (
        api["schedules"][0]["byday"] == "WE" and api["cost_options"][0]["amount"] == 0
    )
    assert [s["location"]["name"] for s in api["service_at_locations"]] == ["Moor Hall"]
    from django.utils import timezone

    assert api["assured_date"] == timezone.localdate().isoformat()
    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.decided_by == personas.olivia
    revision = ours.revisions.first()
    assert "approved" in revision.action and revision.changes["Name"] == [
        "Coffee morning",
        "Coffee and chat",
    ]
    assert AuditEvent.objects.filter(
        object_type="directory.serviceproposal", object_id=str(proposal.pk)
    ).exists()


def test_a_change_sent_back_needs_a_reason_and_the_provider_sees_it(
    client, setting, personas
):
    from hearth.directory import drafts, services

    ours = setting["ours"]
    draft = drafts.draft_of(ours) | {"name": "Typo mornin"}
    proposal = services.propose_change(ours, draft, by=setting["vic"], note="rename")
    client.force_login(personas.olivia)
    url = f"/directory/manage/changes/{proposal.pk}/"
    response = client.post(url, {"decision": "reject", "note": ""})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    client.post(url, {"decision": "reject", "note": "Please check the spelling"})
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    client.force_login(setting["vic"])
    assert (
        "Please check the spelling" in client.get("/directory/manage/").content.decode()
    )
    # A provider cannot decide.
    other = services.propose_change(
        ours, draft | {"name": "Coffee morning club"}, by=setting["vic"]
    )
    assert (
        client.post(
            f"/directory/manage/changes/{other.pk}/", {"decision": "approve"}
        ).status_code
        == 403
    )


def test_a_new_service_from_a_provider_is_published_only_once_approved(
    client, setting, personas
):
    from hearth.directory import services

    client.force_login(setting["vic"])
    data = _form(client, "/directory/manage/services/new/")
    data.update(
        {
            "organization": str(setting["org"].pk),
            "name": "Knit and natter",
            "description": "Knitting and a chat.",
            "status": "active",
            "location_1": str(setting["hall"].pk),
            "note": "New group",
        }
    )
    response = client.post("/directory/manage/services/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    service = Service.objects.get(name="Knit and natter")
    assert service.state == Service.State.PENDING
    assert client.get(f"/openreferral/services/{service.uuid}").status_code == 404
    assert (
        client.get(f"/directory/services/{service.uuid}/").status_code == 200
    )  # its provider sees it
    client.logout()
    assert client.get(f"/directory/services/{service.uuid}/").status_code == 404
    services.approve(service.proposals.get(), by=personas.olivia)
    assert client.get(f"/openreferral/services/{service.uuid}").status_code == 200


def test_providers_change_only_their_own_organisations_services(
    client, setting, personas
):
    theirs = setting["theirs"]
    client.force_login(setting["vic"])
    assert client.get(f"/directory/services/{theirs.uuid}/edit/").status_code == 403
    assert client.post(f"/directory/services/{theirs.uuid}/verify/").status_code == 403
    assert client.get(f"/directory/services/{theirs.uuid}/capacity/").status_code == 403
    # The new-service form offers only their own organisation.
    form = client.get("/directory/manage/services/new/").context["form"]
    assert list(form.fields["organization"].queryset) == [setting["org"]]
    data = _form(client, "/directory/manage/services/new/")
    data.update(
        {
            "organization": str(theirs.organization.pk),
            "name": "Sneaky",
            "description": "x",
            "note": "x",
        }
    )
    response = client.post("/directory/manage/services/new/", data)
    assert (
        response.status_code == 400
        and not Service.objects.filter(name="Sneaky").exists()
    )


@pytest.mark.parametrize(
    ("who", "manage", "edit", "taxonomies"),
    [
        ("alice", 200, 200, 200),
        ("olivia", 200, 200, 200),
        (
            "priya",
            200,
            403,
            403,
        ),  # a provider for Fire and Rescue, not for this service
        ("anna", 403, 403, 403),
        ("liam", 403, 403, 403),
        ("max", 403, 403, 403),
        ("cora", 403, 403, 403),
        ("charlie", 403, 403, 403),
        ("resident", 302, 302, 302),
    ],
)
def test_who_may_manage_the_directory(
    client, setting, personas, who, manage, edit, taxonomies
):
    user = personas.all()[who]
    if user is not None:
        client.force_login(user)
    ours = setting["ours"]
    assert client.get("/directory/manage/").status_code == manage
    assert client.get(f"/directory/services/{ours.uuid}/edit/").status_code == edit
    assert client.get("/directory/manage/taxonomies/").status_code == taxonomies
    assert client.get("/directory/manage/organisations/").status_code == taxonomies
    # Everyone reads the published directory.
    assert client.get("/directory/").status_code == 200
    assert client.get(f"/directory/services/{ours.uuid}/").status_code == 200


def test_officers_edit_directly_and_verify(client, setting, personas):
    ours = setting["ours"]
    client.force_login(personas.olivia)
    url = f"/directory/services/{ours.uuid}/edit/"
    data = _form(client, url)
    data.update({"alert": "Moved to the library in August", "note": "Venue change"})
    assert client.post(url, data).status_code == 302
    assert (
        client.get(f"/openreferral/services/{ours.uuid}").json()["alert"]
        == "Moved to the library in August"
    )
    assert not ServiceProposal.objects.exists()
    ours.refresh_from_db()
    Service.objects.filter(pk=ours.pk).update(review_due=None, last_verified=None)
    client.post(f"/directory/services/{ours.uuid}/verify/")
    ours.refresh_from_db()
    assert ours.last_verified is not None and ours.review_due > ours.last_verified
    # The council's check is the ORUK assurance date the API publishes.
    assert ours.assured_date == ours.last_verified
    body = client.get(f"/openreferral/services/{ours.uuid}").json()
    assert body["assured_date"] == ours.assured_date.isoformat()


def test_a_provider_sets_places_per_week_without_approval(client, setting):
    ours = setting["ours"]
    client.force_login(setting["vic"])
    response = client.post(
        f"/directory/services/{ours.uuid}/capacity/",
        {"capacity_per_week": "8", "accepts_referrals": "on"},
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.capacity_per_week == 8 and not ServiceProposal.objects.exists()


def test_the_council_adds_its_own_vocabulary(client, setting, personas):
    client.force_login(personas.olivia)
    response = client.post(
        "/directory/manage/taxonomies/",
        {"name": "Social prescribing needs", "description": "", "for_residents": "on"},
    )
    taxonomy = Taxonomy.objects.get(name="Social prescribing needs")
    assert response.status_code == 302 and taxonomy.local
    url = f"/directory/manage/taxonomies/{taxonomy.pk}/"
    client.post(url, {"form": "term", "name": "Loneliness", "description": ""})
    again = client.post(url, {"form": "term", "name": "loneliness", "description": ""})
    assert again.status_code == 400 and "already has the term" in again.content.decode()
    assert list(taxonomy.terms.values_list("name", flat=True)) == ["Loneliness"]
    lga = Taxonomy.objects.get(name="LGA Services List")
    refused = client.post(
        f"/directory/manage/taxonomies/{lga.pk}/", {"form": "term", "name": "Mine"}
    )
    assert refused.status_code == 400
    # Its term is offered on the edit form, ticked and saved.
    form = client.get(f"/directory/services/{setting['ours'].uuid}/edit/").context[
        "form"
    ]
    assert any(t.pk == taxonomy.pk for t, _name in form.term_groups)
    assert form.big_taxonomies  # the LGA Services List is chosen by code
