"""The plan's use cases: steps, roll-up, updates and history, merges."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hearth.accounts.tests.factories import OrganisationFactory
from hearth.audit.models import AuditEvent
from hearth.communities import curation
from hearth.plans import queries, services
from hearth.plans.models import ActionUpdate, Note, Plan, PlanEvent

from . import factories


@pytest.fixture
def plan(db, personas):
    return factories.plan(by=personas.olivia)


def test_a_new_plan_has_six_steps_six_milestones_and_a_logic_model(plan, personas):
    assert list(plan.steps.order_by("id").values_list("key", flat=True)) == [
        "background",
        "people",
        "services",
        "plan",
        "deliver",
        "review",
    ]
    assert set(plan.steps.values_list("state", flat=True)) == {"not_started"}
    assert plan.milestones.count() == 6
    assert plan.logic_model.situation == ""
    assert plan.officer == personas.olivia
    with pytest.raises(services.PlanError, match="already has a plan"):
        services.start_plan(plan.community, by=personas.olivia)


def test_progress_rolls_up_from_actions_to_objectives_to_the_plan(plan, personas):
    fire = OrganisationFactory(name="Fire")
    factories.action(plan, title="A", lead=fire, status="done", progress=10)
    factories.action(plan, title="B", lead=fire, status="in_progress", progress=50)
    factories.action(plan, title="C", lead=fire, status="stopped", progress=0)
    factories.action(plan, title="D", lead=fire, objective="Healthier", progress=20)
    view = queries.load(plan)
    by_title = {o.objective.title: o.progress for o in view.objectives}
    assert by_title == {"Fewer home fires": 75.0, "Healthier": 20.0}
    assert view.progress == 47.5  # mean of objectives, not of actions (56.7)
    assert queries.progress_of([plan]) == {plan.pk: 47.5}


def test_an_update_moves_the_action_and_keeps_its_history(plan, personas):
    fire = OrganisationFactory(name="Fire")
    action = factories.action(plan, lead=fire)
    today = timezone.localdate()
    services.record_update(
        action,
        on=today - timedelta(days=3),
        note="Visited 40 homes",
        progress=40,
        by=personas.priya,
        organisation=fire,
    )
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 40)
    services.record_update(
        action,
        on=today,
        note="All done",
        progress=None,
        status="done",
        by=personas.olivia,
    )
    action.refresh_from_db()
    assert (action.status, action.progress) == ("done", 100)
    history = list(ActionUpdate.objects.filter(action=action).order_by("on"))
    assert [(u.note, u.by, u.progress) for u in history] == [
        ("Visited 40 homes", personas.priya, 40),
        ("All done", personas.olivia, 100),
    ]
    assert history[0].organisation == fire
    assert plan.steps.get(key="deliver").state == "in_progress"
    with pytest.raises(services.PlanError, match="future"):
        services.record_update(
            action, on=today + timedelta(days=1), note="x", progress=1, by=None
        )
    with pytest.raises(services.PlanError, match="what was done"):
        services.record_update(action, on=today, note="  ", progress=1, by=None)


def test_every_change_is_in_the_plan_history_and_the_audit_log(plan, personas):
    action = factories.action(plan, by=personas.olivia)
    services.set_step_state(plan, "background", "done", by=personas.olivia)
    services.set_milestone(
        plan, "evidence", reached_on=date(2025, 3, 1), by=personas.olivia
    )
    summaries = list(
        PlanEvent.objects.filter(plan=plan).values_list("summary", flat=True)
    )
    assert "Understand the background: done" in summaries
    assert "Benchmark and anecdotal evidence gathered: reached 2025-03-01" in summaries
    assert any(s.startswith("Action added: Home fire safety checks") for s in summaries)
    assert AuditEvent.objects.filter(
        object_type="plans.action", object_id=str(action.pk), action="create"
    ).exists()


def test_notes_are_audited_without_their_words(plan, personas):
    note = services.add_note(
        plan,
        step="people",
        category="complex_lives",
        text="Mrs X at no. 4 cares for two",
        source="Door knocking",
        noted_on=date(2025, 1, 5),
        by=personas.olivia,
    )
    event = AuditEvent.objects.get(object_type="plans.note", object_id=str(note.pk))
    assert "Mrs X" not in str(event.changes)
    assert plan.steps.get(key="people").state == "in_progress"
    with pytest.raises(services.PlanError, match="Choose what the note is about"):
        services.add_note(
            plan,
            step="people",
            category="history",
            text="x",
            source="",
            noted_on=date(2025, 1, 5),
            by=None,
        )
    services.delete_note(note, by=personas.olivia)
    assert not Note.objects.exists()


def test_actions_check_their_dates_and_duplicates(plan):
    fire = OrganisationFactory(name="Fire")
    with pytest.raises(services.PlanError, match="due date must be on or after"):
        factories.action(plan, lead=fire, start=date(2025, 5, 1), due=date(2025, 4, 1))
    factories.action(plan, lead=fire, title="Leaflets")
    with pytest.raises(services.PlanError, match="already has the action"):
        factories.action(plan, lead=fire, title="leaflets")
    objective = plan.objectives.get()
    with pytest.raises(services.PlanError, match="has actions"):
        services.delete_objective(objective, by=None)


def test_overdue_lists_the_lead_organisations_actions_and_the_officers_reviews(
    plan, personas
):
    fire, vcs = personas.fire, personas.vcs
    today = timezone.localdate()
    late = factories.action(
        plan, title="Late", lead=fire, due=today - timedelta(days=2)
    )
    factories.action(
        plan, title="Done late", lead=fire, due=today - timedelta(days=2), status="done"
    )
    factories.action(plan, title="Not yet", lead=fire, due=today + timedelta(days=2))
    other = factories.action(
        plan, title="VCS late", lead=vcs, due=today - timedelta(days=9)
    )
    review = services.schedule_review(plan, due=today - timedelta(days=1), by=None)
    plans = Plan.objects.all()
    mine = queries.overdue(plans, organisations={fire.pk})
    assert [a.pk for a in mine.actions] == [late.pk]
    assert mine.reviews == []
    officer = queries.overdue(plans, organisations=set(), officer=personas.olivia)
    assert [a.pk for a in officer.actions] == [other.pk, late.pk]
    assert [r.pk for r in officer.reviews] == [review.pk]
    services.record_review(review, held_on=today, learnt="Go on", changes="", by=None)
    assert queries.overdue(plans, officer=personas.olivia).reviews == []


def test_a_merged_communitys_plan_joins_the_surviving_plan(db, personas):
    first = factories.community("North", ["E01000000"])
    second = factories.community("South", ["E01000001"])
    kept = factories.plan(first)
    merged = factories.plan(second)
    factories.action(kept, title="Kept action")
    factories.action(merged, title="Moved action")
    services.set_milestone(merged, "evidence", reached_on=date(2025, 1, 1), by=None)
    curation.merge(first, second, by=personas.olivia, note="One neighbourhood")
    kept.refresh_from_db()
    titles = sorted(o.title for o in kept.objectives.all())
    assert titles == ["Fewer home fires", "Fewer home fires (South)"]
    assert kept.milestones.get(key="evidence").reached_on == date(2025, 1, 1)
    assert {a.title for a in queries.load(kept).actions} == {
        "Kept action",
        "Moved action",
    }


def test_a_plan_moves_with_a_merge_when_the_survivor_has_none(db, personas):
    first = factories.community("North", ["E01000000"])
    second = factories.community("South", ["E01000001"])
    merged = factories.plan(second)
    curation.merge(first, second, by=personas.olivia, note="One neighbourhood")
    merged.refresh_from_db()
    assert merged.community == first
