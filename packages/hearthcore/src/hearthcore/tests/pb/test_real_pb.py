"""The real Pabulib files: reading, writing, and the official outcomes.

``selected`` in PROJECTS is the official outcome: 1 funded by the rule, 0
not. Pabulib uses 2 (or 3) for projects funded partly or from other money;
those are not part of the rule's outcome, so the comparisons below use the
projects marked 1 (none of the files here has a 2).
"""

from __future__ import annotations

import os
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from hearthcore import pb
from hearthcore.pb import explain, mes

DATA = Path(os.environ.get("HEARTH_DATA_DIR", "/work/shared/data"))
FOLDER = DATA / "pb"
pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not FOLDER.exists(), reason="no HEARTH_DATA_DIR/pb"),
]
FILES = sorted(FOLDER.glob("*.pb")) if FOLDER.exists() else []
SWIECIE = "Poland_Swiecie_2023.pb"
WARSZAWA = "Poland_Warszawa_2023_Ochota.pb"
WROCLAW = "Poland_Wroclaw_2016_Rejon_nr_13_250.pb"
TOULOUSE = "France_Toulouse_2022_1_-_Capitole_Arnaud_Bernard_Carmes.pb"


def load(name: str) -> pb.Election:
    return pb.read(FOLDER / name)


def official(election: pb.Election) -> set[str]:
    return {p.project_id for p in election.projects if p.selected == 1}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_file_reads_and_round_trips(path, tmp_path):
    election = pb.read(path)
    assert pb.loads(pb.dumps(election)) == election
    pb.write(election, tmp_path / path.name)
    assert pb.read(tmp_path / path.name) == election
    assert int(election.meta["num_projects"]) == len(election.projects)
    assert int(election.meta["num_votes"]) == len(election.ballots)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_vote_and_score_columns_match_the_ballots(path):
    election = pb.read(path)
    approvals = election.approvals()
    scores = election.scores()
    for project in election.projects:
        if "votes" in project.extra:
            assert int(project.extra["votes"]) == approvals[project.project_id]
        if "score" in project.extra:
            assert Decimal(project.extra["score"]) == scores[project.project_id]
        assert project.selected in (None, 0, 1)


def test_the_files_quirks():
    toulouse = load(TOULOUSE)
    assert toulouse.budget == Decimal("400000.0")  # costs and budget written as floats
    assert all(p.selected is None for p in toulouse.projects)  # no selected column
    wroclaw = load(WROCLAW)
    assert (
        wroclaw.project("369").name
        == 'Park ul. Żernicka, "Spacery Wieczorami" - zamontowanie oświetlenia'
    )
    assert wroclaw.vote_type == "choose-1"
    zurich = load("Switzerland_Zurich_D5.pb")
    assert zurich.vote_type == "cumulative"
    assert zurich.ballots[0].points == (Decimal(2), Decimal(2), Decimal(1))


def test_reading_warszawa_is_fast():
    start = time.perf_counter()
    election = load(WARSZAWA)
    assert time.perf_counter() - start < 1.0
    assert len(election.ballots) == 4392


def test_swiecie_equal_shares_add1_reproduces_the_official_outcome():
    election = load(SWIECIE)
    assert election.rule == "equalshares/add1"
    outcome = pb.count(election)
    assert set(outcome.winners) == official(election)
    assert len(outcome.winners) == 17
    assert outcome.to_json()["cost"] == 1_040_337
    assert outcome.endowment == 662  # virtual zloty per voter, from 419.11
    # Świecie also ran the comparison step; Equal Shares was kept.
    compared = pb.count(election, "equalshares/add1-comparison")
    assert compared.winners == outcome.winners
    assert compared.comparison is not None
    assert compared.comparison.chosen == "equalshares"
    # Neither plain greedy nor Equal Shares without completion gives it.
    assert set(pb.count(election, "greedy").winners) != official(election)
    assert set(pb.count(election, "equalshares").winners) != official(election)


def test_warszawa_greedy_reproduces_the_official_outcome():
    election = load(WARSZAWA)
    assert election.rule == "greedy"
    outcome = pb.count(election)
    assert set(outcome.winners) == official(election)
    assert outcome.to_json() == {
        "rule": "greedy",
        "budget": 3_337_317,
        "winners": outcome.winners,
        "cost": 3_336_680,
    }


def test_wroclaw_greedy_no_skip_reproduces_the_official_outcome():
    election = load(WROCLAW)
    assert election.rule == "greedy-no-skip"
    assert set(pb.count(election).winners) == official(election)
    # The four most voted projects use the whole budget, so greedy agrees.
    assert set(pb.count(election, "greedy").winners) == official(election)


