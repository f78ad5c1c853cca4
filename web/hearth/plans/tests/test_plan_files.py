"""Plans from spreadsheets and back: import, export, the commands."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from hearth.accounts.models import Organisation
from hearth.accounts.tests.factories import OrganisationFactory
from hearth.plans import services
from hearth.plans.models import Action, Plan
from hearthcore.plans import COLUMNS, PlanFileError, read_plan_file

from . import factories

HEADER = ",".join(COLUMNS) + "\n"
GOOD = (
    HEADER
    + "Fewer home fires,Home fire safety checks,Lancashire Fire and Rescue Service,"
    "Chorley Council;Chorley Help,2025-04-01,2025-09-30,in_progress,40,involve\n"
    + "Fewer home fires,Smoke alarm fitting,Lancashire Fire and Rescue Service,,"
    "2025-04-01,2025-06-30,done,,inform\n"
    + "Healthier lives,Walking group,Chorley Help,,2025-05-01,,not_started,0,empower\n"
)


@pytest.fixture
def community(db, personas):
    return factories.community()


def _write(tmp_path, text, name="plan.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_creates_the_plan_and_reimporting_updates_it(
    community, personas, tmp_path
):
    path = _write(tmp_path, GOOD)
    out = io.StringIO()
    call_command(
        "plans", "import", str(path), "--community", str(community.pk), stdout=out
    )
    assert "3 actions added, 0 updated, 2 new objectives" in out.getvalue()
    plan = Plan.objects.get(community=community)
    checks = Action.objects.get(title="Home fire safety checks")
    assert checks.lead == personas.fire
    assert {p.name for p in checks.partners.all()} == {
        "Chorley Council",
        "Chorley Help",
    }
    assert (checks.status, checks.progress, checks.involvement) == (
        "in_progress",
        40,
        "involve",
    )
    assert Action.objects.get(title="Smoke alarm fitting").progress == 100
    assert plan.steps.get(key="plan").state == "in_progress"
    changed = _write(tmp_path, GOOD.replace("in_progress,40", "in_progress,70"))
    out = io.StringIO()
    call_command(
        "plans", "import", str(changed), "--community", str(community.pk), stdout=out
    )
    assert "0 actions added, 3 updated, 0 new objectives" in out.getvalue()
    assert Action.objects.count() == 3
    assert Action.objects.get(title="Home fire safety checks").progress == 70


def test_an_unknown_organisation_names_the_line_and_the_closest_names(
    community, personas, tmp_path
):
    path = _write(
        tmp_path,
        GOOD + "Healthier lives,Flu jabs,Lancs Fire and Rescue,NHS Trust,,,,,\n",
    )
    with pytest.raises(CommandError) as caught:
        call_command("plans", "import", str(path), "--community", str(community.pk))
    text = str(caught.value)
    assert "nothing changed" in text
    assert (
        "line 5, column lead_organisation: no organisation is called 'Lancs Fire and Rescue'"
        in text
    )
    assert "closest: Lancashire Fire and Rescue Service" in text
    assert "line 5, column partners: no organisation is called 'NHS Trust'" in text
    assert not Plan.objects.exists() and not Action.objects.exists()
    out = io.StringIO()
    call_command(
        "plans",
        "import",
        str(path),
        "--community",
        str(community.pk),
        "--create-organisations",
        stdout=out,
    )
    assert "created organisations: Lancs Fire and Rescue, NHS Trust" in out.getvalue()
    # Their kinds are read from their names (an officer can correct them).
    assert Organisation.objects.get(name="NHS Trust").kind == Organisation.Kind.NHS
    assert (
        Organisation.objects.get(name="Lancs Fire and Rescue").kind
        == Organisation.Kind.FIRE_RESCUE
    )
    assert Action.objects.count() == 4


def test_a_bad_file_changes_nothing_even_after_good_lines(
    community, personas, tmp_path
):
    plan = factories.plan(community)
    factories.action(plan, title="Existing", lead=personas.fire)
    rows = read_plan_file(GOOD.encode(), "plan.csv")
    rows.append(
        rows[0].__class__(line=9, objective="X", action="Y", lead_organisation="Nobody")
    )
    with pytest.raises(PlanFileError, match="line 9"):
        services.import_plan(community, rows, by=None)
    assert list(Action.objects.values_list("title", flat=True)) == ["Existing"]
    bad = _write(tmp_path, GOOD + "A,B,Chorley Help,,2025-02-30,,,,\n")
    with pytest.raises(
        CommandError, match=r"line 5, column start: '2025-02-30' is not a date"
    ):
        call_command("plans", "import", str(bad), "--community", str(community.pk))
    with pytest.raises(CommandError, match="There is no community 999"):
        call_command("plans", "import", str(bad), "--community", "999")


def test_export_prints_every_plan_in_the_documented_shape(
    community, personas, tmp_path
):
    call_command(
        "plans",
        "import",
        str(_write(tmp_path, GOOD)),
        "--community",
        str(community.pk),
        stdout=io.StringIO(),
    )
    out = io.StringIO()
    call_command("plans", "export", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    (item,) = data["communities"]
    assert set(item) == {"id", "name", "progress", "plan"}
    assert (item["id"], item["name"]) == (community.pk, "Clayton Brook")
    assert item["progress"] == 35.0  # (mean(40, 100) + 0) / 2
    plan = item["plan"]
    assert set(plan) == {"objectives", "milestones", "logic_model"}
    first = plan["objectives"][0]
    assert (first["title"], first["progress"]) == ("Fewer home fires", 70.0)
    assert first["actions"][0] == {
        "title": "Home fire safety checks",
        "lead": "Lancashire Fire and Rescue Service",
        "partners": ["Chorley Council", "Chorley Help"],
        "start": "2025-04-01",
        "due": "2025-09-30",
        "status": "in_progress",
        "progress": 40,
        "involvement": "involve",
    }
    assert [m["milestone"] for m in plan["milestones"]][:2] == [
        "current_state",
        "assets_vulnerabilities",
    ]
    assert plan["logic_model"]["activities"] == [
        "Home fire safety checks",
        "Smoke alarm fitting",
        "Walking group",
    ]
    assert set(plan["logic_model"]["outcomes"]) == {"short", "medium", "long"}
    with pytest.raises(CommandError, match="has no plan"):
        call_command("plans", "export", "--community", "999", "--format", "json")


def test_the_csv_export_reimports_as_it_is(community, personas, tmp_path):
    call_command(
        "plans",
        "import",
        str(_write(tmp_path, GOOD)),
        "--community",
        str(community.pk),
        stdout=io.StringIO(),
    )
    out = io.StringIO()
    import sys

    real, sys.stdout = sys.stdout, out
    try:
        call_command(
            "plans", "export", "--community", str(community.pk), "--format", "csv"
        )
    finally:
        sys.stdout = real
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["partners"] == "Chorley Council; Chorley Help"
    assert rows[0]["objective_progress"] == "70"
    again = read_plan_file(out.getvalue().encode(), "export.csv")
    assert [r.action for r in again] == [
        "Home fire safety checks",
        "Smoke alarm fitting",
        "Walking group",
    ]


def test_the_template_is_a_valid_plan_file(tmp_path):
    path = tmp_path / "template.csv"
    call_command("plans", "template", str(path), stdout=io.StringIO())
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == ",".join(COLUMNS)
    assert len(read_plan_file(path)) == 1


def test_communities_create_and_list(db, personas):
    factories.community("Existing")  # builds the areas
    out = io.StringIO()
    call_command(
        "communities",
        "create",
        "--name",
        "Chorley East",
        "--lad",
        "E07000118",
        "--areas",
        "E01000002,E01000003",
        "--reason",
        "Cabinet decision",
        stdout=out,
    )
    assert "Created community" in out.getvalue()
    out = io.StringIO()
    call_command("communities", "list", "--format", "json", stdout=out)
    listed = {c["name"]: c for c in json.loads(out.getvalue())["communities"]}
    assert listed["Chorley East"]["areas"] == ["E01000002", "E01000003"]
    assert listed["Chorley East"]["lad"] == "E07000118"
    assert listed["Chorley East"]["archived"] is None
    with pytest.raises(CommandError, match="E01000004 not in E07000118"):
        call_command(
            "communities",
            "create",
            "--name",
            "X",
            "--lad",
            "E07000118",
            "--areas",
            "E01000004",
        )
    with pytest.raises(CommandError, match="not a local authority"):
        call_command(
            "communities",
            "create",
            "--name",
            "X",
            "--lad",
            "E99999999",
            "--areas",
            "E01000002",
        )
    with pytest.raises(CommandError, match="already the community"):
        call_command(
            "communities",
            "create",
            "--name",
            "Again",
            "--lad",
            "E07000118",
            "--areas",
            "E01000003,E01000002",
        )


def test_xlsx_download_and_upload_round_trip(community, personas, client):
    plan = factories.plan(community)
    factories.action(plan, title='=HYPERLINK("http://x")', lead=personas.fire)
    OrganisationFactory(name="Chorley Help")
    client.force_login(personas.olivia)
    response = client.get(f"/plans/{community.pk}/export.xlsx")
    assert response.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["F2"].value == '\'=HYPERLINK("http://x")'  # never a formula
