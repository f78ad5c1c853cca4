"""360Giving exports (validated against the schema) and leverage on successful projects."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from hearth.funding import budgeting, services
from hearth.funding.models import Process
from hearth.funding.queries import awards, leverage_report
from hearthcore.giving360 import validate_package

from . import factories as f

pytestmark = pytest.mark.django_db


def close_all(*projects):
    for project in projects:
        services.close_project(project)


@pytest.fixture
def round_with_results(settings):
    """Two funds, two successful projects, one failed; a published PB vote."""
    settings.HEARTH_FUNDING_SMALLER_INCOME = 100_000
    f.england()
    astley = f.community()
    main = f.fund(name="Community Match Fund", min_backers=1, trigger_share=Decimal(25))
    green = f.fund(
        name="Green Fund",
        themes=["green_space"],
        min_backers=1,
        trigger_share=Decimal(10),
        match_percent=Decimal(10),
        match_cap=Decimal(400),
    )
    # Smaller (income £8,000): target £4,000.
    small = f.project(community=astley, postcode="PR7 1DP", lsoa21="E01000000")
    f.pledge(
        small, 1000, "a@example.org"
    )  # Green £400, Main min(2000, 2500, 2600)=£2,000
    f.pledge(small, 800, "b@example.org")
    # Not smaller (income £250,000, a charity): target £10,000, food theme.
    big = f.project(
        title="Warm hub",
        theme="food",
        target=Decimal(10000),
        proposer_kind="vcs",
        proposer_name="Chorley Help",
        charity_number="1164883",
        annual_income=Decimal(250000),
    )
    f.pledge(big, 3000, "c@example.org")  # Main: min(5000, 2500, 7000) = £2,500
    f.pledge(
        big, 5000, "d@example.org", kind="organisation", display_name="Local Firm Ltd"
    )
    f.pledge(
        big,
        700,
        "e@example.org",
        kind="organisation",
        in_kind=True,
        in_kind_description="Hall hire",
    )
    failed = f.project(title="Mural")
    f.pledge(failed, 1000, "g@example.org")  # Main £2,000: 3,000 < 4,000
    close_all(small, big, failed)
    # A participatory budgeting award.
    process = f.process([astley])
    benches = f.ballot_project(process, "Benches", 600)
    f.ballot_project(process, "Bins", 400)
    budgeting.set_phase(process, Process.Phase.REVIEW, by=None)
    budgeting.set_phase(process, Process.Phase.VOTING, by=None)
    code = budgeting.issue_paper_codes(process, count=1, batch="t", by=None)[0]
    voter = budgeting.verify_code(process, code=code, postcode="PR7 1DP")
    budgeting.cast_ballot(process, voter=voter.pk, project_ids=[benches.pk])
    budgeting.publish(process, budgeting.count(process, by=None), by=None)
    return {"main": main, "green": green, "small": small, "big": big, "failed": failed}


def test_leverage_counts_successful_projects_only(round_with_results):
    report = leverage_report()
    overall = report.overall
    # Council: small 400 + 2,000; big 2,500 = £4,900. Others: 1,800 + 8,000 = £9,800.
    assert overall.projects == 2
    assert overall.council == Decimal(4900) and overall.others == Decimal(9800)
    assert overall.per_pound == Decimal("2.00") and overall.total_per_pound == Decimal(
        "3.00"
    )
    # Smaller organisations got 2,400 of 4,900.
    assert overall.smaller_share == Decimal("0.4898")
    assert overall.in_kind == Decimal(700)  # reported, not counted
    assert report.funds["Community Match Fund"].council == Decimal(4500)
    assert report.funds["Community Match Fund"].others == Decimal(9800)
    green = report.funds["Green Fund"]
    assert (green.projects, green.council, green.others, green.per_pound) == (
        1,
        Decimal(400),
        Decimal(1800),
        Decimal("4.50"),
    )
    everything = awards()
    assert (everything.match, everything.budgeting) == (Decimal(4900), Decimal(600))


def test_the_360giving_json_validates_against_the_schema_and_has_no_personal_data(
    round_with_results, client
):
    response = client.get(reverse("funding:360giving", args=["json"]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith(
        '360giving.json"'
    )
    document = json.loads(response.content)
    assert validate_package(document) == []
    grants = document["grants"]
    # Three fund awards on successful projects (none from the failed one) and one PB award.
    assert len(grants) == 4
    ids = [g["id"] for g in grants]
    assert all(i.startswith("360G-chorleycouncil-") for i in ids)
    assert {g["fundingOrganization"][0]["id"] for g in grants} == {"GB-LAE-CHO"}
    recipients = {g["recipientOrganization"][0]["id"] for g in grants}
    assert "GB-CHC-1164883" in recipients
    assert any(r.startswith("360G-chorleycouncil-GRP-") for r in recipients)
    amounts = sorted(g["amountAwarded"] for g in grants)
    assert amounts == [400, 600, 2000, 2500]
    programmes = {g["grantProgramme"][0]["title"] for g in grants}
    assert programmes == {"Community Match Fund", "Green Fund", "Astley decides 2027"}
    lsoa = [
        loc
        for g in grants
        for loc in g.get("beneficiaryLocation", [])
        if loc["geoCodeType"] == "LSOA"
    ]
    assert lsoa and lsoa[0]["geoCode"] == "E01000000"
    text = response.content.decode()
    for personal in ("@example.org", "Pat Example", "PR7 1DP"):
        assert personal not in text


def test_the_360giving_csv_has_the_standard_columns(round_with_results, client):
    response = client.get(reverse("funding:360giving", args=["csv"]))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 4
    for column in (
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Award Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Funding Org:Identifier",
        "Funding Org:Name",
    ):
        assert all(row[column] for row in rows), column
    assert {row["Currency"] for row in rows} == {"GBP"}
    assert "@example.org" not in response.content.decode()


def test_the_export_commands_write_and_validate(round_with_results, tmp_path):
    target = tmp_path / "grants.json"
    out = StringIO()
    call_command(
        "funding",
        "export",
        "--format",
        "json",
        "--validate",
        "--out",
        str(target),
        stdout=out,
    )
    assert validate_package(json.loads(target.read_text())) == []
    out = StringIO()
    call_command("funding", "export", "--format", "csv", stdout=out)
    assert (
        out.getvalue()
        .splitlines()[0]
        .lstrip("\ufeff")
        .startswith("Identifier,Title,Description,Currency")
    )
    out = StringIO()
    call_command("funding", "leverage", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert (
        data["overall"]["per_pound"] == 2.0
        and data["overall"]["total_per_pound"] == 3.0
    )


def test_no_awards_is_a_clear_404_and_a_command_error(db, client):
    response = client.get(reverse("funding:360giving", args=["json"]))
    assert response.status_code == 404 and "No awards yet" in response.content.decode()
    with pytest.raises(CommandError, match="No awards yet"):
        call_command("funding", "export", stdout=StringIO())


def test_a_csv_title_cannot_become_a_formula(db, client):
    f.fund(min_backers=0, trigger_share=Decimal(0))
    project = f.project(title='=HYPERLINK("http://x")', summary="-5 people")
    f.pledge(project, 4000, "a@example.org")
    services.close_project(project)
    body = client.get(reverse("funding:360giving", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["Title"].startswith("'=") and row["Description"] == "'-5 people"


def test_leverage_is_empty_before_any_success(db):
    f.fund(min_backers=0, trigger_share=Decimal(0))
    live = f.project(deadline=datetime.date.today() + datetime.timedelta(days=3))
    assert live.status == "live"
    report = leverage_report()
    assert report.overall.projects == 0 and report.overall.per_pound is None
