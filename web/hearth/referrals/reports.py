"""Reports for commissioners: counts, waits and outcomes, with small counts suppressed.

The rows read here carry no personal data (source, reasons, LSOA, dates,
scores); the figures come from ``hearthcore.prescribing`` and every count
under 5 is suppressed, on the page and in the CSV.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hearth.communities.models import CommunityArea
from hearthcore import prescribing
from hearthcore.outcomes import suppress

from .models import (
    CloseReason,
    OnwardReferral,
    Reason,
    Referral,
    Source,
    WellbeingMeasure,
)

SUPPRESSED = "<5"


@dataclass
class Report:
    start: datetime.date | None
    end: datetime.date | None
    organisation: str
    total: int | None
    by_source: pd.DataFrame
    by_reason: pd.DataFrame
    by_community: pd.DataFrame
    by_outcome: pd.DataFrame
    by_service: list[dict[str, Any]]
    first_contact: prescribing.WaitSummary
    first_conversation: prescribing.WaitSummary
    outcomes: list[prescribing.OutcomeRow]


def _communities(lsoas: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code, name in CommunityArea.objects.filter(
        community__archived__isnull=True, area__code__in=lsoas
    ).values_list("area__code", "community__name"):
        out.setdefault(code, []).append(name)
    return out


def build(
    *,
    organisations: set[int] | None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    label: str = "All organisations",
    lsoas: set[str] | None = None,
) -> Report:
    """The report for referrals received in the period, of these organisations
    (and, given ``lsoas``, of people living in those LSOAs)."""
    rows = Referral.objects.all()
    if organisations is not None:
        rows = rows.filter(organisation_id__in=organisations)
    if lsoas is not None:
        rows = rows.filter(lsoa21__in=lsoas)
    if start:
        rows = rows.filter(received_on__gte=start)
    if end:
        rows = rows.filter(received_on__lte=end)
    frame = pd.DataFrame(
        list(
            rows.values(
                "pk", "source", "reasons", "lsoa21", "received_on", "contacted_on",
                "first_conversation_on", "close_reason", "status",
            )
        ),
        columns=[
            "pk", "source", "reasons", "lsoa21", "received_on", "contacted_on",
            "first_conversation_on", "close_reason", "status",
        ],
    )  # fmt: skip
    sources = dict(Source.choices)
    by_source = prescribing.counts(
        [sources.get(s, s) for s in frame["source"]],
        order=[label for _v, label in Source.choices],
        with_total=True,
    )
    reasons = dict(Reason.choices)
    by_reason = prescribing.counts(
        [reasons.get(r, r) for rs in frame["reasons"] for r in (rs or [])],
        order=[label for _v, label in Reason.choices],
    )
    names = _communities(set(frame["lsoa21"]) - {""})
    by_community = prescribing.counts(
        [
            c
            for code in frame["lsoa21"]
            for c in (names.get(code) or ["Not in a focus community"])
        ]
    )
    closes = dict(CloseReason.choices)
    closed = frame[frame["status"] == Referral.Status.CLOSED]
    by_outcome = prescribing.counts(
        [closes.get(c, c) for c in closed["close_reason"]],
        order=[label for _v, label in CloseReason.choices],
        column="closed",
        with_total=True,
    )
    services: dict[str, dict[str, int]] = {}
    onward = OnwardReferral.objects.filter(referral__in=rows).select_related("service")
    waiting = set(
        OnwardReferral.objects.waiting()
        .filter(referral__in=rows)
        .values_list("pk", flat=True)
    )
    for o in onward:
        row = services.setdefault(
            o.service.name, {"sent": 0, "accepted": 0, "declined": 0, "waiting": 0}
        )
        row["sent"] += 1
        if o.status in (OnwardReferral.Status.ACCEPTED, OnwardReferral.Status.DECLINED):
            row[o.status] += 1
        if o.pk in waiting:
            row["waiting"] += 1
    by_service = [
        {"service": name, **{k: suppress(v) for k, v in counts.items()}}
        for name, counts in sorted(
            services.items(), key=lambda item: (-item[1]["sent"], item[0])
        )
    ]
    return Report(
        start=start,
        end=end,
        organisation=label,
        total=suppress(len(frame)),
        by_source=by_source,
        by_reason=by_reason,
        by_community=by_community,
        by_outcome=by_outcome,
        by_service=by_service,
        first_contact=prescribing.wait_summary(
            list(frame["received_on"]), list(frame["contacted_on"])
        ),
        first_conversation=prescribing.wait_summary(
            list(frame["received_on"]), list(frame["first_conversation_on"])
        ),
        outcomes=_outcomes(rows),
    )


def wellbeing(lsoas: set[str]) -> list[prescribing.OutcomeRow]:
    """Paired wellbeing change of the people referred who live in these LSOAs."""
    return _outcomes(Referral.objects.filter(lsoa21__in=lsoas))


def _outcomes(rows: Any) -> list[prescribing.OutcomeRow]:
    """First-contact against latest follow-up measures, per person."""
    measures = WellbeingMeasure.objects.filter(referral__in=rows).order_by(
        "referral_id", "on", "pk"
    )
    first: dict[int, WellbeingMeasure] = {}
    last: dict[int, WellbeingMeasure] = {}
    for m in measures:
        if m.stage == WellbeingMeasure.Stage.BASELINE:
            first.setdefault(m.referral_id, m)
        else:
            last[m.referral_id] = m
    people = [pk for pk in first if pk in last and last[pk].on >= first[pk].on]
    fields = {
        "swemwbs": "swemwbs_raw",
        "life_satisfaction": "life_satisfaction",
        "worthwhile": "worthwhile",
        "happiness": "happiness",
        "anxiety": "anxiety",
        "loneliness": "loneliness",
    }

    def values(source: dict[int, WellbeingMeasure], name: str) -> list[Any]:
        return [
            getattr(source[pk], name) or None
            if name == "loneliness"
            else getattr(source[pk], name)
            for pk in people
        ]

    return prescribing.outcome_changes(
        {measure: values(first, name) for measure, name in fields.items()},
        {measure: values(last, name) for measure, name in fields.items()},
    )


def _cell(value: Any) -> Any:
    return SUPPRESSED if value is None else value


def csv_rows(report: Report) -> tuple[list[str], list[list[Any]]]:
    """One long table: section, group, measure, value (suppressed cells "<5")."""
    header = ["section", "group", "measure", "value"]
    out: list[list[Any]] = [
        ["Referrals", report.organisation, "referrals received", _cell(report.total)]
    ]
    for section, table, column in (
        ("By source", report.by_source, "referrals"),
        ("By reason (a referral can have several)", report.by_reason, "referrals"),
        ("By community", report.by_community, "referrals"),
        ("Closed, by reason", report.by_outcome, "closed"),
    ):
        for record in table.to_dict("records"):
            out.append([section, record["group"], column, _cell(record[column])])
    for service_row in report.by_service:
        for measure in ("sent", "accepted", "declined", "waiting"):
            out.append(
                [
                    "By service",
                    service_row["service"],
                    measure,
                    _cell(service_row[measure]),
                ]
            )
    for label, wait in (
        ("Days to first contact", report.first_contact),
        ("Days to first conversation", report.first_conversation),
    ):
        out.append([label, "", "people", _cell(wait.n)])
        out.append([label, "", "still waiting", _cell(wait.waiting)])
        for measure in ("median", "mean", "p90"):
            value = getattr(wait, measure)
            out.append([label, "", measure, "" if value is None else round(value, 1)])
        out.append(
            [
                label,
                "",
                f"share within {wait.within_days} days",
                "" if wait.within is None else round(wait.within, 3),
            ]
        )
    for row in report.outcomes:
        out.append(
            [
                "Wellbeing change",
                row.label,
                "people with both measures",
                _cell(row.pairs),
            ]
        )
        if row.change is None:
            continue
        c = row.change
        for measure, value in (
            ("mean at first contact", c.mean_before),
            ("mean at follow-up", c.mean_after),
            ("mean change", c.mean_change),
            ("95% interval, low", c.ci_low),
            ("95% interval, high", c.ci_high),
            (f"share improved by at least {row.meaningful:g}", c.share_improved),
        ):
            out.append(
                [
                    "Wellbeing change",
                    row.label,
                    measure,
                    "" if value is None else round(value, 3),
                ]
            )
    return header, out
