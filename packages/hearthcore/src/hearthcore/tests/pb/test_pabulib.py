"""Reading and writing Pabulib .pb files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hearthcore import pb
from hearthcore.pb.pabulib import Ballot, Election, Project, parse_number

SIMPLE = """META
key;value
description;Test PB
budget;1000
vote_type;approval
rule;greedy
num_projects;3
num_votes;3
PROJECTS
project_id;cost;votes;name;category;selected
1;600;2;"Benches; and bins";culture;1
2;500;2;"The ""green"" mile";greenery;0
10;300;1;Library books;culture;2
VOTES
voter_id;vote;age
a;1,2;34
b;2,10;51
c;1;
"""


def test_reads_meta_projects_and_ballots():
    election = pb.loads(SIMPLE)
    assert election.meta["description"] == "Test PB"
    assert election.budget == Decimal(1000)
    assert election.vote_type == "approval"
    assert election.rule == "greedy"
    assert election.project_ids == ["1", "2", "10"]
    first = election.project("1")
    assert first.cost == Decimal(600)
    assert first.name == "Benches; and bins"
    assert first.selected == 1
    assert first.extra == {"votes": "2", "category": "culture"}
    assert election.project("2").name == 'The "green" mile'
    assert election.project("10").selected == 2
    assert election.ballots[0] == Ballot("a", ("1", "2"), None, {"age": "34"})
    assert election.ballots[2].extra == {"age": ""}
    assert election.approvals() == {"1": 2, "2": 2, "10": 1}
    assert election.project_columns == (
        "project_id",
        "cost",
        "votes",
        "name",
        "category",
        "selected",
    )
    assert election.ballot_columns == ("voter_id", "vote", "age")


def test_round_trip_gives_the_same_election():
    election = pb.loads(SIMPLE)
    text = pb.dumps(election)
    assert pb.loads(text) == election
    assert '"Benches; and bins"' in text
    assert '"The ""green"" mile"' in text


def test_round_trip_through_a_file(tmp_path):
    election = pb.loads(SIMPLE)
    pb.write(election, tmp_path / "e.pb")
    assert pb.read(tmp_path / "e.pb") == election


def test_quirks_crlf_bom_spaces_decimal_commas_short_rows_and_trailing_commas():
    text = (
        "\ufeffMETA\r\nkey; value\r\nbudget; 1000,50\r\nvote_type; approval\r\n"
        "PROJECTS\r\nproject_id; cost; name; selected\r\n"
        "p1; 600,25; Park\r\np2; 1 200\r\n"
        "VOTES\r\nvoter_id; vote\r\nv1; p1,p2,\r\nv2;\r\n\r\n"
    )
    election = pb.loads(text)
    assert election.budget == Decimal("1000.50")
    assert election.project("p1").cost == Decimal("600.25")
    assert election.project("p1").selected is None
    assert election.project("p2").cost == Decimal(1200)
    assert election.project("p2").name == ""
    assert election.ballots[0].projects == ("p1", "p2")
    assert election.ballots[1].projects == ()
    assert pb.loads(pb.dumps(election)) == election


def test_missing_optional_columns_and_meta():
    election = pb.loads(
        "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a\n"
    )
    assert election.vote_type == "approval"
    assert election.rule is None
    assert election.currency == ""
    assert election.project("a") == Project("a", Decimal(5))


def test_points_and_scores():
    election = pb.loads(
        "META\nkey;value\nbudget;10\nvote_type;cumulative\nmax_sum_points;5\n"
        "PROJECTS\nproject_id;cost;score\na;5;3\nb;5;7\n"
        "VOTES\nvoter_id;vote;points\n1;a,b;3,2\n2;b;5\n"
    )
    assert election.ballots[0].points == (Decimal(3), Decimal(2))
    assert election.scores() == {"a": Decimal(3), "b": Decimal(7)}
    assert election.approvals() == {"a": 1, "b": 2}
    assert pb.loads(pb.dumps(election)) == election


def test_parse_number():
    assert parse_number("4000.0", "cost") == Decimal("4000.0")
    assert parse_number("1\u00a0234,5", "cost") == Decimal("1234.5")
    with pytest.raises(pb.PabulibError, match="cost must be a number, not empty"):
        parse_number("", "cost")
    with pytest.raises(pb.PabulibError, match="not 'NaN'"):
        parse_number("NaN", "cost")


BAD = [
    ("PROJECTS\n", 1, "expected the META section"),
    ("hello\n", 1, "expected the META section title"),
    ("META\nkey;value\nbudget;x\n", 3, "META budget must be a number, not 'x'"),
    ("META\nname;value\n", 2, "META header must be 'key;value'"),
    ("META\nkey;value\nbudget;1\nbudget;2\n", 4, "appears twice"),
    ("META\nkey;value\nvote_type;approval\nPROJECTS\n", 4, "META has no 'budget'"),
    ("META\nkey;value\nbudget;1\nvote_type;ranked\n", 4, "unknown vote_type 'ranked'"),
    ("META\nkey;value\nbudget;1\nVOTES\n", 4, "expected the PROJECTS section"),
    ("META\nkey;value\nbudget;1\nMETA\n", 4, "a second META section"),
    ("META\nkey;value\nbudget;1\nPROJECTS\nid;cost\n", 5, "no 'project_id' column"),
    (
        "META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost;cost\n",
        5,
        "repeats the column 'cost'",
    ),
    (
        "META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\na;ten\n",
        6,
        "cost of project 'a' must be a number",
    ),
    ("META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\na;-5\n", 6, "negative"),
    (
        "META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\na;5\na;6\n",
        7,
        "project 'a' appears twice",
    ),
    (
        "META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\na;5;x\n",
        6,
        "3 fields but the PROJECTS header has 2 columns",
    ),
    (
        "META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost;selected\na;5;yes\n",
        6,
        "selected of project 'a' must be a number",
    ),
    (
        "META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost;selected\na;5;1.5\n",
        6,
        "must be a whole number",
    ),
    (
        "META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a\n2;b\n",
        10,
        "votes for 'b', which is not in PROJECTS",
    ),
    (
        "META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a\n1;a\n",
        10,
        "voter '1' appears twice",
    ),
    (
        "META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a,a\n",
        9,
        "lists 'a' twice",
    ),
    (
        "META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;ballot\n",
        8,
        "no 'vote' column",
    ),
    (
        "META\nkey;value\nbudget;1\nvote_type;choose-1\nPROJECTS\nproject_id;cost\na;5\nb;5\nVOTES\nvoter_id;vote\n1;a,b\n",
        11,
        "chose 2 projects on a choose-1 ballot",
    ),
    (
        "META\nkey;value\nbudget;1\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n",
        9,
        "no 'points' column",
    ),
    (
        "META\nkey;value\nbudget;1\nvote_type;scoring\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote;points\n1;a;1,2\n",
        10,
        "lists 1 projects but 2 points",
    ),
    (
        "META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\na;5\n",
        6,
        "no VOTES section",
    ),
    (
        'META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost;name\na;5;"unclosed\n',
        6,
        "no VOTES section",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD)
def test_bad_input_names_the_line(text, line, message):
    with pytest.raises(pb.PabulibError, match=message) as caught:
        pb.loads(text)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"line {line}: ")


def test_read_names_the_file(tmp_path):
    path = tmp_path / "broken.pb"
    path.write_text("META\nkey;value\nbudget;lots\n", encoding="utf-8")
    with pytest.raises(pb.PabulibError, match=r"^broken\.pb, line 3: META budget"):
        pb.read(path)


def test_read_rejects_text_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.pb"
    path.write_bytes("META\nkey;value\ndescription;Łódź\n".encode("cp1250"))
    with pytest.raises(pb.PabulibError, match="line 3: not UTF-8") as caught:
        pb.read(path)
    assert caught.value.source == "latin1.pb"


def test_writer_derives_columns_for_elections_built_in_code():
    election = Election(
        meta={"budget": "10", "vote_type": "cumulative"},
        projects=(
            Project("a", Decimal(5), "Park", 1, {"category": "green"}),
            Project("b", Decimal("2.5")),
        ),
        ballots=(Ballot("v1", ("a", "b"), (Decimal(3), Decimal(1)), {"age": "40"}),),
    )
    text = pb.dumps(election)
    assert "project_id;cost;name;selected;category\n" in text
    assert "voter_id;vote;points;age\nv1;a,b;3,1;40\n" in text
    again = pb.loads(text)
    assert again.projects[0] == election.projects[0]
    # A column only some projects fill comes back empty for the others.
    assert again.projects[1] == Project("b", Decimal("2.5"), extra={"category": ""})
    assert again.ballots == election.ballots


def test_approval_election_helper():
    election = pb.approval_election(
        100, {"a": 60, "b": "40.5"}, [["a", "b"], ["b"]], rule="greedy", currency="GBP"
    )
    assert election.rule == "greedy"
    assert election.currency == "GBP"
    assert election.project("b").cost == Decimal("40.5")
    assert pb.loads(pb.dumps(election)) == election
    with pytest.raises(pb.PabulibError, match="unknown project 'z'"):
        pb.approval_election(100, {"a": 60}, [["z"]])
    with pytest.raises(KeyError):
        election.project("z")
