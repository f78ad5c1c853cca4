"""Awards as 360Giving open data (JSON package and CSV), with no personal data.

One grant per award: a council fund's confirmed pledge to a funded
crowdfunding project, and each funded project of a participatory budgeting
process run here (processes imported from Pabulib files are other places'
elections and are left out). Recipients are the proposing organisations:
``GB-CHC-`` with a charity number, ``GB-COH-`` with a company number, or
else an identifier under the council's own 360Giving prefix. Contact names
and e-mail addresses are never part of a grant.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from hearth.areas.models import Area
from hearthcore import giving360 as g

from .models import Pledge, Project


def _funder() -> g.Organisation:
    return g.Organisation(settings.HEARTH_ORG_ID, settings.HEARTH_COUNCIL_NAME)


def _recipient(project: Project) -> g.Organisation:
    if project.charity_number:
        identifier = f"GB-CHC-{project.charity_number}"
    elif project.company_number:
        identifier = f"GB-COH-{project.company_number}"
    elif project.organisation_id:
        identifier = g.grant_identifier(
            settings.HEARTH_360G_PREFIX, f"ORG-{project.organisation_id}"
        )
    else:
        identifier = g.grant_identifier(
            settings.HEARTH_360G_PREFIX, f"GRP-{project.pk}"
        )
    return g.Organisation(
        identifier,
        project.proposer_name,
        charity_number=project.charity_number,
        company_number=project.company_number,
    )


def _locations(project: Project, names: dict[str, str]) -> tuple[g.Location, ...]:
    codes = []
    if project.lsoa21:
        codes.append(project.lsoa21)
    codes.append(settings.HEARTH_COUNCIL_LAD)
    return tuple(g.Location(code, names.get(code, code)) for code in codes)


def _day(moment: Any) -> date:
    return timezone.localdate(moment) if moment is not None else timezone.localdate()


def grants() -> list[g.Grant]:
    prefix = settings.HEARTH_360G_PREFIX
    funder = _funder()
    pledges = list(
        Pledge.objects.filter(
            kind=Pledge.Kind.FUND,
            status=Pledge.Status.CONFIRMED,
            project__status=Project.Status.FUNDED,
        )
        .select_related("project", "fund")
        .order_by("pk")
    )
    winners = list(
        Project.objects.filter(
            status=Project.Status.FUNDED,
            process__isnull=False,
            process__imported_from="",
        )
        .select_related("process")
        .order_by("pk")
    )
    codes = {p.project.lsoa21 for p in pledges} | {p.lsoa21 for p in winners}
    codes.add(settings.HEARTH_COUNCIL_LAD)
    names = dict(Area.objects.filter(code__in=codes - {""}).values_list("code", "name"))
    out = []
    for pledge in pledges:
        project = pledge.project
        fund = pledge.fund
        if fund is None:  # a fund pledge always names its fund
            continue
        out.append(
            g.Grant(
                identifier=g.grant_identifier(prefix, f"FUND-{pledge.pk}"),
                title=project.title,
                description=project.summary,
                amount=pledge.amount,
                award_date=_day(project.closed),
                recipient=_recipient(project),
                funder=funder,
                beneficiary_locations=_locations(project, names),
                grant_programme=g.GrantProgramme(f"FUND-{fund.pk}", fund.name),
                from_open_call=True,
                classifications=(
                    g.Classification(
                        "Hearth themes", project.theme, project.get_theme_display()
                    ),
                ),
            )
        )
    for project in winners:
        process = project.process
        if process is None:
            continue
        out.append(
            g.Grant(
                identifier=g.grant_identifier(prefix, f"PB-{project.pk}"),
                title=project.title,
                description=project.summary,
                amount=project.target,
                award_date=_day(project.closed),
                recipient=_recipient(project),
                funder=funder,
                beneficiary_locations=_locations(project, names),
                grant_programme=g.GrantProgramme(f"PB-{process.pk}", process.name),
                from_open_call=True,
                classifications=(
                    g.Classification(
                        "Hearth themes", project.theme, project.get_theme_display()
                    ),
                ),
            )
        )
    return out


class NoGrants(ValueError):
    pass


def package() -> dict[str, Any]:
    items = grants()
    if not items:
        raise NoGrants(
            "No awards yet: nothing has been funded by a council fund or a vote."
        )
    return g.package(
        items,
        publisher=_funder(),
        title=f"{settings.HEARTH_COUNCIL_NAME}: community funding awards",
        description="Match funding for crowdfunded community projects and participatory budgeting awards, published from Hearth.",
        issued=timezone.localdate(),
    )


def json_text() -> str:
    return g.to_json(package())


def csv_table() -> tuple[list[str], list[list[str]]]:
    items = grants()
    if not items:
        raise NoGrants(
            "No awards yet: nothing has been funded by a council fund or a vote."
        )
    return g.csv_rows(items)
