"""Participatory budgeting: eligibility, one secret ballot per code, counts, results."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.funding import budgeting, services
from hearth.funding.models import Ballot, Process, Project, VoterCode
from hearth.funding.services import FundingError
from hearthcore import pb

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote():
    """A process in its voting phase with three projects (budget £1,000)."""
    f.england()
    astley = f.community()
    process = f.process([astley])
    projects = {
        name: f.ballot_project(process, name, cost)
        for name, cost in (("Benches", 600), ("Bulbs", 300), ("Bins", 400))
    }
    budgeting.set_phase(process, Process.Phase.REVIEW, by=None)
    budgeting.set_phase(process, Process.Phase.VOTING, by=None)
    return process, projects


def emailed_code(client, process, email="res@example.org", postcode="PR7 1DP"):
    url = reverse("funding:request-code", args=[process.pk])
    form = client.get(url).context["form"]
    return client.post(
        url,
        {"email": email, "postcode": postcode, "started": form.initial["started"]},
    )


def signed_start(form):
    return form.initial["started"]


def test_a_resident_gets_a_code_by_email_votes_once_and_the_ballot_is_secret(
    vote, client, settings, monkeypatch
):
    process, projects = vote
    # The spam check wants a few seconds between loading and sending.
    monkeypatch.setattr("hearth.funding.forms.SpamCheckMixin.MIN_SECONDS", 0)
    response = emailed_code(client, process)
    assert response.status_code == 302
    [message] = mail.outbox
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}", message.body).group(0)
    stored = VoterCode.objects.get()
    # Neither the code nor the address is stored, only keyed hashes.
    assert code not in stored.code_hash and "res@example.org" not in stored.email_hash
    assert len(stored.code_hash) == 64 and stored.email_hash
    # The code's creation is in the audit log as personal, without values.
    event = AuditEvent.objects.get(object_type="funding.votercode", action="create")
    assert event.personal and "res@example.org" not in str(event.changes)
    assert (
        client.post(
            reverse("funding:vote", args=[process.pk]),
            {"code": code.lower().replace("-", " ")},
        ).status_code
        == 302
    )
    ballot_url = reverse("funding:ballot", args=[process.pk])
    page = client.get(ballot_url)
    assert "Benches" in page.content.decode()
    choice = [projects["Benches"].pk, projects["Bulbs"].pk]
    assert client.post(ballot_url, {"projects": choice}).status_code == 302
    ballot = Ballot.objects.get()
    assert set(ballot.projects.values_list("pk", flat=True)) == set(choice)
    # Secret: the ballot has no link to the code and only the day it was cast.
    assert {f.name for f in Ballot._meta.get_fields()} == {
        "id",
        "process",
        "projects",
        "cast_on",
        "voter_label",
    }
    assert not AuditEvent.objects.filter(object_type="funding.ballot").exists()
    stored.refresh_from_db()
    assert stored.used
    # The same code never votes twice; nor does a new code for the same address.
    again = client.post(reverse("funding:vote", args=[process.pk]), {"code": code})
    assert "already been used" in again.content.decode()
    assert client.get(ballot_url).status_code == 302  # back to the code page
    second = emailed_code(client, process, email="RES@example.org")
    assert second.status_code == 400 and "already been cast" in second.content.decode()
    assert len(mail.outbox) == 1


def test_postcodes_outside_the_communities_are_turned_away(vote, client, monkeypatch):
    process, _ = vote
    monkeypatch.setattr("hearth.funding.forms.SpamCheckMixin.MIN_SECONDS", 0)
    outside = emailed_code(client, process, postcode=f.PRESTON)
    assert outside.status_code == 400
    assert (
        "is not in the area of this vote. Only residents of Astley can vote."
        in outside.content.decode()
    )
    unknown = emailed_code(client, process, postcode="ZZ9 9ZZ")
    assert "could not find the postcode ZZ9 9ZZ" in unknown.content.decode()
    bad = emailed_code(client, process, postcode="not one")
    assert "Enter a full UK postcode" in bad.content.decode()
    assert mail.outbox == [] and not VoterCode.objects.exists()


def test_paper_codes_are_shown_once_and_need_an_eligible_postcode(
    vote, client, personas
):
    process, projects = vote
    client.force_login(personas.olivia)
    page = client.post(
        reverse("funding:process-manage", args=[process.pk]),
        {
            "action": "paper",
            "paper-count": "3",
            "paper-batch": "Astley library, Saturday",
        },
    )
    codes = re.findall(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}", page.content.decode())
    assert len(set(codes)) == 3
    assert VoterCode.objects.filter(channel="paper").count() == 3
    assert AuditEvent.objects.filter(
        object_type="funding.votercode", personal=True
    ).exists()
    client.logout()
    vote_url = reverse("funding:vote", args=[process.pk])
    wrong = client.post(vote_url, {"code": codes[0], "postcode": f.PRESTON})
    assert wrong.status_code == 400 and "not in the area" in wrong.content.decode()
    assert (
        client.post(vote_url, {"code": codes[0], "postcode": "PR71DP"}).status_code
        == 302
    )
    assert (
        client.post(
            reverse("funding:ballot", args=[process.pk]),
            {"projects": [projects["Bins"].pk]},
        ).status_code
        == 302
    )
    made_up = client.post(vote_url, {"code": "AAAA-BBBB-CC", "postcode": "PR7 1DP"})
    assert "That code is not right" in made_up.content.decode()


def test_ballot_rules_are_checked_on_the_server(vote):
    process, projects = vote
    codes = budgeting.issue_paper_codes(process, count=2, batch="test", by=None)
    voter = budgeting.verify_code(process, code=codes[0], postcode="PR7 1DP")
    with pytest.raises(FundingError, match="Choose up to 2 projects; you chose 3"):
        budgeting.cast_ballot(
            process, voter=voter.pk, project_ids=[p.pk for p in projects.values()]
        )
    budgeting.cast_ballot(process, voter=voter.pk, project_ids=[projects["Bins"].pk])
    with pytest.raises(FundingError, match="can no longer change"):
        budgeting.set_phase(process, Process.Phase.REVIEW, by=None)
    voter = budgeting.verify_code(process, code=codes[1], postcode="PR7 1DP")
    with pytest.raises(FundingError, match="Choose up to 2 projects; you chose 3"):
        budgeting.cast_ballot(
            process, voter=voter.pk, project_ids=[p.pk for p in projects.values()]
        )
    with pytest.raises(FundingError, match="at least one"):
        budgeting.cast_ballot(process, voter=voter.pk, project_ids=[])
    other = f.process([], name="Elsewhere")
    stranger = f.ballot_project(other, "Not here", 10)
    with pytest.raises(FundingError, match="from this ballot"):
        budgeting.cast_ballot(process, voter=voter.pk, project_ids=[stranger.pk])
    process.ballot_kind = Process.BallotKind.WITHIN_BUDGET
    process.save()
    with pytest.raises(
        FundingError, match="cost £1,300 together, more than the £1,000 budget"
    ):
        budgeting.cast_ballot(
            process,
            voter=voter.pk,
            project_ids=[
                projects["Benches"].pk,
                projects["Bins"].pk,
                projects["Bulbs"].pk,
            ][:3],
        )
    budgeting.cast_ballot(
        process,
        voter=voter.pk,
        project_ids=[projects["Benches"].pk, projects["Bins"].pk],
    )
    with pytest.raises(budgeting.AlreadyVoted):
        budgeting.cast_ballot(
            process, voter=voter.pk, project_ids=[projects["Bins"].pk]
        )


def cast(process, *choices):
    codes = budgeting.issue_paper_codes(process, count=len(choices), batch="t", by=None)
    for code, chosen in zip(codes, choices, strict=True):
        voter = budgeting.verify_code(process, code=code, postcode="PR7 1DP")
        budgeting.cast_ballot(
            process, voter=voter.pk, project_ids=[p.pk for p in chosen]
        )


def test_the_count_is_equal_shares_and_publishing_funds_the_winners(
    vote, client, personas
):
    process, p = vote
    # Equal Shares (budget 1,000, 3 voters, 333.33 each): Benches (600) has
    # two supporters paying 300 each; then Bulbs (300), paid by its one
    # supporter; Bins (400) is left: that supporter has 33.33 left.
    cast(process, [p["Benches"]], [p["Benches"]], [p["Bins"], p["Bulbs"]])
    result = budgeting.count(process, by=personas.olivia)
    assert result.rule == "equalshares" and result.ballots == 3
    names = {pid: Project.objects.get(pk=int(pid)).title for pid in result.winners}
    assert [names[w] for w in result.winners] == ["Benches", "Bulbs"]
    # Greedy by votes gives the same here; a different rule is a different count.
    greedy = budgeting.count(process, by=personas.olivia, rule="greedy")
    assert [Project.objects.get(pk=int(w)).title for w in greedy.winners] == [
        "Benches",
        "Bulbs",
    ]
    # Before publishing, residents see no results.
    page = client.get(reverse("funding:results", args=[process.pk]))
    assert "not published yet" in page.content.decode()
    budgeting.publish(process, result, by=personas.olivia)
    process.refresh_from_db()
    assert process.phase == Process.Phase.RESULTS
    statuses = dict(process.projects.values_list("title", "status"))
    assert statuses == {"Benches": "funded", "Bulbs": "funded", "Bins": "not_selected"}
    # The winners are funded projects with their budget lines.
    assert list(p["Benches"].budget_lines.values_list("item", "amount")) == [
        ("Benches", Decimal("600.00"))
    ]
    body = client.get(reverse("funding:results", args=[process.pk])).content.decode()
    assert (
        "3 residents voted. 2 projects were funded, costing £900 of the £1,000 budget"
        in body
    )
    assert "shared equally between the 3 voters: £333.33 each" in body
    assert (
        "Funded 1st: its 2 supporters paid the £600.00 between them, each paying £300.00."
        in body
    )
    assert (
        "Not funded: when counting ended, its 1 supporter had £33.33 left, but it cost £400.00."
        in body
    )
    with pytest.raises(FundingError, match="already published"):
        budgeting.publish(process, greedy, by=personas.olivia)
    # Retention: the codes are deleted once the results are out; counts stay.
    assert not VoterCode.objects.filter(process=process).exists()
    assert process.meta["codes_used"] == 3
    assert Ballot.objects.filter(process=process).count() == 3


def test_a_group_proposes_a_project_for_the_ballot(vote, client, personas, monkeypatch):
    monkeypatch.setattr("hearth.funding.forms.SpamCheckMixin.MIN_SECONDS", 0)
    process = f.process([], name="Next year", budget=Decimal(5000))
    url = reverse("funding:process-propose", args=[process.pk])
    form = client.get(url).context["form"]
    assert "deadline" not in form.fields  # a ballot project has a cost, not pledges
    data = {
        "title": "Street party",
        "summary": "A street party",
        "description": "For everyone",
        "theme": "arts",
        "location_name": "Market Street",
        "target": "6000",
        "proposer_kind": "resident_group",
        "proposer_name": "Market Street residents",
        "contact_name": "Kim",
        "contact_email": "kim@example.org",
        "started": form.initial["started"],
    }
    too_dear = client.post(url, data)
    assert "no more than the £5,000 budget" in too_dear.content.decode()
    assert client.post(url, {**data, "target": "900"}).status_code == 302
    project = process.projects.get()
    assert project.status == Project.Status.SUBMITTED and project.deadline is None
    client.force_login(personas.olivia)
    client.post(reverse("funding:review", args=[project.pk]), {"decision": "approve"})
    project.refresh_from_db()
    assert project.status == Project.Status.ON_BALLOT
    # Once voting opens, proposals close and no project joins the ballot.
    budgeting.set_phase(process, Process.Phase.REVIEW, by=None)
    late = f.project(live=False, process=process, deadline=None, title="Late")
    process.communities.set([f.community("Elsewhere", ("E01000003",))])
    budgeting.set_phase(process, Process.Phase.VOTING, by=None)
    with pytest.raises(FundingError, match="before voting opens"):
        services.approve_project(late, by=personas.olivia)
    client.logout()
    assert client.get(url).status_code == 302


def test_the_process_exports_and_reimports_as_a_pabulib_file(vote, personas):
    process, p = vote
    cast(process, [p["Benches"]], [p["Benches"]], [p["Bins"], p["Bulbs"]])
    budgeting.publish(process, budgeting.count(process, by=None), by=None)
    text = budgeting.export_pb(process)
    election = pb.loads(text)
    assert election.budget == Decimal(1000) and election.rule == "equalshares"
    assert len(election.ballots) == 3 and election.meta["max_length"] == "2"
    assert {pr.project_id: pr.selected for pr in election.projects} == {
        str(p["Benches"].pk): 1,
        str(p["Bulbs"].pk): 1,
        str(p["Bins"].pk): 0,
    }
    # No personal data and no order of voting: voters are numbered 1, 2, 3.
    assert [b.voter_id for b in election.ballots] == ["1", "2", "3"]
    assert "@" not in text and "PR7" not in text
    # The official outcome in the file is what the count of the file gives.
    assert set(pb.count(election).winners) == {
        pr.project_id for pr in election.projects if pr.selected == 1
    }
    again = budgeting.import_pb(election, name="Re-read", by=personas.olivia)
    assert (again.projects, again.ballots) == (3, 3)
    recount = budgeting.count(again.process, by=None)
    assert set(recount.winners) == {str(p["Benches"].pk), str(p["Bulbs"].pk)}


def test_phases_move_one_step_and_voting_needs_projects_and_voters(personas):
    f.england()
    process = f.process([])
    with pytest.raises(FundingError, match="one phase at a time"):
        budgeting.set_phase(process, Process.Phase.VOTING, by=None)
    budgeting.set_phase(process, Process.Phase.REVIEW, by=None)
    with pytest.raises(FundingError, match="at least one project"):
        budgeting.set_phase(process, Process.Phase.VOTING, by=None)
    f.ballot_project(process, "Benches", 100)
    with pytest.raises(FundingError, match="communities"):
        budgeting.set_phase(process, Process.Phase.VOTING, by=None)
    process.communities.set([f.community()])
    budgeting.set_phase(process, Process.Phase.VOTING, by=None)
    with pytest.raises(FundingError, match="Publish a count"):
        budgeting.set_phase(process, Process.Phase.RESULTS, by=None)
