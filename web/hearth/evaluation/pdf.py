"""A community's evaluation as a PDF (A4), drawn with ReportLab.

The web page is the accessible version; the PDF carries the same figures,
stories and evidence for papers to a partnership board. Every string goes
through ``hearth.core.pdf.para`` (escaped) or a plain table cell.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from hearth.core.pdf import a4_document, para
from hearth.engagement.queries import LABELS

from .queries import Report


def _count(value: int | None) -> str:
    return "fewer than 5" if value is None else f"{value:,}"


def _money(value: Any) -> str:
    return f"£{float(value):,.2f}"


def _number(value: float | None, places: int = 1, signed: bool = False) -> str:
    if value is None:
        return "\u2013"
    text = f"{value:+,.{places}f}" if signed else f"{value:,.{places}f}"
    return text.replace("-", "\u2212")


def _table(rows: list[list[str]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render(report: Report) -> bytes:
    """Return the evaluation as PDF bytes."""
    styles = getSampleStyleSheet()
    normal, h2, h3 = styles["Normal"], styles["Heading2"], styles["Heading3"]
    evaluation, community = report.evaluation, report.community
    buffer = io.BytesIO()
    doc = a4_document(
        buffer,
        title=f"{evaluation.title}: {community.name}",
        subject="Community evaluation",
    )
    story: list[object] = [
        para(f"{evaluation.title}: {community.name}", styles["Title"]),
        para(
            f"{evaluation.period_start:%d %B %Y} to {evaluation.period_end:%d %B %Y}. "
            f"Produced by Hearth on {date.today():%d %B %Y}. Counts under 5 are not shown.",
            normal,
        ),
        para("Narrative", h2),
    ]
    narrative = evaluation.narrative()
    if narrative:
        for paragraph in narrative.text.split("\n\n"):
            story.append(para(paragraph.strip(), normal))
            story.append(Spacer(1, 2 * mm))
        story.append(
            para(
                f"Version {narrative.version}, {narrative.at:%d %B %Y}.",
                styles["Italic"],
            )
        )
    else:
        story.append(para("No narrative yet.", normal))

    story.append(para("The plan", h2))
    if report.plan:
        progress = report.plan.progress
        story.append(
            para(
                f"Progress {'no actions yet' if progress is None else f'{progress:.0f}%'} "
                f"across {len(report.plan.objectives)} objectives and "
                f"{len(report.plan.actions)} actions; {report.overdue} overdue. "
                + "; ".join(f"{label}: {n}" for label, n in report.actions_by_status),
                normal,
            )
        )
        rows = [["Milestone", "Reached"]] + [
            [m.title, f"{m.reached_on:%d %b %Y}" if m.reached_on else "Not yet"]
            for m in report.milestones
        ]
        story.append(_table(rows, [130, 40]))
    else:
        story.append(para("No plan yet.", normal))

    story.append(para("Engagement: whose voices were heard", h2))
    if report.reach:
        r = report.reach.reach
        text = f"{r.records:,} engagement records in the period reached {r.people_reached:,} people."
        if report.under_represented:
            text += (
                " Under-represented against the Census 2021: "
                + ", ".join(report.under_represented)
                + "."
            )
        story.append(para(text, normal))
        rows = [["Group", "Engaged", "Share engaged", "Census 2021 share"]] + [
            [
                str(LABELS.get(g.group, g.group)),
                f"{g.engaged:,}",
                "\u2013" if g.engaged_share is None else f"{g.engaged_share:.0%}",
                "\u2013" if g.census_share is None else f"{g.census_share:.0%}",
            ]
            for g in r.groups
        ]
        story.append(_table(rows, [70, 30, 35, 35]))
    else:
        story.append(para(report.reach_error, normal))

    story.append(para("Events and household requests", h2))
    if report.events:
        rows = [
            [
                "Event",
                "Start",
                "Partners",
                "Activities run",
                "People",
                "Requests",
                "Done",
            ]
        ] + [
            [
                e.event.name[:40],
                f"{e.event.start:%d %b %Y}",
                str(e.partners),
                str(e.activities_run),
                f"{e.people:,}",
                _count(e.requests),
                _count(e.done),
            ]
            for e in report.events
        ]
        story.append(_table(rows, [55, 22, 18, 24, 18, 18, 15]))
    else:
        story.append(para("No events in the period.", normal))
    story.append(
        para(
            f"Household requests from homes in the community's areas, asked in the period: "
            f"{_count(report.requests_total)}, of which done: {_count(report.requests_done)}.",
            normal,
        )
    )

    story.append(para("Social prescribing", h2))
    referrals = report.referrals
    if referrals is not None:
        story.append(
            para(
                f"Referrals received in the period: {_count(referrals.total)}.", normal
            )
        )
        rows = [["Measure", "People", "Mean change (95% interval)"]]
        for row in referrals.outcomes:
            change = row.change
            rows.append(
                [
                    row.label,
                    _count(row.pairs),
                    (
                        f"{_number(change.mean_change, 2, True)} ({_number(change.ci_low, 2, True)} "
                        f"to {_number(change.ci_high, 2, True)})"
                    )
                    if change
                    else "fewer than 5 measured twice",
                ]
            )
        if len(rows) == 1:
            rows.append(["No one measured yet", "", ""])
        story.append(_table(rows, [90, 20, 60]))

    story.append(para("Funding", h2))
    f = report.funding
    per = f["leverage"].per_pound
    story.append(
        para(
            f"Crowdfunded projects funded: {f['crowdfunded']}, raising {_money(f['raised'])}"
            + (
                f"; each £1 of council match funding drew £{float(per):.2f} from others"
                if per is not None
                else ""
            )
            + f". Participatory budgeting projects funded: {f['budgeting_projects']}, worth "
            f"{_money(f['budgeting_total'])}.",
            normal,
        )
    )

    story.append(para("Area indicators before and after", h2))
    ind = report.indicators
    if ind.summary:
        story.append(
            para(
                f"Average national percentile (100 is the most deprived), IoD 2019 against IoD 2025, "
                f"for the {ind.mapped} of {ind.total} LSOAs (2021) that map across.",
                normal,
            )
        )
        rows = [["Domain", "IoD 2019", "IoD 2025", "Change"]] + [
            [
                r["domain"],
                _number(r["before"]),
                _number(r["after"]),
                _number(r["change"], 1, True),
            ]
            for r in ind.summary
        ]
        story.append(_table(rows, [80, 30, 30, 30]))
    else:
        story.append(para(ind.error, normal))
    if ind.sources:
        story.append(
            para(
                "Sources: "
                + "; ".join(
                    f"{d.title} ({d.release}), {d.publisher}, {d.licence}"
                    for d in ind.sources
                ),
                styles["Italic"],
            )
        )

    story.append(para("Stories", h2))
    if report.stories_shown:
        for label, stories in report.stories:
            story.append(para(label, h3))
            if not stories:
                story.append(
                    para("No story from this perspective in the period.", normal)
                )
            for s in stories:
                story.append(para(f"\u201c{s.text}\u201d ({s.date:%d %b %Y})", normal))
                story.append(Spacer(1, 2 * mm))
    else:
        story.append(
            para("Stories are left out: the reader has no access to them.", normal)
        )

    story.append(para("The logic model and its evidence", h2))
    if report.outcomes:
        for term, rows_ in report.outcomes:
            story.append(para(f"{term} outcomes", h3))
            for item in rows_:
                story.append(para(item.outcome.text, styles["Heading4"]))
                if not item.evidence:
                    story.append(para("No evidence yet.", normal))
                for e in item.evidence:
                    source = f" Source: {e.source}." if e.source else ""
                    story.append(
                        para(f"{e.get_kind_display()}: {e.summary}.{source}", normal)
                    )
    else:
        story.append(para("The plan has no logic-model outcomes yet.", normal))

    story.append(para("Social value", h2))
    if not report.analyses:
        story.append(para("No SROI analysis yet.", normal))
    for v in report.analyses:
        if v.result is None:
            story.append(para(f"{v.analysis.name}: {v.error}", normal))
            continue
        ratio = (
            "not defined"
            if v.result.ratio is None
            else f"£{v.result.ratio:.2f} for every £1"
        )
        text = (
            f"{v.analysis.name}: investment {_money(v.result.investment)}, present value "
            f"{_money(v.result.present_value)}, net present value "
            f"{_money(v.result.net_present_value)}, SROI ratio {ratio} (discounted at "
            f"{float(v.analysis.discount_rate):g}% a year)."
        )
        if v.wellby is not None:
            text += f" Wellbeing valuation, beside the SROI: {_money(v.wellby)}."
        story.append(para(text, normal))
    doc.build(story)
    return buffer.getvalue()
