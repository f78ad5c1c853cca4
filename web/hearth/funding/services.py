"""Use cases for crowdfunding: proposals, review, pledges, match funds, closing.

Each function is one atomic change that writes a ``ProjectEvent``. Match
funds are reconciled after every change to a project's pledges
(``reconcile_matches``): a fund whose rule is now met pledges, and a fund
whose rule is no longer met (a backer withdrew) withdraws its pledge.
Participatory budgeting lives in ``budgeting.py``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from hearthcore.funding import match_decision

from .models import BudgetLine, Fund, Pledge, Project, ProjectEvent, ProjectPhoto


def gbp(value: Decimal | int) -> str:
    """Pounds and pence for people: £1,234.50."""
    return f"£{Decimal(value):,.2f}"


class FundingError(Exception):
    """A change that cannot be made; the message says why, for the user."""


def keyed_hash(scope: str, value: str) -> str:
    """A keyed hash (HMAC-SHA256 with the secret key): not reversible, not guessable."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()


def backer_key(email: str) -> str:
    return keyed_hash("backer", email.strip().lower())


def _event(
    project: Project, action: str, *, by: Any = None, old: str = "", note: str = ""
) -> None:
    ProjectEvent.objects.create(
        project=project,
        action=action,
        by=by if getattr(by, "is_authenticated", False) else None,
        old_status=old,
        new_status=project.status,
        note=note,
    )


def _set_status(
    project: Project, status: str, action: str, *, by: Any = None, note: str = ""
) -> None:
    old = project.status
    project.status = status
    project.save(
        update_fields=["status", "went_live", "closed", "reviewed_by", "review_note"]
    )
    _event(project, action, by=by, old=old, note=note)


@transaction.atomic
def submit_project(
    *,
    data: dict[str, Any],
    budget_lines: Iterable[tuple[str, Decimal]] = (),
    photos: Iterable[tuple[bytes, str, str]] = (),
    by: Any = None,
) -> Project:
    """Record a proposal; it waits for the council's review before going live."""
    lines = [(item.strip(), amount) for item, amount in budget_lines if item.strip()]
    project = Project.objects.create(**data, status=Project.Status.SUBMITTED)
    BudgetLine.objects.bulk_create(
        BudgetLine(project=project, item=item, amount=amount) for item, amount in lines
    )
    for image, content_type, caption in photos:
        ProjectPhoto.objects.create(
            project=project, image=image, content_type=content_type, caption=caption
        )
    _event(project, "submitted", by=by)
    return project


@transaction.atomic
def approve_project(project: Project, *, by: Any, note: str = "") -> Project:
    """Put a reviewed project live (crowdfunding) or on the ballot (budgeting)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Project.Status.SUBMITTED:
        raise FundingError(
            f"Only a project waiting for review can be approved, not one that is {project.get_status_display().lower()}."
        )
    today = timezone.localdate()
    if project.is_crowdfunding:
        if project.deadline is None or project.deadline < today:
            raise FundingError(
                "Give the project a deadline in the future before it goes live."
            )
        status = Project.Status.LIVE
    else:
        process = project.process
        if process is not None and process.phase not in (
            process.Phase.PROPOSALS,
            process.Phase.REVIEW,
        ):
            raise FundingError("Projects join the ballot before voting opens.")
        status = Project.Status.ON_BALLOT
    project.went_live = timezone.now()
    project.reviewed_by = by
    project.review_note = note
    _set_status(project, status, "approved", by=by, note=note)
    if project.is_crowdfunding:
        reconcile_matches(project, by=by)
    tell_proposer(project)
    return project


def tell_proposer(project: Project) -> None:
    """E-mail the proposer the council's decision (after the transaction commits)."""
    from django.core.mail import send_mail

    if not project.contact_email:
        return
    if project.status == Project.Status.LIVE:
        body = (
            f"{project.title} has been approved and is now live: residents and "
            f"organisations can pledge until {project.deadline:%-d %B %Y}."
        )
    elif project.status == Project.Status.ON_BALLOT:
        where = project.process.name if project.process else "the vote"
        body = f"{project.title} has been approved for the ballot in {where}."
    else:
        body = f"{project.title} has not been accepted."
    if project.review_note:
        body += f"\n\nThe council's note: {project.review_note}"
    message = (
        f"Your project: {project.title}",
        body + "\n",
        settings.DEFAULT_FROM_EMAIL,
        [project.contact_email],
    )
    transaction.on_commit(lambda: send_mail(*message, fail_silently=True))