def test_toulouse_greedy_has_no_official_outcome_to_compare():
    election = load(TOULOUSE)
    outcome = pb.count(election)
    assert outcome.rule == "greedy"
    assert outcome.to_json()["budget"] == 400_000
    assert outcome.winners == ["7", "5", "9", "11", "6", "13"]
    assert official(election) == set()


@pytest.mark.parametrize(
    "name",
    [
        "Switzerland_Zurich_D5.pb",
        "US_Stanford_Dataset_2022_Jersey_City_Ward_B_vote_knapsacks.pb",
    ],
)
def test_files_with_an_unknown_rule_need_one(name):
    election = load(name)
    with pytest.raises(pb.RuleError, match="META rule is 'unknown'"):
        pb.count(election)
    assert pb.count(election, "greedy").cost <= election.budget


# Outcomes computed by pabutools 1.2.3 (method_of_equal_shares with Cost_Sat,
# ties to the cheaper project then more votes; add1 = voter_budget_increment=1).
PABUTOOLS = {
    (SWIECIE, "equalshares"): ["c12", "c10", "c20", "c2", "c3", "c9", "c1", "c13", "c11", "c7", "c4", "c19", "c18"],
    (SWIECIE, "add1"): ["c12", "c10", "c20", "c21", "c2", "c13", "c3", "c1", "c9", "c11", "c4", "c7", "c19", "c5", "c17", "c18", "c14"],
    (WARSZAWA, "equalshares"): ["451", "453", "1728", "885", "621", "824", "445", "838", "306", "877", "1448", "576", "572", "1682", "575", "1048", "1072", "513", "774", "625", "597", "820", "622", "620", "1121", "1334", "568", "402", "504"],
    (WARSZAWA, "add1"): ["451", "453", "1728", "306", "885", "621", "445", "824", "838", "388", "1448", "877", "1072", "576", "593", "1682", "575", "572", "1048", "437", "774", "597", "625", "513", "622", "620", "820", "402", "1334", "1121", "568", "757", "627", "582", "403", "504", "583"],
}  # fmt: skip


@pytest.mark.parametrize("name", [SWIECIE, WARSZAWA])
def test_equal_shares_agrees_with_pabutools(name):
    election = load(name)
    assert pb.count(election, "equalshares").winners == PABUTOOLS[name, "equalshares"]
    profile = mes.ApprovalProfile.from_election(election)
    variant = mes.equal_shares(profile, add1=True, exhaustive_stop=True)
    assert [profile.ids[j] for j in variant.winners] == PABUTOOLS[name, "add1"]
    # Pabulib's add1 goes on past the first exhaustive outcome: same projects here.
    assert sorted(pb.count(election, "equalshares/add1").winners) == sorted(
        PABUTOOLS[name, "add1"]
    )


@pytest.mark.parametrize("name", [SWIECIE, TOULOUSE, WROCLAW, WARSZAWA])
def test_fast_engine_matches_exact_arithmetic_on_real_ballots(name):
    election = load(name)
    profile = mes.ApprovalProfile.from_election(election)
    final = mes.equal_shares(profile, add1=True).endowment
    endowments = [final]
    if name != WARSZAWA:  # an exact count of Warszawa takes about a second
        endowments += [profile.budget / profile.n_voters, final + 1]
        endowments += [Fraction(k) for k in range(int(final) - 60, int(final), 7)]
    for endowment in endowments:
        assert (
            mes.run(profile, endowment).winners
            == mes._exact(profile, endowment, False).winners
        )


def test_warszawa_equal_shares_add1_is_fast():
    election = load(WARSZAWA)
    start = time.perf_counter()
    outcome = pb.count(election, "equalshares/add1-comparison")
    seconds = time.perf_counter() - start
    assert outcome.runs > 100
    # Target: under 2 s on a 2-core machine (bench/pb.py measures ~0.6 s);
    # the margin keeps this test stable on a busy machine.
    assert seconds < 6.0


def test_swiecie_explanation():
    election = load(SWIECIE)
    story = explain(election, pb.count(election))
    assert [s.project_id for s in story.funded] == pb.count(election).winners
    assert "2,553 voters: 419.11 PLN each" in story.summary
    assert "to 662.00 PLN" in story.summary
    c22 = next(s for s in story.unfunded if s.project_id == "c22")
    assert c22.reason.startswith(
        "Not funded: when counting ended, its 375 supporters had "
    )
    assert "but it cost 482,037.00 PLN" in c22.reason
    first = story.funded[0]
    assert first.reason == (
        "Funded 1st: its 1,030 supporters paid the 150,000.00 PLN between them, "
        "each paying 145.63 PLN."
    )
