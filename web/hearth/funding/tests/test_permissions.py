"""Role by role: who may see and do what in funding (checked on the server)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.funding import budgeting
from hearth.funding.models import Process, Project

from . import factories as f

MANAGERS = {"alice", "olivia"}  # administrators and community officers
READERS = MANAGERS | {
    "anna",
    "priya",
    "cora",
}  # VIEW_ANALYSIS: analysts, partners, councillors


@pytest.fixture
def world(personas):
    f.england()
    astley = f.community()
    fund = f.fund(min_backers=0, trigger_share=Decimal(0))
    live = f.project(community=astley)
    waiting = f.project(live=False, title="Waiting for review")
    process = f.process([astley])
    f.ballot_project(process, "Benches", 600)
    imported = budgeting.import_pb(
        budgeting.pb.approval_election(10, {"a": 5}, [["a"]], rule="greedy"),
        name="Somewhere else",
    ).process
    return {
        "fund": fund,
        "live": live,
        "waiting": waiting,
        "process": process,
        "imported": imported,
    }


def status(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url, data or {})
    return response.status_code


def test_staff_pages_need_manage_funding(world, client, personas):
    pages = [
        reverse("funding:manage"),
        reverse("funding:review", args=[world["waiting"].pk]),
        reverse("funding:project-edit", args=[world["waiting"].pk]),
        reverse("funding:pledges", args=[world["live"].pk]),
        reverse("funding:fund-new"),
        reverse("funding:fund-edit", args=[world["fund"].pk]),
        reverse("funding:process-new"),
        reverse("funding:process-import"),
        reverse("funding:process-manage", args=[world["process"].pk]),
    ]
    for name, user in personas.all().items():
        for url in pages:
            code = status(client, user, url)
            if user is None:
                assert code == 302, (name, url)  # to sign in
            elif name in MANAGERS:
                assert code == 200, (name, url)
            else:
                assert code == 403, (name, url)


def test_only_managers_can_change_things(world, client, personas):
    review = reverse("funding:review", args=[world["waiting"].pk])
    for name in ("anna", "priya", "cora", "liam", "max", "charlie"):
        assert (
            status(
                client, getattr(personas, name), review, "post", {"decision": "approve"}
            )
            == 403
        )
        assert (
            status(client, getattr(personas, name), reverse("funding:close"), "post")
            == 403
        )
        manage = reverse("funding:process-manage", args=[world["process"].pk])
        assert (
            status(
                client,
                getattr(personas, name),
                manage,
                "post",
                {"action": "paper", "paper-count": 5, "paper-batch": "x"},
            )
            == 403
        )
    world["waiting"].refresh_from_db()
    assert world["waiting"].status == Project.Status.SUBMITTED
    assert (
        status(client, personas.olivia, review, "post", {"decision": "approve"}) == 302
    )
    world["waiting"].refresh_from_db()
    assert world["waiting"].status == Project.Status.LIVE


def test_the_report_is_for_readers_of_analysis(world, client, personas):
    url = reverse("funding:report")
    for name, user in personas.all().items():
        code = status(client, user, url)
        if user is None:
            assert code == 302
        else:
            assert code == (200 if name in READERS else 403), name


def test_residents_see_live_projects_but_not_those_waiting_for_review(
    world, client, personas
):
    client.logout()
    assert client.get(reverse("funding:index")).status_code == 200
    assert (
        client.get(reverse("funding:project", args=[world["live"].pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("funding:project", args=[world["waiting"].pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("funding:pledge", args=[world["waiting"].pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("funding:fund", args=[world["fund"].pk])).status_code == 200
    )
    # The public fund page shows the rules, not the commitments.
    body = client.get(reverse("funding:fund", args=[world["fund"].pk])).content.decode()
    assert "Commitments against the budget" not in body
    client.force_login(personas.cora)
    body = client.get(reverse("funding:fund", args=[world["fund"].pk])).content.decode()
    assert "Commitments against the budget" in body
    # Another place's imported election is for staff only.
    client.logout()
    assert (
        client.get(reverse("funding:process", args=[world["imported"].pk])).status_code
        == 404
    )
    foreign = world["imported"].projects.get()
    assert client.get(reverse("funding:project", args=[foreign.pk])).status_code == 404
    client.force_login(personas.anna)
    assert (
        client.get(reverse("funding:process", args=[world["imported"].pk])).status_code
        == 200
    )
    assert client.get(reverse("funding:project", args=[foreign.pk])).status_code == 200


def test_contact_details_are_personal_views_are_audited(world, client, personas):
    client.force_login(personas.olivia)
    page = client.get(reverse("funding:review", args=[world["waiting"].pk]))
    assert "pat@example.org" in page.content.decode()
    assert AuditEvent.objects.filter(
        action="view",
        object_type="funding.project",
        object_id=str(world["waiting"].pk),
        personal=True,
    ).exists()
    f.pledge(world["live"], 10, "backer@example.org")
    page = client.get(reverse("funding:pledges", args=[world["live"].pk]))
    assert "backer@example.org" in page.content.decode()
    assert (
        AuditEvent.objects.filter(
            action="view", object_id=str(world["live"].pk), personal=True
        ).count()
        >= 1
    )
    # The audit log names the personal fields, never their values.
    assert not AuditEvent.objects.filter(
        changes__icontains="backer@example.org"
    ).exists()
    assert not AuditEvent.objects.filter(changes__icontains="pat@example.org").exists()
    # Residents never see e-mail addresses.
    client.logout()
    public = client.get(
        reverse("funding:project", args=[world["live"].pk])
    ).content.decode()
    assert "@example.org" not in public and "Pat Example" not in public


def test_a_published_election_file_is_public_an_unpublished_one_is_not(
    world, client, personas
):
    process = world["process"]
    url = reverse("funding:election-file", args=[process.pk])
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(personas.olivia)
    assert client.get(url).status_code == 200
    budgeting.set_phase(process, Process.Phase.REVIEW, by=None)
    budgeting.set_phase(process, Process.Phase.VOTING, by=None)
    code = budgeting.issue_paper_codes(process, count=1, batch="t", by=None)[0]
    voter = budgeting.verify_code(process, code=code, postcode="PR7 1DP")
    budgeting.cast_ballot(
        process, voter=voter.pk, project_ids=[process.projects.get().pk]
    )
    budgeting.publish(process, budgeting.count(process, by=None), by=None)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and response.content.decode().startswith("META")