@transaction.atomic
def reject_project(project: Project, *, by: Any, note: str) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Project.Status.SUBMITTED:
        raise FundingError("Only a project waiting for review can be turned down.")
    if not note.strip():
        raise FundingError("Say why the project was not accepted.")
    project.reviewed_by = by
    project.review_note = note
    _set_status(project, Project.Status.REJECTED, "rejected", by=by, note=note)
    tell_proposer(project)
    return project


EDITABLE = (
    "title",
    "summary",
    "description",
    "theme",
    "community",
    "location_name",
    "postcode",
    "lsoa21",
    "target",
    "deadline",
    "model",
    "proposer_kind",
    "proposer_name",
    "charity_number",
    "company_number",
    "annual_income",
    "contact_name",
    "contact_email",
)


@transaction.atomic
def edit_project(
    project: Project,
    *,
    data: dict[str, Any],
    budget_lines: Iterable[tuple[str, Decimal]],
    by: Any,
    note: str = "",
) -> Project:
    """Change a proposal before it is approved (agreed with its proposer).

    A live project is not edited: its backers pledged to what it said.
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Project.Status.SUBMITTED:
        raise FundingError("Only a project waiting for review can be changed.")
    changed = []
    for name in EDITABLE:
        if name in data and getattr(project, name) != data[name]:
            setattr(project, name, data[name])
            changed.append(name)
    project.save()
    lines = [(item.strip(), amount) for item, amount in budget_lines if item.strip()]
    old = list(project.budget_lines.values_list("item", "amount"))
    if [(i, a) for i, a in old] != lines:
        project.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(project=project, item=item, amount=amount)
            for item, amount in lines
        )
        changed.append("budget lines")
    summary = "Changed: " + ", ".join(changed) if changed else "No change"
    _event(
        project, "edited", by=by, old=project.status, note=f"{summary}. {note}".strip()
    )
    return project


@transaction.atomic
def withdraw_project(project: Project, *, by: Any, note: str) -> Project:
    """Take a live project down (the proposer asked): every pledge lapses."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Project.Status.LIVE:
        raise FundingError("Only a live project can be withdrawn.")
    if not note.strip():
        raise FundingError("Say why the project is withdrawn.")
    now = timezone.now()
    project.pledges.filter(
        status__in=[Pledge.Status.PLEDGED, Pledge.Status.UNCONFIRMED]
    ).update(status=Pledge.Status.LAPSED, status_changed=now, confirm_hash="")
    project.closed = now
    _set_status(project, Project.Status.WITHDRAWN, "withdrawn", by=by, note=note)
    return project


@dataclass(frozen=True)
class Totals:
    """What a project has raised, from others and from council funds."""

    others: Decimal
    funds: Decimal
    backers: int
    in_kind: Decimal
    in_kind_count: int

    @property
    def cash(self) -> Decimal:
        return self.others + self.funds


def totals(project: Project) -> Totals:
    standing = project.pledges.filter(status__in=Pledge.STANDING)
    cash = standing.filter(in_kind=False)
    others = cash.exclude(kind=Pledge.Kind.FUND)
    kind = standing.filter(in_kind=True)
    return Totals(
        others=others.aggregate(s=Sum("amount"))["s"] or Decimal(0),
        funds=cash.filter(kind=Pledge.Kind.FUND).aggregate(s=Sum("amount"))["s"]
        or Decimal(0),
        backers=others.exclude(backer_key="").values("backer_key").distinct().count(),
        in_kind=kind.aggregate(s=Sum("amount"))["s"] or Decimal(0),
        in_kind_count=kind.count(),
    )


def fund_committed(fund: Fund) -> Decimal:
    """What the fund has pledged and not withdrawn (live and funded projects)."""
    return fund.pledges.filter(status__in=Pledge.STANDING).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal(0)


