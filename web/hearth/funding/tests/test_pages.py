"""Proposing, reviewing and pledging through the pages; the community panel and merges."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hearth.communities import curation, panels
from hearth.funding import services
from hearth.funding.models import Fund, Pledge, Project, ProjectEvent

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_wait(monkeypatch):
    monkeypatch.setattr("hearth.funding.forms.SpamCheckMixin.MIN_SECONDS", 0)


def started(client, url):
    return client.get(url).context["form"].initial["started"]


def proposal(**overrides):
    data = {
        "title": "Astley Park planters",
        "summary": "Planters by the gates",
        "description": "We will plant them with residents.",
        "theme": "green_space",
        "location_name": "Astley Park",
        "postcode": "pr71dp",
        "target": "1000",
        "budget_lines": "Planters, 700\nBulbs and soil, £300",
        "deadline": (timezone.localdate() + datetime.timedelta(days=40)).isoformat(),
        "model": "all_or_nothing",
        "proposer_kind": "resident_group",
        "proposer_name": "Friends of Astley Park",
        "annual_income": "",
        "contact_name": "Pat",
        "contact_email": "pat@example.org",
    }
    data.update(overrides)
    return data


def test_a_group_proposes_an_officer_approves_and_residents_pledge(client, personas):
    f.england()
    f.fund(min_backers=2, trigger_share=Decimal(20))
    url = reverse("funding:propose")
    response = client.post(url, proposal(started=started(client, url)))
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.status == Project.Status.SUBMITTED and project.lsoa21 == "E01000000"
    assert project.postcode == "PR7 1DP"
    assert [(b.item, b.amount) for b in project.budget_lines.all()] == [
        ("Planters", Decimal(700)),
        ("Bulbs and soil", Decimal(300)),
    ]
    client.force_login(personas.olivia)
    assert (
        client.post(
            reverse("funding:review", args=[project.pk]),
            {"decision": "approve", "note": "Fine"},
        ).status_code
        == 302
    )
    project.refresh_from_db()
    assert project.status == Project.Status.LIVE
    client.logout()
    pledge_url = reverse("funding:pledge", args=[project.pk])
    mail.outbox.clear()
    for email in ("one@example.org", "two@example.org"):
        response = client.post(
            pledge_url,
            {
                "kind": "resident",
                "amount": "150",
                "email": email,
                "display_name": "",
                "started": started(client, pledge_url),
            },
        )
        assert response.status_code == 302
        assert "Check your e-mail" in client.get(response.url).content.decode()
    # Nothing counts until each backer confirms from the link e-mailed to them.
    assert services.totals(project).backers == 0
    links = [re.search(r"http://testserver(\S+)", m.body).group(1) for m in mail.outbox]
    assert [m.to for m in mail.outbox] == [["one@example.org"], ["two@example.org"]]
    # Opening the link (as a mail scanner would) changes nothing: a button confirms.
    assert "Confirm my pledge" in client.get(links[0]).content.decode()
    assert services.totals(project).backers == 0
    client.post(links[0])
    response = client.post(links[1])
    assert response.status_code == 302
    thanks = client.get(response.url).content.decode()
    # min(50% of £1,000, cap, £700 needed)
    assert "Community Match Fund pledged £500.00" in thanks
    again = client.post(links[1])
    assert again.status_code == 404 and "already been used" in again.content.decode()
    page = client.get(reverse("funding:project", args=[project.pk])).content.decode()
    assert "£800" in page and "2 backers" in page and "Anonymous" in page
    assert list(
        ProjectEvent.objects.filter(project=project)
        .values_list("action", flat=True)
        .order_by("pk")
    ) == [
        "submitted",
        "approved",
        "pledged",
        "pledged",
        "pledge_confirmed",
        "pledge_confirmed",
        "fund_pledged",
    ]


def test_unconfirmed_pledges_never_count_and_are_dropped_at_closing(client):
    f.fund(min_backers=1, trigger_share=Decimal(25))
    project = f.project()
    services.record_pledge(
        project, kind="resident", amount=Decimal(4000), email="ghost@example.org"
    )
    assert services.totals(project).cash == 0
    assert not project.pledges.filter(kind="fund").exists()
    with pytest.raises(services.FundingError, match="at most the project's target"):
        services.record_pledge(
            project, kind="resident", amount=Decimal(4001), email="x@example.org"
        )
    mail.outbox.clear()
    services.close_due(today=project.deadline + datetime.timedelta(days=1))
    project.refresh_from_db()
    assert project.status == Project.Status.FAILED
    assert project.pledges.get().status == Pledge.Status.WITHDRAWN
    assert mail.outbox == []  # nobody confirmed, nobody is told


def test_bad_proposals_get_clear_errors_and_nothing_is_saved(client):
    url = reverse("funding:propose")
    response = client.post(
        url,
        proposal(
            target="1,000.999",
            budget_lines="Planters 700",
            deadline="2001-01-01",
            postcode="nope",
            charity_number="12",
            started=started(client, url),
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    for message in (
        "Enter an amount in pounds",
        "Line 1 of the budget must be an item, a comma, then its cost",
        "The deadline must be in the future",
        "Enter a full UK postcode",
        "A charity number is 6 to 8 digits",
    ):
        assert message in body, message
    response = client.post(url, proposal(target="900", started=started(client, url)))
    assert (
        "The budget lines add up to £1,000.00, but the target is £900.00"
        in response.content.decode()
    )
    assert not Project.objects.exists()


def test_spam_is_thanked_and_dropped(client):
    url = reverse("funding:propose")
    response = client.post(
        url, proposal(website="http://spam", started=started(client, url))
    )
    assert response.status_code == 302 and not Project.objects.exists()


def test_pledge_form_errors(client):
    project = f.project()
    url = reverse("funding:pledge", args=[project.pk])
    response = client.post(
        url,
        {
            "kind": "resident",
            "amount": "-4",
            "email": "not-an-email",
            "in_kind": "on",
            "started": started(client, url),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "Enter an amount more than £0" in body
        and "Only organisations can pledge help in kind" in body
    )
    assert (
        "Say what the organisation will give" in body
        and "Enter a valid email address" in body
    )
    empty = client.post(url, {"started": started(client, url)}).content.decode()
    for message in (
        "Select who is pledging",
        "Enter how much you are pledging, in pounds",
        "Enter your e-mail address",
    ):
        assert message in empty
    assert "This field is required" not in empty
    assert not Pledge.objects.exists()


def test_an_officer_withdraws_a_pledge_and_marks_money_received(client, personas):
    f.fund(min_backers=1, trigger_share=Decimal(25))
    project = f.project()
    f.pledge(project, 1000, "a@example.org")
    backer = project.pledges.get(email="a@example.org")
    client.force_login(personas.olivia)
    url = reverse("funding:pledges", args=[project.pk])
    client.post(url, {"pledge": backer.pk, "action": "withdraw"})
    backer.refresh_from_db()
    assert backer.status == Pledge.Status.WITHDRAWN
    assert project.pledges.get(kind="fund").status == Pledge.Status.WITHDRAWN
    assert client.post(url, {"pledge": "abc", "action": "withdraw"}).status_code == 404
    f.pledge(project, 20, "b@example.org", display_name="Rude Name")
    named = project.pledges.get(email="b@example.org")
    client.post(url, {"pledge": named.pk, "action": "hide-name"})
    named.refresh_from_db()
    assert named.display_name == ""
    assert (
        "Rude Name"
        not in client.get(
            reverse("funding:project", args=[project.pk])
        ).content.decode()
    )


def test_officers_create_a_fund_and_it_pledges_to_live_projects_at_once(
    client, personas
):
    project = f.project()
    f.pledge(project, 1000, "a@example.org")
    client.force_login(personas.olivia)
    response = client.post(
        reverse("funding:fund-new"),
        {
            "name": "Spring Fund",
            "description": "For spring projects",
            "budget": "5000",
            "match_percent": "25",
            "match_cap": "800",
            "trigger_share": "20",
            "min_backers": "1",
            "pays_only_if_target_met": "on",
            "opens": timezone.localdate().isoformat(),
            "active": "on",
        },
    )
    assert response.status_code == 302
    fund = Fund.objects.get(name="Spring Fund")
    # Date fields come back in the form a date input reads (ISO 8601).
    edit = client.get(reverse("funding:fund-edit", args=[fund.pk])).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in edit
    assert project.pledges.get(kind="fund").fund == fund
    assert project.pledges.get(kind="fund").amount == Decimal(800)
    bad = client.post(
        reverse("funding:fund-new"),
        {
            "name": "X",
            "budget": "-1",
            "match_percent": "150",
            "match_cap": "0",
            "trigger_share": "5",
            "min_backers": "0",
            "opens": "2026-01-01",
            "closes": "2025-01-01",
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert (
        "Enter a percentage more than 0 and at most 100" in body
        and "The fund must close after it opens" in body
    )


def test_the_community_page_panel_and_merges(personas):
    f.england()
    astley = f.community()
    other = f.community("Astley North", ("E01000002",))
    fund = f.fund(communities=[other])
    project = f.project(community=other)
    process = f.process([other])
    assert "funding" in [p.key for p in panels.registered()]
    curation.merge(astley, other, by=personas.olivia, note="One estate")
    project.refresh_from_db()
    assert project.community == astley
    assert list(fund.communities.all()) == [astley]
    assert list(process.communities.all()) == [astley]


def test_the_community_page_shows_its_funding(client, personas):
    f.england()
    astley = f.community()
    project = f.project(community=astley)
    f.process([astley])
    client.force_login(personas.olivia)
    body = client.get(reverse("communities:detail", args=[astley.pk])).content.decode()
    assert "Community funding" in body and project.title in body
    assert "Astley decides 2027" in body


def test_officers_change_a_proposal_before_approval_and_the_proposer_hears(
    client, personas, django_capture_on_commit_callbacks, mailoutbox
):
    project = f.project(live=False)
    url = reverse("funding:project-edit", args=[project.pk])
    client.force_login(personas.anna)
    assert client.get(url).status_code == 403
    client.force_login(personas.olivia)
    form = client.get(url).context["form"]
    assert form.initial["budget_lines"] == "Planters, 2500.00\nBulbs and soil, 1500.00"
    data = {k: v for k, v in form.initial.items() if v is not None and k != "started"}
    data.update(
        title="Astley Park gates",
        location_name="Astley Park",
        target="3000",
        budget_lines="Planters, 1500\nBulbs, 1500",
        deadline=str(project.deadline),
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    assert (project.title, project.target) == ("Astley Park gates", Decimal(3000))
    assert [b.item for b in project.budget_lines.all()] == ["Planters", "Bulbs"]
    event = project.events.get(action="edited")
    assert (
        "title" in event.note
        and "budget lines" in event.note
        and event.by == personas.olivia
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("funding:review", args=[project.pk]),
            {"decision": "approve", "note": "Good luck"},
        )
    [message] = mailoutbox
    assert (
        message.to == ["pat@example.org"]
        and "is now live" in message.body
        and "Good luck" in message.body
    )
    # A live project cannot be changed.
    assert client.get(url).status_code == 302
