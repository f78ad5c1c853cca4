"""Reports for commissioners: counts under 5 suppressed, on the page and in the CSV."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone

from hearth.areas.models import Area
from hearth.communities.models import Community, CommunityArea
from hearth.directory.models import Organization
from hearth.directory.tests.factories import make_service
from hearth.referrals import services
from hearth.referrals.models import OnwardReferral
from hearthcore.outcomes import swemwbs_metric

from .factories import make_referral


@pytest.fixture
def caseload(england, personas, other_team):
    today = timezone.localdate()
    moor = Community.objects.create(name="Chorley Moor", lad_code="E07000118")
    CommunityArea.objects.create(
        community=moor, area=Area.objects.get(code="E01000000")
    )
    service = make_service(
        Organization.objects.create(name="Walkers"), name='=HYPERLINK("x")'
    )
    made = []
    # 7 from GPs, 5 from pharmacists, 2 self-referrals (suppressed, and so one more cell).
    for i, source in enumerate(["gp"] * 7 + ["pharmacist"] * 5 + ["self"] * 2):
        received = today - datetime.timedelta(days=40 - i)
        r = make_referral(
            personas.vcs,
            source=source,
            received_on=received,
            given_name=f"Person{i}",
            postcode="PR7 1DP" if i < 9 else "",
        )
        services.record_contact(
            r,
            on=received + datetime.timedelta(days=i % 4),
            reached=True,
            way="phone",
            note="",
            by=None,
        )
        made.append(r)
    for r, (before, after) in zip(
        made[:6],
        [(14, 20), (16, 19), (18, 21), (20, 20), (15, 22), (17, 18)],
        strict=True,
    ):
        services.record_measures(
            r,
            stage="baseline",
            on=r.received_on,
            swemwbs_items=_items(before),
            ons4={"anxiety": 7},
            loneliness="often_always",
            by=None,
        )
        services.record_measures(
            r,
            stage="follow_up",
            on=today,
            swemwbs_items=_items(after),
            ons4={"anxiety": 5},
            loneliness="occasionally",
            by=None,
        )
    for r in made[:3]:
        services.refer_on(r, service=service, message="", by=None)
    services.reply(OnwardReferral.objects.first(), accepted=True, message="", by=None)
    # Another organisation's referral: commissioners count it, Liam does not.
    preston = other_team.memberships.get().organisation
    make_referral(preston, source="gp", given_name="Elsewhere")
    return made


def _items(raw: int) -> list[int]:
    items = [1] * 7
    extra = raw - 7
    for i in range(7):
        add = min(4, extra)
        items[i] += add
        extra -= add
    return items


def test_a_commissioner_sees_every_organisation_with_small_counts_suppressed(
    client, personas, caseload
):
    client.force_login(personas.olivia)
    response = client.get("/referrals/reports/")
    report = response.context["report"]
    assert report.total == 15
    sources = {r["group"]: r["referrals"] for r in report.by_source.to_dict("records")}
    # GP 8 (one in Preston), pharmacist 5, self 2 -> suppressed; so is the next smallest (5).
    assert sources == {
        "GP": 8,
        "Practice nurse": 0,
        "Pharmacist": None,
        "Social worker": 0,
        "The person themselves": None,
        "Someone else": 0,
        "Total": 15,
    }
    communities = {
        r["group"]: r["referrals"] for r in report.by_community.to_dict("records")
    }
    # Nine of Liam's, and Preston's, live in Chorley Moor's LSOA.
    assert communities == {"Chorley Moor": 10, "Not in a focus community": 5}
    text = response.content.decode()
    assert "&lt;5" in text and "Chorley Moor" in text and "Person" not in text


def test_outcomes_and_waits(client, personas, caseload):
    client.force_login(personas.liam)
    report = client.get("/referrals/reports/").context["report"]
    assert report.organisation == "Chorley Help" and report.total == 14
    rows = {r.measure: r for r in report.outcomes}
    swemwbs = rows["swemwbs"].change
    pairs = [(14, 20), (16, 19), (18, 21), (20, 20), (15, 22), (17, 18)]
    assert swemwbs.n == 6
    assert swemwbs.mean_change == pytest.approx(
        sum(swemwbs_metric(a) - swemwbs_metric(b) for b, a in pairs) / 6
    )
    assert (
        swemwbs.improved == 2 and swemwbs.ci_low < swemwbs.mean_change < swemwbs.ci_high
    )
    assert rows["anxiety"].change.improved == 6 and not rows["anxiety"].higher_is_better
    assert (
        rows["loneliness"].change.mean_change == 2
    )  # often/always (1) to occasionally (3)
    assert report.first_contact.n == 14 and report.first_contact.median == 1.0
    service = report.by_service[0]
    assert (
        service["sent"] is None and service["accepted"] is None
    )  # 3 and 1: suppressed


def test_the_csv_is_suppressed_safe_for_excel_and_has_no_personal_data(
    client, personas, caseload
):
    client.force_login(personas.olivia)
    response = client.get("/referrals/reports/social-prescribing.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "text/csv"
    )
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["section", "group", "measure", "value"]
    by = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert by[("By source", "GP", "referrals")] == "8"
    assert by[("By source", "The person themselves", "referrals")] == "<5"
    assert by[("By source", "Pharmacist", "referrals")] == "<5"
    # Every count cell is 0, 5 or more, or suppressed.
    for (section, _group, measure), value in by.items():
        if measure in (
            "referrals",
            "closed",
            "people",
            "sent",
            "accepted",
            "declined",
            "waiting",
            "still waiting",
            "people with both measures",
        ):
            assert value == "<5" or value == "0" or int(value) >= 5, (
                section,
                measure,
                value,
            )
    assert (
        "'=HYPERLINK" in text
    )  # a service name that would run as a formula is neutralised
    for name in ("Person", "Hilton", "Elsewhere", "PR7", "9434765919"):
        assert name not in text


def test_a_bad_period_is_explained(client, personas, caseload):
    client.force_login(personas.olivia)
    response = client.get(
        "/referrals/reports/",
        {
            "start_day": "1",
            "start_month": "6",
            "start_year": "2025",
            "end_day": "1",
            "end_month": "1",
            "end_year": "2025",
        },
    )
    assert (
        response.status_code == 400
        and "The end of the period must be after its start" in response.content.decode()
    )
    assert (
        client.get(
            "/referrals/reports/social-prescribing.csv",
            {"start_day": "40", "start_month": "1", "start_year": "2025"},
        ).status_code
        == 400
    )


def test_the_community_panel_shows_suppressed_counts_to_staff_who_see_analyses(
    client, personas, caseload
):
    moor = Community.objects.get(name="Chorley Moor")
    from django.test import RequestFactory

    from hearth.communities.panels import for_community

    request = RequestFactory().get("/")
    request.user = personas.olivia
    panels = {p.key: p for p in for_community(moor, request)}
    assert "referrals" in panels and "<strong>10</strong>" in panels["referrals"].html
    request.user = personas.liam  # no VIEW_ANALYSIS: no panel
    assert "referrals" not in {p.key for p in for_community(moor, request)}