def eligible_funds(project: Project, day: date | None = None) -> list[Fund]:
    """The open funds whose communities and themes include the project."""
    day = day or timezone.localdate()
    out = []
    for fund in Fund.objects.filter(active=True).prefetch_related("communities"):
        if not fund.is_open_on(day):
            continue
        communities = {c.pk for c in fund.communities.all()}
        if communities and project.community_id not in communities:
            continue
        if fund.themes and project.theme not in fund.themes:
            continue
        out.append(fund)
    return out


@transaction.atomic
def reconcile_matches(project: Project, *, by: Any = None) -> list[str]:
    """Pledge from each eligible fund whose rule is now met; withdraw where not.

    Return what happened, one line per change. A fund's pledge, once made,
    keeps its amount; it is withdrawn if the rule stops being met while the
    project is live (a backer withdrew), and at closing (``close_project``).
    """
    if project.status != Project.Status.LIVE:
        return []
    done: list[str] = []
    now = timezone.now()
    current = totals(project)
    funds = eligible_funds(project)
    standing = {
        p.fund_id: p
        for p in project.pledges.filter(
            kind=Pledge.Kind.FUND, status__in=Pledge.STANDING
        ).select_related("fund")
    }
    for fund in funds:
        fund = Fund.objects.select_for_update().get(pk=fund.pk)
        left = fund.budget - fund_committed(fund)
        pledge = standing.get(fund.pk)
        others_funds = sum(
            (p.amount for k, p in standing.items() if k != fund.pk), Decimal(0)
        )
        decision = match_decision(
            fund.rule(),
            target=project.target,
            raised=current.others,
            backers=current.backers,
            fund_left=left,
            other_funds=others_funds,
        )
        if pledge is None and decision.met and decision.amount > 0:
            standing[fund.pk] = Pledge.objects.create(
                project=project,
                kind=Pledge.Kind.FUND,
                fund=fund,
                display_name=fund.name,
                amount=decision.amount,
            )
            line = f"{fund.name} pledged {gbp(decision.amount)} to {project.title}. {decision.reason}"
            _event(project, "fund_pledged", by=by, note=line)
            done.append(line)
        elif pledge is not None and not decision.met:
            pledge.status = Pledge.Status.WITHDRAWN
            pledge.status_changed = now
            pledge.save(update_fields=["status", "status_changed"])
            del standing[fund.pk]
            line = f"{fund.name} withdrew its {gbp(pledge.amount)} pledge to {project.title}: the rule is no longer met. {decision.reason}"
            _event(project, "fund_withdrawn", by=by, note=line)
            done.append(line)
    # Funds no longer eligible (closed, or the rules changed) keep a pledge
    # already made: it was made under the rules published then.
    return done


