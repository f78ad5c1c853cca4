"""Time Hearth's participatory budgeting counts on the real Pabulib files.

Runs on the ``.pb`` files in HEARTH_DATA_DIR/pb, without Django:

    .venv/bin/python bench/pb.py [--repeats 3] [--no-pabutools] [--no-synthetic]

For each file and rule it prints the median of ``--repeats`` timings of
``hearthcore.pb.count`` (building the ballot index included, reading the
file not), and whether the outcome reproduces the file's official
``selected`` column for its META rule. A last election is synthetic, the
size quoted for pabutools (about 2 minutes): 6,586 ballots drawn with a
fixed seed from Warszawa Ochota's, on its 64 most voted projects, with the
budget scaled up in proportion.

If pabutools is importable it also times pabutools on the same election
and rule (once: it is slow) and checks that both give the same winners.
pabutools is GPL-3.0 and not a Hearth dependency: it is in the ``bench``
dependency group only (``uv sync --group bench``, which ``make bench``
runs), and Hearth never imports it. ``make bench`` runs this script.

pabutools has no ``greedy-no-skip`` or ``-comparison`` rules, and its add1
completion (``voter_budget_increment=1``) differs slightly from Pabulib's
``equalshares/add1``: it starts from the exact equal share rather than the
whole currency units above it, and also stops at the first outcome to which
no project could be added. The row ``equalshares/add1 (pabutools variant)``
times Hearth computing pabutools' variant and compares the winners in
order; the ``equalshares/add1`` row compares with the same pabutools run,
and says ``same set`` when only the order of selection differs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

from hearthcore import pb
from hearthcore.pb import mes

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("HEARTH_DATA_DIR", ROOT.parent / "shared" / "data"))
VARIANT = "equalshares/add1 (pabutools variant)"
TARGET_SECONDS = 2.0
SYNTHETIC_VOTERS = 6586
SYNTHETIC_PROJECTS = 64


def timed(function: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times = []
    result: Any = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def show(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


class Pabutools:
    """pabutools on one election."""

    def __init__(self, election: pb.Election) -> None:
        from pabutools.election import Cost_Sat
        from pabutools.election.pabulib import parse_pabulib_from_string
        from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
        from pabutools.tiebreaking import TieBreakingRule

        instance, profile = parse_pabulib_from_string(pb.dumps(election))
        # Hearth's ties: cheaper, then more votes, then the lower id.
        tie_breaking = TieBreakingRule(
            lambda instance, profile, project: (
                project.cost,
                -profile.approval_score(project),
                mes.natural_key(project.name),
            )
        )
        common = {"sat_class": Cost_Sat, "tie_breaking": tie_breaking}
        self.rules: dict[str, Callable[[], Any]] = {
            "greedy": lambda: greedy_utilitarian_welfare(instance, profile, **common),
            "equalshares": lambda: method_of_equal_shares(instance, profile, **common),
            "equalshares/add1": lambda: method_of_equal_shares(
                instance, profile, voter_budget_increment=1, **common
            ),
        }
        self.results: dict[str, tuple[float, list[str]]] = {}

    def count(self, rule: str) -> tuple[float, list[str]] | None:
        rule = "equalshares/add1" if rule == VARIANT else rule
        if rule not in self.rules:
            return None
        if rule not in self.results:
            seconds, allocation = timed(self.rules[rule], 1)
            self.results[rule] = (seconds, [project.name for project in allocation])
        return self.results[rule]


def synthetic(source: pb.Election) -> pb.Election:
    drawn = np.random.default_rng(2023).integers(
        0, len(source.ballots), SYNTHETIC_VOTERS
    )
    keep = set(pb.greedy_order(source)[:SYNTHETIC_PROJECTS])
    ballots = tuple(
        pb.Ballot(
            str(number),
            tuple(p for p in source.ballots[index].projects if p in keep),
        )
        for number, index in enumerate(drawn.tolist(), start=1)
    )
    scale = Decimal(SYNTHETIC_VOTERS) / len(source.ballots)
    meta = {
        "description": f"{source.meta.get('description', '')} (resampled)",
        "budget": str(int(source.budget * scale)),
        "vote_type": "approval",
        "rule": "unknown",
        "currency": source.currency,
    }
    projects = tuple(p for p in source.projects if p.project_id in keep)
    return pb.Election(meta, projects, ballots)


def bench(
    label: str,
    election: pb.Election,
    repeats: int,
    use_pabutools: bool,
    slowest: list[tuple[float, str]],
) -> None:
    print(
        f"{label[:44]:44} {len(election.ballots):,} ballots, "
        f"{len(election.projects)} projects, META rule {election.rule}"
    )
    approval = election.vote_type in ("approval", "choose-1")
    rules = list(pb.RULES) if approval else ["greedy", "greedy-no-skip"]
    if approval:
        rules.insert(rules.index("equalshares/add1") + 1, VARIANT)
    reference = Pabutools(election) if use_pabutools and approval else None
    official = {p.project_id for p in election.projects if p.selected == 1}
    has_official = any(p.selected is not None for p in election.projects)
    profile = mes.ApprovalProfile.from_election(election) if approval else None
    for rule in rules:
        if rule == VARIANT:
            assert profile is not None

            def variant(profile: mes.ApprovalProfile = profile) -> list[str]:
                result = mes.equal_shares(profile, add1=True, exhaustive_stop=True)
                return [profile.ids[j] for j in result.winners]

            seconds, winners = timed(variant, repeats)
        else:
            seconds, outcome = timed(
                lambda rule=rule: pb.count(election, rule), repeats
            )
            winners = outcome.winners
        if rule.startswith("equalshares/add1"):
            slowest.append((seconds, f"{label}, {rule}"))
        theirs = reference.count(rule) if reference else None
        if theirs is None:
            same = "—"
        elif theirs[1] == winners:
            same = "yes"
        elif sorted(theirs[1]) == sorted(winners):
            same = "same set"
        else:
            same = "NO"
        note = ""
        if rule == election.rule:
            if has_official:
                match = set(winners) == official
                note = "  official outcome " + (
                    "reproduced" if match else "NOT reproduced"
                )
            else:
                note = "  (no selected column to compare with)"
        their_time = show(theirs[0]) if theirs else "—"
        print(f"{'':44} {rule:38} {show(seconds):>10} {their_time:>10}  {same}{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-pabutools", action="store_true")
    parser.add_argument("--no-synthetic", action="store_true")
    args = parser.parse_args()
    folder = DATA / "pb"
    files = sorted(folder.glob("*.pb"))
    if not files:
        sys.exit(f"No .pb files in {folder}: set HEARTH_DATA_DIR.")
    use_pabutools = not args.no_pabutools
    if use_pabutools:
        try:
            import pabutools  # noqa: F401
        except ImportError:
            use_pabutools = False
            print("pabutools is not importable: timing Hearth only.\n")
    header = (
        f"{'election':44} {'rule':38} {'Hearth':>10} {'pabutools':>10}  same winners"
    )
    print(header)
    print("-" * len(header))
    slowest: list[tuple[float, str]] = []
    elections = {}
    for path in files:
        seconds, election = timed(lambda path=path: pb.read(path), args.repeats)
        print(f"{'':44} reading {path.name[:30]}: {show(seconds)}")
        elections[path.stem] = election
        bench(path.stem, election, args.repeats, use_pabutools, slowest)
    warszawa = elections.get("Poland_Warszawa_2023_Ochota")
    if warszawa is not None and not args.no_synthetic:
        label = f"synthetic {SYNTHETIC_VOTERS:,} x {SYNTHETIC_PROJECTS} (Warszawa)"
        bench(label, synthetic(warszawa), args.repeats, use_pabutools, slowest)
    print()
    seconds, where = max(slowest)
    verdict = "OK" if seconds < TARGET_SECONDS else "TOO SLOW"
    print(
        f"Slowest Equal Shares with add1: {show(seconds)} ({where}); "
        f"target under {TARGET_SECONDS:.0f} s: {verdict}"
    )


if __name__ == "__main__":
    main()
