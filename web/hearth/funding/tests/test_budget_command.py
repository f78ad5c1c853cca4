"""`hearth budget count|import|export`, on small files and on Pabulib's real elections."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from hearth.funding import budgeting
from hearth.funding.models import Ballot, Process
from hearthcore import pb

SMALL = """META
key;value
description;Tiny test vote
budget;300
vote_type;approval
rule;equalshares
currency;GBP
PROJECTS
project_id;cost;name;selected
a;200;Benches;1
b;100;Bulbs;1
c;100;Bins;0
VOTES
voter_id;vote
1;a
2;a
3;b,c
"""


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "tiny.pb"
    path.write_text(SMALL, encoding="utf-8")
    return path


def run(*args):
    out = StringIO()
    call_command("budget", *args, stdout=out)
    return out.getvalue()


def test_count_prints_the_json_shape_with_the_files_rule(small):
    assert json.loads(run("count", str(small), "--format", "json")) == {
        "rule": "equalshares",
        "budget": 300,
        "winners": ["a", "b"],
        "cost": 300,
    }
    greedy = json.loads(
        run("count", str(small), "--rule", "greedy", "--format", "json")
    )
    assert greedy["rule"] == "greedy" and greedy["winners"] == ["a", "b"]
    text = run("count", str(small))
    assert "Official outcome (selected column): reproduced." in text


def test_count_explains_bad_files_and_rules(tmp_path, small):
    with pytest.raises(CommandError, match="There is no file"):
        run("count", str(tmp_path / "missing.pb"))
    broken = tmp_path / "broken.pb"
    broken.write_text(SMALL.replace("a;200", "a;two hundred"))
    with pytest.raises(
        CommandError, match=r"broken.pb, line 10: cost of project 'a' must be a number"
    ):
        run("count", str(broken))
    unknown = tmp_path / "unknown.pb"
    unknown.write_text(SMALL.replace("rule;equalshares", "rule;unknown"))
    with pytest.raises(CommandError, match="does not say which rule"):
        run("count", str(unknown))
    with pytest.raises(CommandError):
        run("count", str(small), "--rule", "borda")


@pytest.mark.django_db
def test_import_then_export_round_trips(small, tmp_path):
    printed = run("import", str(small))
    assert "Imported 3 projects and 3 ballots" in printed
    process = Process.objects.get()
    assert process.imported_from == "tiny.pb" and process.budget == 300
    target = tmp_path / "out.pb"
    run("export", str(process.pk), "--out", str(target))
    again = pb.read(target)
    original = pb.read(small)
    assert [p.project_id for p in again.projects] == ["a", "b", "c"]
    assert [(b.voter_id, b.projects) for b in again.ballots] == [
        (b.voter_id, b.projects) for b in original.ballots
    ]
    assert pb.count(again).winners == pb.count(original).winners
    with pytest.raises(CommandError, match="no budgeting process 999"):
        run("export", "999")


@pytest.mark.django_db
def test_import_refuses_other_ballot_types_and_changes_nothing(tmp_path):
    path = tmp_path / "points.pb"
    path.write_text(
        "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote;points\n1;a;3\n"
    )
    with pytest.raises(
        CommandError, match="approval ballots; this file has cumulative"
    ):
        run("import", str(path))
    assert not Process.objects.exists()


@pytest.mark.django_db
def test_the_import_page_reads_a_file_and_names_the_line_of_a_problem(
    client, personas, small
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas.olivia)
    url = reverse("funding:process-import")
    bad = SimpleUploadedFile("bad.pb", SMALL.replace("3;b,c", "3;b,z").encode())
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert (
        "line 17: voter &#x27;3&#x27; votes for &#x27;z&#x27;, which is not in PROJECTS"
        in response.content.decode()
    )
    assert not Process.objects.exists()
    good = SimpleUploadedFile("tiny.pb", small.read_bytes())
    response = client.post(url, {"file": good, "name": "Tiny"})
    process = Process.objects.get()
    assert response.status_code == 302 and process.name == "Tiny"
    manage = reverse("funding:process-manage", args=[process.pk])
    client.post(manage, {"action": "count", "rule": "equalshares"})
    result = process.latest_count()
    assert result.winners == ["a", "b"]
    body = client.get(
        reverse("funding:results", args=[process.pk]) + f"?count={result.pk}"
    ).content.decode()
    assert "This count is not published" in body
    assert (
        "its 2 supporters paid the 200.00 GBP between them" not in body
    )  # pounds, not codes
    assert (
        "its 2 supporters paid the £200.00 between them, each paying £100.00." in body
    )


# --- Pabulib's real elections (HEARTH_DATA_DIR/pb) -----------------------------


def real_file(name: str) -> Path:
    from django.conf import settings

    folder = Path(
        settings.HEARTH_DATA_DIR
        or Path(__file__).resolve().parents[5] / "shared" / "data"
    )
    path = folder / "pb" / name
    if not path.exists():
        pytest.skip(f"no {path}")
    return path


@pytest.mark.realdata
@pytest.mark.parametrize(
    "name",
    [
        "Poland_Swiecie_2023.pb",  # equalshares/add1
        "Poland_Warszawa_2023_Ochota.pb",  # greedy
        "Poland_Wroclaw_2016_Rejon_nr_13_250.pb",  # greedy-no-skip (choose-1)
    ],
)
def test_the_command_reproduces_the_official_outcomes(name):
    path = real_file(name)
    election = pb.read(path)
    result = json.loads(run("count", str(path), "--format", "json"))
    official = sorted(p.project_id for p in election.projects if p.selected == 1)
    assert sorted(result["winners"]) == official
    assert result["rule"] == election.rule and result["budget"] == int(election.budget)


@pytest.mark.realdata
@pytest.mark.django_db
def test_swiecie_imported_counted_and_exported_gives_the_official_outcome(tmp_path):
    path = real_file("Poland_Swiecie_2023.pb")
    election = pb.read(path)
    done = budgeting.import_pb(election, source=path.name)
    assert done.ballots == len(election.ballots) == Ballot.objects.count()
    result = budgeting.count(done.process, by=None)
    official = {p.project_id for p in election.projects if p.selected == 1}
    assert result.rule == "equalshares/add1" and set(result.winners) == official
    exported = pb.loads(budgeting.export_pb(done.process))
    # Approval ballots are sets; the voters keep the file's ids and order.
    assert [(b.voter_id, set(b.projects)) for b in exported.ballots] == [
        (b.voter_id, set(b.projects)) for b in election.ballots
    ]
    assert set(pb.count(exported).winners) == official
