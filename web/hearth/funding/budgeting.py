"""Participatory budgeting: phases, voter codes, secret ballots, counts.

Voter codes are random, shown once (in an e-mail, or printed for a drop-in)
and stored only as keyed hashes; the e-mail address is never stored, only
its keyed hash, so that one address gets one code per process. Casting a
ballot marks the code used and stores the ballot with no link to the code
and only the day it was cast, in one transaction: one ballot per verified
person, and nobody can tell from the database how anyone voted.

Counting builds a Pabulib election from the ballots and calls the core
(``hearthcore.pb``); the same election is what ``export_pb`` writes.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from hearth.areas.models import Postcode
from hearth.audit.services import record
from hearthcore import pb
from hearthcore.assets.schema import format_postcode
from hearthcore.text import normalise_postcode

from .models import Ballot, Count, Process, Project, ProjectEvent, VoterCode
from .services import FundingError, keyed_hash

# No 0/O, 1/I/L: codes are read off paper and typed.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


class NotEligible(FundingError):
    pass


class AlreadyVoted(FundingError):
    pass


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def clean_code(text: str) -> str:
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == CODE_LENGTH else raw


def code_hash(process: Process, code: str) -> str:
    return keyed_hash(f"vote-code:{process.pk}", clean_code(code))


def email_hash(process: Process, email: str) -> str:
    return keyed_hash(f"voter-email:{process.pk}", email.strip().lower())


def check_postcode(process: Process, postcode: str) -> str:
    """Return the postcode's LSOA if it lies in the process's communities.

    Raise NotEligible with a message for the resident otherwise.
    """
    shown = format_postcode(postcode)
    if not shown:
        raise NotEligible("Enter a full UK postcode, like PR7 1DP.")
    place = Postcode.objects.filter(postcode=normalise_postcode(postcode)).first()
    if place is None or not place.lsoa21:
        raise NotEligible(
            f"We could not find the postcode {shown}. Check it and try again."
        )
    codes = process.lsoa_codes()
    if place.lsoa21 not in codes:
        names = (
            ", ".join(c.name for c in process.communities.all())
            or "the chosen communities"
        )
        raise NotEligible(
            f"{shown} is not in the area of this vote. Only residents of {names} can vote."
        )
    return place.lsoa21


def _voting_open(process: Process) -> None:
    today = timezone.localdate()
    if process.phase != Process.Phase.VOTING:
        raise FundingError("Voting is not open.")
    if process.voting_opens and today < process.voting_opens:
        raise FundingError(f"Voting opens on {process.voting_opens:%-d %B %Y}.")
    if process.voting_closes and today > process.voting_closes:
        raise FundingError(f"Voting closed on {process.voting_closes:%-d %B %Y}.")


@transaction.atomic
def issue_email_code(process: Process, *, email: str, postcode: str, link: str) -> None:
    """Check the postcode and e-mail a new code (replacing an unused one).

    Raise NotEligible for a postcode outside the area and AlreadyVoted when
    the address's code has been used.
    """
    _voting_open(process)
    check_postcode(process, postcode)
    digest = email_hash(process, email)
    previous = list(
        VoterCode.objects.select_for_update().filter(
            process=process, email_hash=digest, revoked=False
        )
    )
    if any(v.used for v in previous):
        raise AlreadyVoted(
            "A ballot has already been cast with the code sent to this address."
        )
    for old in previous:
        old.revoked = True
        old.save(update_fields=["revoked"])
    code = new_code()
    VoterCode.objects.create(
        process=process,
        code_hash=code_hash(process, code),
        channel=VoterCode.Channel.EMAIL,
        email_hash=digest,
    )
    send_mail(
        f"Your voting code for {process.name}",
        (
            f"Your code to vote in {process.name} is:\n\n    {code}\n\n"
            f"Vote at {link}\n\nThe code works once. If you did not ask for it, "
            "you can ignore this e-mail.\n"
        ),
        settings.DEFAULT_FROM_EMAIL,
        [email.strip()],
    )


@transaction.atomic
def issue_paper_codes(
    process: Process, *, count: int, batch: str, by: Any
) -> list[str]:
    """Make codes to print for a drop-in; they are shown once, never stored."""
    if not 1 <= count <= 2000:
        raise FundingError("Make between 1 and 2,000 codes at a time.")
    if process.phase not in (
        Process.Phase.REVIEW,
        Process.Phase.VOTING,
        Process.Phase.PROPOSALS,
    ):
        raise FundingError("Voting in this process is over.")
    codes = [new_code() for _ in range(count)]
    VoterCode.objects.bulk_create(
        VoterCode(
            process=process,
            code_hash=code_hash(process, code),
            channel=VoterCode.Channel.PAPER,
            batch=batch.strip(),
        )
        for code in codes
    )
    record(
        "create",
        actor=by,
        object_type="funding.votercode",
        object_id=str(process.pk),
        label=f"{count} paper voting codes for budgeting process {process.pk}",
        personal=True,
        changes={"batch": batch.strip(), "count": count},
    )
    return codes


def find_code(process: Process, code: str) -> VoterCode:
    """Return the unused code, or raise FundingError saying what is wrong."""
    found = VoterCode.objects.filter(
        process=process, code_hash=code_hash(process, code)
    ).first()
    if found is None or found.revoked:
        raise FundingError("That code is not right. Check it, or ask for a new one.")
    if found.used:
        raise AlreadyVoted("That code has already been used to vote.")
    return found


def check_choices(process: Process, chosen: list[Project]) -> None:
    if not chosen:
        raise FundingError("Choose at least one project.")
    if (
        process.ballot_kind == Process.BallotKind.UP_TO_K
        and len(chosen) > process.max_choices
    ):
        raise FundingError(
            f"Choose up to {process.max_choices} projects; you chose {len(chosen)}."
        )
    if process.ballot_kind == Process.BallotKind.WITHIN_BUDGET:
        total = sum((p.target for p in chosen), Decimal(0))
        if total > process.budget:
            raise FundingError(
                f"The projects you chose cost £{total:,.0f} together, more than the £{process.budget:,.0f} budget."
            )


def verify_code(process: Process, *, code: str, postcode: str = "") -> VoterCode:
    """Check a code before showing the ballot (and the postcode, for paper codes).

    Paper codes were handed out without a postcode check, so the postcode is
    checked here; e-mail codes were checked when they were sent.
    """
    _voting_open(process)
    voter = find_code(process, code)
    if voter.channel == VoterCode.Channel.PAPER:
        check_postcode(process, postcode)
    return voter


@transaction.atomic
def cast_ballot(process: Process, *, voter: int, project_ids: Iterable[int]) -> Ballot:
    """Use a verified code once and store a secret ballot."""
    _voting_open(process)
    code = (
        VoterCode.objects.select_for_update().filter(pk=voter, process=process).first()
    )
    if code is None or code.revoked:
        raise FundingError("Your code is no longer valid. Enter it again.")
    if code.used:
        raise AlreadyVoted("That code has already been used to vote.")
    wanted = set(project_ids)
    chosen = list(process.ballot_projects().filter(pk__in=wanted))
    if len(chosen) != len(wanted):
        raise FundingError("Choose projects from this ballot.")
    check_choices(process, chosen)
    today = timezone.localdate()
    code.used = True
    code.used_on = today
    code.save(update_fields=["used", "used_on"])
    ballot = Ballot.objects.create(process=process, cast_on=today)
    ballot.projects.set(chosen)
    return ballot


def _meta(process: Process) -> dict[str, str]:
    meta = {
        "description": process.name,
        "country": "United Kingdom",
        "unit": settings.HEARTH_COUNCIL_NAME,
        "instance": str(process.created.year),
        "num_projects": "",
        "num_votes": "",
        "budget": f"{process.budget.normalize():f}",
        "vote_type": "approval",
        "rule": process.rule,
        "currency": process.currency,
    }
    if process.ballot_kind == Process.BallotKind.UP_TO_K:
        meta["max_length"] = str(process.max_choices)
    if process.voting_opens:
        meta["date_begin"] = f"{process.voting_opens:%d.%m.%Y}"
    if process.voting_closes:
        meta["date_end"] = f"{process.voting_closes:%d.%m.%Y}"
    if process.imported_from:
        meta = {**process.meta, "budget": meta["budget"], "rule": process.rule}
    return meta


def election(process: Process, *, with_selected: bool = False) -> pb.Election:
    """The process as a Pabulib election (ballots anonymous, in random order).

    With ``with_selected`` and published results, the ``selected`` column
    holds the official outcome, as in Pabulib's own files.
    """
    projects = list(process.ballot_projects())
    result = process.latest_count() if with_selected else None
    published = result is not None and result.published
    winners = set(result.winners) if published and result is not None else set()
    ids = {p.pk: p.ballot_id() for p in projects}
    chosen: dict[Any, list[str]] = {}
    through = Ballot.projects.through
    for ballot_id, project_id in (
        through.objects.filter(ballot__process=process)
        .order_by("ballot_id", "project_id")
        .values_list("ballot_id", "project_id")
    ):
        if project_id in ids:
            chosen.setdefault(ballot_id, []).append(ids[project_id])
    labels = dict(process.ballots.values_list("id", "voter_label"))
    ordered = sorted(labels, key=str)  # random (UUID) order: not the order cast
    if process.imported_from:
        order = {label: i for i, label in enumerate(process.meta.get("_voters", []))}
        ordered.sort(key=lambda b: order.get(labels[b], len(order)))
    ballots = tuple(
        pb.Ballot(labels[b] or str(number), tuple(chosen.get(b, ())))
        for number, b in enumerate(ordered, start=1)
    )
    votes: dict[str, int] = dict.fromkeys(ids.values(), 0)
    for ballot in ballots:
        for pid in ballot.projects:
            votes[pid] += 1
    items = tuple(
        pb.Project(
            project_id=p.ballot_id(),
            cost=p.target,
            name=p.title,
            selected=(1 if p.ballot_id() in winners else 0) if published else None,
            extra={"votes": str(votes[p.ballot_id()])},
        )
        for p in projects
    )
    meta = {k: v for k, v in _meta(process).items() if k != "_voters"}
    meta["num_projects"] = str(len(items))
    meta["num_votes"] = str(len(ballots))
    columns = ("project_id", "cost", "name", "votes") + (
        ("selected",) if published else ()
    )
    return pb.Election(
        meta={k: str(v) for k, v in meta.items() if v != ""},
        projects=items,
        ballots=ballots,
        project_columns=columns,
        ballot_columns=("voter_id", "vote"),
    )


def export_pb(process: Process) -> str:
    return pb.dumps(election(process, with_selected=True))


@transaction.atomic
def count(process: Process, *, by: Any, rule: str | None = None) -> Count:
    """Count the ballots and store the outcome with its explanation."""
    if process.phase not in (Process.Phase.VOTING, Process.Phase.RESULTS):
        raise FundingError("Count a process once voting has started.")
    if not process.ballots.exists():
        raise FundingError("There are no ballots to count.")
    data = election(process)
    try:
        outcome = pb.count(data, rule or process.rule)
    except pb.RuleError as error:
        raise FundingError(str(error)) from None
    story = pb.explain(data, outcome)
    return Count.objects.create(
        process=process,
        rule=outcome.rule,
        winners=outcome.winners,
        cost=outcome.cost,
        ballots=len(data.ballots),
        explanation=story.to_dict(),
        counted_by=by,
    )


@transaction.atomic
def publish(process: Process, result: Count, *, by: Any) -> Process:
    """Publish a count: winners become funded projects, the others not selected."""
    if result.process_id != process.pk:
        raise FundingError("That count is of another process.")
    if process.counts.filter(published=True).exists():
        raise FundingError("The results of this process are already published.")
    if process.ballots.count() != result.ballots:
        raise FundingError("Ballots were cast after this count: count again first.")
    now = timezone.now()
    winners = set(result.winners)
    for project in process.ballot_projects():
        old = project.status
        if project.ballot_id() in winners:
            project.status = Project.Status.FUNDED
        else:
            project.status = Project.Status.NOT_SELECTED
        project.closed = now
        project.save(update_fields=["status", "closed"])
        ProjectEvent.objects.create(
            project=project,
            action="vote_result",
            by=by,
            old_status=old,
            new_status=project.status,
            note=f"{process.name}: {'funded' if project.status == Project.Status.FUNDED else 'not selected'} ({result.rule})",
        )
    result.published = True
    result.save(update_fields=["published"])
    # Retention: once the vote is over the codes (and the e-mail hashes that
    # stopped an address voting twice) have no purpose. Keep only the counts.
    codes = process.voter_codes.all()
    issued = codes.filter(revoked=False).count()
    used = codes.filter(used=True).count()
    deleted = codes.count()
    codes.delete()
    record(
        "delete",
        actor=by,
        object_type="funding.votercode",
        object_id=str(process.pk),
        label=f"{deleted} voting codes of budgeting process {process.pk}, deleted when its results were published",
        personal=True,
    )
    process.meta = {**process.meta, "codes_issued": issued, "codes_used": used}
    process.phase = Process.Phase.RESULTS
    process.save(update_fields=["phase", "meta"])
    return process


PHASES = [p.value for p in Process.Phase]


@transaction.atomic
def set_phase(process: Process, phase: str, *, by: Any) -> Process:
    """Move a process to the next phase (or back one, before results)."""
    if phase not in PHASES:
        raise FundingError("Unknown phase.")
    if phase == Process.Phase.RESULTS:
        raise FundingError("Publish a count to show the results.")
    if process.phase == Process.Phase.RESULTS:
        raise FundingError("The results are published; the process is finished.")
    now, new = PHASES.index(process.phase), PHASES.index(phase)
    if abs(new - now) != 1:
        raise FundingError("Move one phase at a time.")
    if process.phase == Process.Phase.VOTING and new < now and process.ballots.exists():
        raise FundingError("Ballots have been cast: the ballot can no longer change.")
    if phase == Process.Phase.VOTING and not process.ballot_projects().exists():
        raise FundingError(
            "Approve at least one project for the ballot before voting opens."
        )
    if phase == Process.Phase.VOTING and not process.lsoa_codes():
        raise FundingError("Choose the communities whose residents can vote first.")
    old = process.phase
    process.phase = phase
    process.save(update_fields=["phase"])
    record(
        "update",
        obj=process,
        actor=by,
        changes={"phase": [old, phase]},
    )
    return process


@dataclass(frozen=True)
class Imported:
    process: Process
    projects: int
    ballots: int


@transaction.atomic
def import_pb(
    data: pb.Election, *, name: str = "", source: str = "", by: Any = None
) -> Imported:
    """Create a process from a Pabulib election, with its ballots, ready to count.

    Only approval and choose-1 ballots (what Hearth's ballots are) are read.
    """
    if data.vote_type not in ("approval", "choose-1"):
        raise FundingError(
            f"Hearth's ballots are approval ballots; this file has {data.vote_type} ballots."
        )
    rule = (data.rule or "").lower()
    if rule not in pb.RULES or rule == "greedy-no-skip":
        rule = (
            Process.Rule.GREEDY
            if rule.startswith("greedy")
            else Process.Rule.EQUAL_SHARES_ADD1
        )
    title = (
        name.strip() or data.meta.get("description") or source or "Imported election"
    )
    max_length = data.meta.get("max_length", "")
    process = Process.objects.create(
        name=title[:200],
        description=data.meta.get("comment", ""),
        budget=data.budget,
        currency=data.currency or "GBP",
        phase=Process.Phase.VOTING,
        ballot_kind=Process.BallotKind.UP_TO_K
        if max_length.isdigit()
        else Process.BallotKind.WITHIN_BUDGET,
        max_choices=int(max_length) if max_length.isdigit() else len(data.projects),
        rule=rule,
        imported_from=source[:300] or "a Pabulib file",
        meta={**data.meta, "_voters": [b.voter_id for b in data.ballots]},
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    rows = {}
    for item in data.projects:
        rows[item.project_id] = Project(
            process=process,
            pb_id=item.project_id,
            title=(item.name or f"Project {item.project_id}")[:140],
            summary=(item.extra.get("category") or item.name or item.project_id)[:300],
            description=item.name or item.project_id,
            target=item.cost,
            proposer_name="(imported)",
            status=Project.Status.ON_BALLOT,
        )
    Project.objects.bulk_create(rows.values())
    saved = {p.pb_id: p.pk for p in process.projects.all()}
    ballots = [
        Ballot(process=process, voter_label=b.voter_id[:60]) for b in data.ballots
    ]
    Ballot.objects.bulk_create(ballots, batch_size=2000)
    through = Ballot.projects.through
    links = [
        through(ballot_id=ballot.pk, project_id=saved[pid])
        for ballot, source_ballot in zip(ballots, data.ballots, strict=True)
        for pid in source_ballot.projects
    ]
    through.objects.bulk_create(links, batch_size=5000)
    record(
        "import",
        obj=process,
        actor=by,
        changes={"projects": len(rows), "ballots": len(ballots)},
    )
    return Imported(process, len(rows), len(ballots))
