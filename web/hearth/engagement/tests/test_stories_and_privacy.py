"""Stories need consent; withdrawing it hides them at once; reads are audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.engagement import queries, services
from hearth.engagement.models import Story
from hearth.plans import services as plan_services
from hearth.plans.tests import factories as plan_factories


@pytest.fixture
def community(db, personas):
    return plan_factories.community("Clayton Brook", ["E01000000", "E01000001"])


def _story(community, by, **overrides):
    values = {
        "date": date(2025, 3, 1),
        "text": "The group got me out of the house after my husband died.",
        "perspective": Story.Perspective.PERSON,
        "consent_recorded_on": date(2025, 3, 1),
        "consent_how": "Signed consent form",
        "consent_public": True,
        **overrides,
    }
    return services.record_story(community, services.StoryFields(**values), by=by)


def test_a_story_needs_consent(community, personas):
    with pytest.raises(services.EngagementError, match="only be saved with consent"):
        _story(community, personas.olivia, consent_recorded_on=None)
    with pytest.raises(services.EngagementError, match="only be saved with consent"):
        _story(community, personas.olivia, consent_how=" ")
    with pytest.raises(services.EngagementError, match="at least internal use"):
        _story(community, personas.olivia, consent_internal=False, consent_public=False)
    with pytest.raises(services.EngagementError, match="consent to be credited"):
        _story(community, personas.olivia, attribution="Maureen Smith")
    assert not Story.objects.exists()


def test_publishing_needs_public_consent_and_a_second_person(
    community, personas, client
):
    story = _story(community, personas.olivia)
    private = _story(community, personas.olivia, consent_public=False)
    with pytest.raises(services.EngagementError, match="consent to public use"):
        services.submit_for_review(private, by=personas.olivia)
    with pytest.raises(services.EngagementError, match="review first"):
        services.publish_story(story, by=personas.olivia)
    services.submit_for_review(story, by=personas.olivia)
    client.force_login(personas.olivia)
    url = reverse("engagement:story-action", args=[community.pk, story.pk, "publish"])
    assert client.post(url).status_code == 403  # the recorder cannot publish it
    client.force_login(personas.alice)
    assert client.post(url).status_code == 302
    story.refresh_from_db()
    assert (
        story.status == Story.Status.PUBLISHED and story.reviewed_by == personas.alice
    )
    plan = plan_factories.plan(community)
    plan_services.edit_plan(plan, summary="", officer=None, is_public=True, by=None)
    client.logout()
    page = client.get(
        reverse("community_plans:plan", args=[community.pk])
    ).content.decode()
    assert "got me out of the house" in page


def test_withdrawing_consent_hides_the_story_at_once_everywhere(
    community, personas, client
):
    story = _story(community, personas.olivia)
    services.submit_for_review(story, by=personas.olivia)
    services.publish_story(story, by=personas.alice)
    plan = plan_factories.plan(community)
    plan_services.edit_plan(plan, summary="", officer=None, is_public=True, by=None)
    public = reverse("community_plans:plan", args=[community.pk])
    assert "got me out of the house" in client.get(public).content.decode()
    client.force_login(personas.olivia)
    client.post(
        reverse("engagement:story-action", args=[community.pk, story.pk, "withdraw"])
    )
    story.refresh_from_db()
    assert story.consent_withdrawn is not None
    assert "got me out of the house" not in story.text
    client.logout()
    assert "got me out of the house" not in client.get(public).content.decode()
    client.force_login(personas.olivia)
    assert (
        client.get(
            reverse("engagement:story", args=[community.pk, story.pk])
        ).status_code
        == 404
    )
    body = client.get(
        reverse("engagement:export-stories", args=["csv"])
    ).content.decode()
    assert (
        "got me out" not in body and str(story.pk) not in body.split("\r\n", 1)[1][:10]
    )
    _header, rows = queries.story_rows(Story.objects.all())
    assert rows == []


def test_reading_an_identifying_story_is_audited(community, personas, client):
    anonymous = _story(community, personas.olivia)
    named = _story(
        community,
        personas.olivia,
        anonymised=False,
        consent_attribution=True,
        attribution="Maureen, a resident for 40 years",
    )
    client.force_login(personas.anna)
    assert (
        client.get(
            reverse("engagement:story", args=[community.pk, named.pk])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("engagement:story", args=[community.pk, anonymous.pk])
        ).status_code
        == 200
    )
    views = AuditEvent.objects.filter(action="view", object_type="engagement.story")
    assert list(views.values_list("object_id", "actor__username")) == [
        (str(named.pk), "anna")
    ]
    # The audit log never holds a story's words.
    assert not AuditEvent.objects.filter(changes__icontains="husband").exists()
    # The community page lists the identifying story without its words.
    body = client.get(
        reverse("engagement:community", args=[community.pk])
    ).content.decode()
    assert "May identify someone" in body
    assert body.count("got me out of the house") == 1  # the anonymised one only


def test_only_staff_who_may_read_stories_see_them(community, personas, client):
    story = _story(community, personas.olivia)
    url = reverse("engagement:story", args=[community.pk, story.pk])
    for name, expected in {
        "alice": 200,
        "anna": 200,
        "olivia": 200,
        "cora": 200,
        "priya": 403,
        "liam": 403,
        "max": 403,
        "charlie": 403,
    }.items():
        client.force_login(getattr(personas, name))
        assert client.get(url).status_code == expected, name
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(personas.priya)
    body = client.get(
        reverse("engagement:community", args=[community.pk])
    ).content.decode()
    assert "got me out of the house" not in body
    assert (
        client.get(reverse("engagement:export-stories", args=["csv"])).status_code
        == 403
    )


def test_notes_with_contact_details_get_a_warning(community, personas, client):
    client.force_login(personas.olivia)
    from hearth.accounts.tests.factories import council

    org = council()
    response = client.post(
        reverse("engagement:activity-new", args=[community.pk]),
        {
            "date_day": "1",
            "date_month": "3",
            "date_year": "2025",
            "kind": "doorstep",
            "organisation": org.pk,
            "people": "5",
            "heard": "Call Sue on 07700 900123",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "The notes hold contact details (07700 900123)" in response.content.decode()