@transaction.atomic
def record_pledge(
    project: Project,
    *,
    kind: str,
    amount: Decimal,
    email: str,
    display_name: str = "",
    in_kind: bool = False,
    in_kind_description: str = "",
    by: Any = None,
) -> tuple[Pledge, str]:
    """Record a pledge, waiting for the backer to confirm it from an e-mail.

    Return the pledge and the confirmation token (for the e-mailed link;
    only its keyed hash is stored). The pledge counts, and the match rules
    are applied, once it is confirmed (``confirm_pledge``).
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    today = timezone.localdate()
    if project.status != Project.Status.LIVE or (
        project.deadline is not None and project.deadline < today
    ):
        raise FundingError("This project is not taking pledges.")
    if kind not in (Pledge.Kind.RESIDENT, Pledge.Kind.ORGANISATION):
        raise FundingError("Pledges are from residents or organisations.")
    if in_kind and kind != Pledge.Kind.ORGANISATION:
        raise FundingError("Only organisations can pledge help in kind.")
    if amount <= 0:
        raise FundingError("Enter an amount more than £0.")
    if in_kind and not in_kind_description.strip():
        raise FundingError("Say what the organisation will give in kind.")
    if amount > project.target:
        raise FundingError(
            f"A pledge can be at most the project's target of {gbp(project.target)}."
        )
    token = secrets.token_urlsafe(24)
    pledge = Pledge.objects.create(
        project=project,
        kind=kind,
        amount=amount,
        email=email.strip(),
        backer_key=backer_key(email),
        display_name=display_name.strip(),
        in_kind=in_kind,
        in_kind_description=in_kind_description.strip(),
        status=Pledge.Status.UNCONFIRMED,
        confirm_hash=keyed_hash("pledge-confirm", token),
    )
    _event(
        project,
        "pledged",
        by=by,
        note=f"Pledge {pledge.pk}: {gbp(amount)}" + (" in kind" if in_kind else ""),
    )
    return pledge, token


def send_pledge_confirmation(pledge: Pledge, link: str) -> None:
    from django.core.mail import send_mail

    project = pledge.project
    send_mail(
        f"Confirm your pledge to {project.title}",
        (
            f"Please confirm your pledge of {gbp(pledge.amount)} to {project.title} "
            f"by opening this link:\n\n    {link}\n\nYour pledge counts once you confirm it. "
            "Nothing is paid through Hearth. If you did not make this pledge, ignore this e-mail.\n"
        ),
        settings.DEFAULT_FROM_EMAIL,
        [pledge.email],
    )


def find_unconfirmed(token: str) -> Pledge:
    pledge = (
        Pledge.objects.select_related("project")
        .filter(confirm_hash=keyed_hash("pledge-confirm", token), confirm_hash__gt="")
        .first()
    )
    if pledge is None or pledge.status != Pledge.Status.UNCONFIRMED:
        raise FundingError("This link has already been used, or is not right.")
    return pledge


@transaction.atomic
def confirm_pledge(token: str, *, by: Any = None) -> tuple[Pledge, list[str]]:
    """The backer confirms from the e-mailed link: the pledge counts; match rules apply."""
    pledge = find_unconfirmed(token)
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    project = Project.objects.select_for_update().get(pk=pledge.project_id)
    if pledge.status != Pledge.Status.UNCONFIRMED:
        raise FundingError("This link has already been used, or is not right.")
    if project.status != Project.Status.LIVE or (
        project.deadline is not None and project.deadline < timezone.localdate()
    ):
        raise FundingError("This project is no longer taking pledges.")
    pledge.status = Pledge.Status.PLEDGED
    pledge.confirm_hash = ""
    pledge.status_changed = timezone.now()
    pledge.save(update_fields=["status", "confirm_hash", "status_changed"])
    _event(project, "pledge_confirmed", by=by, note=f"Pledge {pledge.pk}")
    return pledge, reconcile_matches(project, by=by)


@transaction.atomic
def withdraw_pledge(pledge: Pledge, *, by: Any, note: str = "") -> list[str]:
    """Withdraw a backer's pledge (they asked); the match rules are re-applied."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.kind == Pledge.Kind.FUND:
        raise FundingError(
            "A fund's pledge follows its rule; it cannot be withdrawn by hand."
        )
    if pledge.status not in (Pledge.Status.PLEDGED, Pledge.Status.UNCONFIRMED):
        raise FundingError("Only a pledge on a live project can be withdrawn.")
    pledge.status = Pledge.Status.WITHDRAWN
    pledge.status_changed = timezone.now()
    pledge.save(update_fields=["status", "status_changed"])
    _event(
        pledge.project, "pledge_withdrawn", by=by, note=note or f"Pledge {pledge.pk}"
    )
    return reconcile_matches(pledge.project, by=by)


@transaction.atomic
def hide_name(pledge: Pledge, *, by: Any) -> Pledge:
    """Show a backer as Anonymous (a name that should not be on the page)."""
    pledge.display_name = ""
    pledge.save(update_fields=["display_name"])
    _event(pledge.project, "name_hidden", by=by, note=f"Pledge {pledge.pk}")
    return pledge


@transaction.atomic
def mark_received(pledge: Pledge, *, day: date, by: Any) -> Pledge:
    """Record that the money (paid outside Hearth) arrived."""
    if pledge.status != Pledge.Status.CONFIRMED:
        raise FundingError("Only pledges to a funded project are collected.")
    pledge.received = day
    pledge.save(update_fields=["received"])
    _event(
        pledge.project,
        "received",
        by=by,
        note=f"Pledge {pledge.pk} received {day:%d %B %Y}",
    )
    return pledge


