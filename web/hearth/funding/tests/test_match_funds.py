"""Council match funds: how much, when, only if the target is met, withdrawal."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from hearth.funding import services
from hearth.funding.models import Pledge, Project

from . import factories as f

pytestmark = pytest.mark.django_db


def fund_pledges(project):
    return list(project.pledges.filter(kind=Pledge.Kind.FUND).order_by("pk"))


def test_the_fund_pledges_once_the_share_is_raised_from_enough_distinct_backers():
    fund = f.fund()  # 50% of target, cap £2,500, after 25% from 3 backers
    project = f.project()  # target £4,000: 25% is £1,000
    assert f.pledge(project, 600, "a@example.org") == []
    # The same person again (any case) is still one backer.
    assert f.pledge(project, 500, "A@Example.org") == []
    assert fund_pledges(project) == []  # £1,100 raised, but from 1 backer
    assert f.pledge(project, 10, "b@example.org") == []  # 2 backers
    changes = f.pledge(project, 10, "c@example.org")  # 3 backers, £1,120
    [match] = fund_pledges(project)
    # min(50% of £4,000, cap £2,500, £4,000 - £1,120 still needed) = £2,000
    assert match.amount == Decimal("2000.00") and match.fund == fund
    assert match.status == Pledge.Status.PLEDGED
    assert len(changes) == 1 and "Community Match Fund pledged £2,000.00" in changes[0]
    # It pledges once, however many pledges follow.
    f.pledge(project, 50, "d@example.org")
    assert len(fund_pledges(project)) == 1


def test_the_cap_in_pounds_and_the_fund_budget_limit_the_pledge():
    f.fund(
        match_percent=Decimal(50),
        match_cap=Decimal(1500),
        min_backers=0,
        trigger_share=Decimal(10),
    )
    big = f.project(target=Decimal(10000))
    f.pledge(big, 1000, "a@example.org")
    assert fund_pledges(big)[0].amount == Decimal("1500.00")  # the cap, not £5,000


def test_a_fund_never_pledges_more_than_it_has_left():
    fund = f.fund(budget=Decimal(2500), min_backers=0, trigger_share=Decimal(0))
    first = f.project()
    second = f.project(title="Second")
    third = f.project(title="Third")
    assert fund_pledges(first)[0].amount == Decimal("2000.00")  # pledged at go-live
    assert fund_pledges(second)[0].amount == Decimal("500.00")  # what was left
    assert fund_pledges(third) == []  # nothing left
    assert services.fund_committed(fund) == Decimal(2500)


def test_only_eligible_funds_pledge():
    astley = None
    f.england()
    astley = f.community()
    other = f.community("Chorley East", ("E01000002",))
    f.fund(
        name="Astley only",
        communities=[astley],
        min_backers=0,
        trigger_share=Decimal(0),
    )
    f.fund(name="Food only", themes=["food"], min_backers=0, trigger_share=Decimal(0))
    f.fund(
        name="Closed",
        min_backers=0,
        trigger_share=Decimal(0),
        closes=timezone.localdate() - datetime.timedelta(days=1),
    )
    park = f.project(community=other)  # green space, not Astley
    assert fund_pledges(park) == []
    here = f.project(community=astley, title="Astley planters")
    assert [p.fund.name for p in fund_pledges(here)] == ["Astley only"]


def test_in_kind_pledges_do_not_count_towards_the_trigger_or_target():
    f.fund(min_backers=1, trigger_share=Decimal(25))
    project = f.project()
    f.pledge(
        project,
        3000,
        "hall@example.org",
        kind="organisation",
        in_kind=True,
        in_kind_description="Our hall",
    )
    assert fund_pledges(project) == []
    totals = services.totals(project)
    assert totals.cash == 0 and totals.in_kind == Decimal(3000)
    with pytest.raises(services.FundingError, match="Only organisations"):
        f.pledge(project, 10, "x@example.org", in_kind=True, in_kind_description="x")


def test_the_fund_withdraws_if_a_backer_withdrawal_breaks_its_rule():
    f.fund(min_backers=2, trigger_share=Decimal(25))
    project = f.project()
    f.pledge(project, 900, "a@example.org")
    f.pledge(project, 200, "b@example.org")
    [match] = fund_pledges(project)
    assert match.status == Pledge.Status.PLEDGED
    backer = project.pledges.get(email="b@example.org")
    changes = services.withdraw_pledge(backer, by=None)
    match.refresh_from_db()
    assert match.status == Pledge.Status.WITHDRAWN
    assert "no longer met" in changes[0]
    # A fund's own pledge is never withdrawn by hand.
    with pytest.raises(services.FundingError):
        services.withdraw_pledge(match, by=None)


def close(today):
    out = StringIO()
    call_command("funding", "close", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


def test_closing_a_project_that_met_its_target_confirms_every_pledge():
    f.fund(min_backers=1, trigger_share=Decimal(25))
    project = f.project()
    f.pledge(project, 1500, "a@example.org")  # fund adds min(2000, 2500, 2500) = £2,000
    f.pledge(project, 600, "b@example.org")  # £4,100 in all
    dry = StringIO()
    call_command(
        "funding",
        "close",
        "--dry-run",
        "--today",
        (project.deadline + datetime.timedelta(days=1)).isoformat(),
        stdout=dry,
    )
    assert "would close Astley Park planters" in dry.getvalue()
    project.refresh_from_db()
    assert project.status == Project.Status.LIVE  # a dry run changes nothing
    printed = close(project.deadline + datetime.timedelta(days=1))
    project.refresh_from_db()
    assert project.status == Project.Status.FUNDED
    assert "funded, £4,100.00 of £4,000.00 pledged" in printed
    assert set(project.pledges.values_list("status", flat=True)) == {
        Pledge.Status.CONFIRMED
    }
    assert "2 backers e-mailed" in printed
    assert {m.to[0] for m in mail.outbox} == {"a@example.org", "b@example.org"}
    assert "going ahead" in mail.outbox[0].body


def test_an_all_or_nothing_project_that_misses_fails_and_the_fund_withdraws():
    f.fund(min_backers=1, trigger_share=Decimal(25))
    project = f.project()
    f.pledge(project, 1000, "a@example.org")  # + £2,000 from the fund = £3,000 < £4,000
    assert len(fund_pledges(project)) == 1
    # Not yet: the deadline day itself still takes pledges.
    assert close(project.deadline) == "No live project is past its deadline.\n"
    printed = close(project.deadline + datetime.timedelta(days=1))
    project.refresh_from_db()
    assert project.status == Project.Status.FAILED
    assert (
        "did not reach its target" in printed and "1 fund pledge withdrawn" in printed
    )
    assert fund_pledges(project)[0].status == Pledge.Status.WITHDRAWN
    assert project.pledges.get(email="a@example.org").status == Pledge.Status.LAPSED
    assert "You do not owe anything" in mail.outbox[0].body
    # A failed project takes no more pledges.
    with pytest.raises(services.FundingError):
        f.pledge(project, 5, "late@example.org")


def test_keep_what_you_raise_keeps_pledges_but_a_conditional_fund_withdraws():
    f.fund(name="Only if met", min_backers=1, trigger_share=Decimal(25))
    f.fund(
        name="Pays anyway",
        min_backers=1,
        trigger_share=Decimal(25),
        pays_only_if_target_met=False,
        match_cap=Decimal(500),
    )
    project = f.project(model=Project.Model.KEEP)
    f.pledge(project, 1000, "a@example.org")
    assert {p.fund.name for p in fund_pledges(project)} == {
        "Only if met",
        "Pays anyway",
    }
    # £1,000 + £2,000 + £500 (capped) = £3,500 < £4,000
    printed = close(project.deadline + datetime.timedelta(days=1))
    project.refresh_from_db()
    assert project.status == Project.Status.FUNDED
    statuses = {p.fund.name: p.status for p in fund_pledges(project)}
    assert statuses == {
        "Only if met": Pledge.Status.WITHDRAWN,
        "Pays anyway": Pledge.Status.CONFIRMED,
    }
    assert "keeps what it raised (£1,500.00 of £4,000.00)" in printed


def test_pledges_need_a_live_project_and_a_positive_amount():
    project = f.project(live=False)
    with pytest.raises(services.FundingError, match="not taking pledges"):
        f.pledge(project, 10, "a@example.org")
    services.approve_project(project, by=None)
    with pytest.raises(services.FundingError, match="more than £0"):
        f.pledge(project, 0, "a@example.org")
