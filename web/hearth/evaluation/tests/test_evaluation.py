"""An evaluation drawn from every module's records; pages role by role;
narrative versions; evidence; the PDF; the public dashboard."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.evaluation import queries, services
from hearth.evaluation.models import EvaluationEvent, Narrative, OutcomeEvidence
from hearth.funding.models import Pledge

from .factories import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(personas):
    return world(personas)


def test_the_report_draws_on_every_module(w):
    r = queries.report(w.evaluation, with_stories=True)
    # Plan: one objective, actions at 100% and 50%.
    assert r.plan is not None and r.plan.progress == pytest.approx(75)
    assert r.overdue == 1
    assert dict(r.actions_by_status) == {"In progress": 1, "Done": 1}
    first = r.milestones[0]
    assert first.reached_on is not None and first.in_period
    assert sum(1 for m in r.milestones if m.reached_on) == 1
    # Engagement against the census: 30 people, none under 25.
    assert r.reach is not None and r.reach.reach.people_reached == 30
    assert "Aged 16 to 24" in " ".join(r.under_represented)
    # Referrals of people living here only: five, measured twice.
    assert r.referrals is not None and r.referrals.total == 5
    swemwbs = next(o for o in r.referrals.outcomes if o.measure == "swemwbs")
    assert swemwbs.pairs == 5 and swemwbs.change.mean_change > 3
    # Funding: this community's project only.
    confirmed = sum(
        p.amount for p in Pledge.objects.filter(project=w.funded, status="confirmed")
    )
    assert confirmed > Decimal(1000)  # the resident's £1,000 and the match
    assert r.funding["crowdfunded"] == 1 and r.funding["raised"] == confirmed
    # Stories by the six perspectives; withdrawn consent hides a story.
    grouped = dict(r.stories)
    assert list(grouped) == [
        "The person",
        "The community",
        "Professionals",
        "Programme leads",
        "Funders",
        "Policy makers",
    ]
    assert grouped["The person"] == [w.kept] and grouped["The community"] == []
    # The logic model: both outcomes without evidence, until some is attached.
    assert r.without_evidence == 2
    services.add_evidence(
        w.outcomes[0], kind="delivery", summary="41 alarms fitted", by=None
    )
    again = queries.report(w.evaluation, with_stories=False)
    assert again.without_evidence == 1 and again.stories == []
    short = dict(again.outcomes)["Short term"][0]
    assert [e.summary for e in short.evidence] == ["41 alarms fitted"]


def test_small_numbers_are_suppressed(w):
    from hearth.referrals.models import Referral

    Referral.objects.filter(lsoa21="E01000000").first().delete()
    r = queries.report(w.evaluation, with_stories=False)
    assert r.referrals.total is None  # four: fewer than 5
    swemwbs = next(o for o in r.referrals.outcomes if o.measure == "swemwbs")
    assert swemwbs.pairs is None and swemwbs.change is None


def test_who_reads_and_writes_evaluations(w, personas, client):
    detail = reverse("evaluation:detail", args=[w.evaluation.pk])
    community = reverse("evaluation:community", args=[w.community.pk])
    for name, user in personas.all().items():
        client.logout()
        if user:
            client.force_login(user)
        for url in (detail, community):
            status = client.get(url).status_code
            if user is None:
                assert status == 302, (name, url)
            elif name in {"alice", "anna", "olivia", "cora"}:
                assert status == 200, (name, url)
            else:
                assert status == 403, (name, url)
    narrative = reverse("evaluation:narrative", args=[w.evaluation.pk])
    for name in ("anna", "cora", "priya"):
        client.force_login(getattr(personas, name))
        assert client.post(narrative, {"text": "x"}).status_code == 403, name
        assert (
            client.get(reverse("evaluation:new", args=[w.community.pk])).status_code
            == 403
        )
    assert not Narrative.objects.exists()


def test_the_narrative_keeps_every_version(w, personas, client):
    client.force_login(personas.olivia)
    url = reverse("evaluation:narrative", args=[w.evaluation.pk])
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "First draft."}).status_code == 302
    assert client.post(url, {"text": "First draft."}).status_code == 400  # unchanged
    client.post(url, {"text": "Second draft.", "note": "Added the stories"})
    assert list(w.evaluation.narratives.values_list("version", "text")) == [
        (2, "Second draft."),
        (1, "First draft."),
    ]
    page = client.get(
        reverse("evaluation:detail", args=[w.evaluation.pk])
    ).content.decode()
    assert "Second draft." in page and "First draft." not in page
    history = client.get(url).content.decode()
    assert "First draft." in history and "Added the stories" in history
    assert EvaluationEvent.objects.filter(action="narrative_saved").count() == 2


def test_stories_shown_are_audited_and_hidden_from_those_without_access(
    w, personas, client
):
    from hearth.engagement.permissions import can_read_stories

    url = reverse("evaluation:detail", args=[w.evaluation.pk])
    client.force_login(personas.olivia)
    assert can_read_stories(personas.olivia)
    body = client.get(url).content.decode()
    assert "The drop-in got my boiler fixed." in body
    assert "I changed my mind." not in body
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, object_id=str(w.kept.pk)
    ).exists()
    if not can_read_stories(personas.cora):
        client.force_login(personas.cora)
        body = client.get(url).content.decode()
        assert "boiler" not in body and "You do not have access to stories" in body


def test_evidence_is_added_and_removed_by_officers(w, personas, client):
    client.force_login(personas.olivia)
    outcome = w.outcomes[1]
    url = reverse("evaluation:add_evidence", args=[w.evaluation.pk, outcome.pk])
    response = client.post(url, {"kind": "story", "summary": "A resident's words"})
    assert response.status_code == 400 and b"Choose the story" in response.content
    response = client.post(
        url, {"kind": "story", "summary": "A resident's words", "story": w.withdrawn.pk}
    )
    assert response.status_code == 400  # withdrawn consent: not a choice
    response = client.post(
        url, {"kind": "story", "summary": "A resident's words", "story": w.kept.pk}
    )
    assert response.status_code == 302
    evidence = OutcomeEvidence.objects.get()
    assert evidence.story == w.kept
    client.force_login(personas.cora)
    remove = reverse("evaluation:remove_evidence", args=[w.evaluation.pk, evidence.pk])
    assert client.post(remove).status_code == 403
    client.force_login(personas.olivia)
    assert client.post(remove).status_code == 302
    assert not OutcomeEvidence.objects.exists()


def test_the_pdf_escapes_what_officers_write(w, personas, client):
    services.save_narrative(
        w.evaluation,
        text='<img src="/etc/hostname"/> <b>unclosed <font name="x">',
        by=personas.olivia,
    )
    client.force_login(personas.olivia)
    response = client.get(
        reverse("evaluation:detail", args=[w.evaluation.pk]), {"format": "pdf"}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"


def test_the_public_dashboard(w, personas, client):
    from hearth.delivery.tests import factories as delivery

    event = delivery.event(w.community)
    for i in range(3):
        delivery.request(
            event, personas.fire, status="done", postcode_="PR71DP", uprn=None
        )
        del i
    body = client.get(reverse("evaluation:dashboard")).content.decode()
    assert "Clayton Brook" in body and "Elsewhere" in body
    assert reverse("evaluation:detail", args=[w.evaluation.pk]) not in body  # residents
    # A public rush is served from the shared page cache (kept a minute).
    again = client.get(reverse("evaluation:dashboard"))
    assert again["X-Hearth-Cache"] == "hit" and again.content.decode() == body
    response = client.get(reverse("evaluation:dashboard"), {"format": "csv"})
    lines = response.content.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    row = dict(
        zip(
            header,
            next(x for x in lines if x.startswith("Clayton Brook")).split(","),
            strict=True,
        )
    )
    assert row["referrals"] == "5"
    assert row["people_reached"] == "30"
    assert float(row["plan_progress_percent"]) == 75
    assert row["requests_done"] == "<5"
    assert row["swemwbs_people_measured_twice"] == "5"
    assert float(row["swemwbs_mean_change"]) > 3
    client.force_login(personas.cora)
    assert (
        reverse("evaluation:detail", args=[w.evaluation.pk])
        in client.get(reverse("evaluation:dashboard")).content.decode()
    )


def test_funding_counts_projects_funded_in_the_period(w):
    import datetime

    earlier = services.create_evaluation(
        w.community,
        title="The year before",
        period_start=w.evaluation.period_start - datetime.timedelta(days=400),
        period_end=w.evaluation.period_start - datetime.timedelta(days=1),
        by=None,
    )
    assert queries.report(earlier, with_stories=False).funding["crowdfunded"] == 0
    assert queries.report(w.evaluation, with_stories=False).funding["crowdfunded"] == 1