@transaction.atomic
def close_project(project: Project, *, by: Any = None) -> str:
    """Close a live project at its deadline; return what happened.

    Target met: funded, every pledge confirmed. Missed, all or nothing:
    failed, every pledge lapses and council funds withdraw. Missed, keep
    what you raise: funded below target; the pledges of funds that pay only
    if the target is met are withdrawn, the others confirmed.
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Project.Status.LIVE:
        raise FundingError("Only a live project can be closed.")
    now = timezone.now()
    # Pledges never confirmed never counted: they are dropped, unannounced.
    project.pledges.filter(status=Pledge.Status.UNCONFIRMED).update(
        status=Pledge.Status.WITHDRAWN, status_changed=now, confirm_hash=""
    )
    reconcile_matches(project, by=by)
    current = totals(project)
    standing = project.pledges.filter(status=Pledge.Status.PLEDGED)
    met = current.cash >= project.target
    project.closed = now
    if met:
        standing.update(status=Pledge.Status.CONFIRMED, status_changed=now)
        _set_status(project, Project.Status.FUNDED, "closed_funded", by=by)
        return f"{project.title}: funded, {gbp(current.cash)} of {gbp(project.target)} pledged."
    if project.model == Project.Model.ALL_OR_NOTHING:
        withdrawn = standing.filter(kind=Pledge.Kind.FUND).update(
            status=Pledge.Status.WITHDRAWN, status_changed=now
        )
        standing.update(status=Pledge.Status.LAPSED, status_changed=now)
        _set_status(project, Project.Status.FAILED, "closed_failed", by=by)
        return (
            f"{project.title}: did not reach its target ({gbp(current.cash)} of {gbp(project.target)}); "
            f"all pledges lapsed, {withdrawn} fund pledge{'s' if withdrawn != 1 else ''} withdrawn."
        )
    conditional = standing.filter(
        kind=Pledge.Kind.FUND, fund__pays_only_if_target_met=True
    )
    withdrawn = conditional.update(status=Pledge.Status.WITHDRAWN, status_changed=now)
    standing.filter(status=Pledge.Status.PLEDGED).update(
        status=Pledge.Status.CONFIRMED, status_changed=now
    )
    kept = totals(project).cash
    _set_status(project, Project.Status.FUNDED, "closed_kept", by=by)
    return (
        f"{project.title}: closed below its target and keeps what it raised ({gbp(kept)} of {gbp(project.target)}); "
        f"{withdrawn} fund pledge{'s' if withdrawn != 1 else ''} withdrawn (they pay only if the target is met)."
    )


def tell_backers(project: Project) -> int:
    """E-mail each backer (once per address) how the project ended; return how many."""
    from django.core.mail import send_mass_mail

    pledges = project.pledges.exclude(kind=Pledge.Kind.FUND).exclude(email="")
    by_address: dict[str, list[Pledge]] = {}
    for pledge in pledges.filter(
        status__in=[Pledge.Status.CONFIRMED, Pledge.Status.LAPSED]
    ):
        by_address.setdefault(pledge.email.lower(), []).append(pledge)
    messages = []
    for address, items in by_address.items():
        amount = sum((p.amount for p in items), Decimal(0))
        if items[0].status == Pledge.Status.CONFIRMED:
            body = (
                f"{project.title} has closed and is going ahead. Thank you for your "
                f"pledge of £{amount:,.2f}. {project.proposer_name} or the council "
                "will contact you about how to pay. Nothing is taken automatically.\n"
            )
        else:
            body = (
                f"{project.title} did not reach its target, so it is not going ahead "
                f"and your pledge of £{amount:,.2f} is cancelled. You do not owe anything.\n"
            )
        messages.append(
            (
                f"{project.title}: pledging has closed",
                body,
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
        )
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)


def close_due(*, today: date | None = None, dry_run: bool = False) -> list[str]:
    """Close every live project whose deadline has passed; return what happened."""
    today = today or timezone.localdate()
    due = Project.objects.filter(
        status=Project.Status.LIVE, process__isnull=True, deadline__lt=today
    ).order_by("deadline", "pk")
    if dry_run:
        return [f"would close {p.title} (deadline {p.deadline:%d %B %Y})" for p in due]
    done = []
    for project in due:
        line = close_project(project)
        told = tell_backers(project)
        done.append(f"{line} {told} backer{'s' if told != 1 else ''} e-mailed.")
    return done
