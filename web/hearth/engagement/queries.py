"""Read engagement: the reach against the Census, lists, exports, drop-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone

from hearth.areas.models import Indicator
from hearth.areas.queries import column
from hearth.communities.models import Community
from hearthcore import engagement as core
from hearthcore import reach as core_reach

from .models import AGE_FIELDS, ETHNIC_FIELDS, Activity, DropInSite, StoryQuerySet

CENSUS_KINDS = {
    "age": "census2021_age",
    "ethnicity": "census2021_ethnicity",
    "disability": "census2021_disability",
}


class ReachError(ValueError):
    pass


def census_for(codes: list[str]) -> dict[str, int]:
    """Residents per reach group (age band, ethnic group, disability) summed
    over these LSOAs (2021), from the loaded Census 2021 tables.

    Raises ReachError when a table is not loaded or an LSOA is missing.
    """
    out: dict[str, int] = {}
    for dimension, kind in CENSUS_KINDS.items():
        indicators = list(
            Indicator.objects.filter(dataset__kind=kind)
            .select_related("dataset")
            .defer("values")
        )
        if not indicators:
            raise ReachError(
                f"The Census 2021 {dimension} table is not loaded "
                f"(import {kind} with `hearth data load`)"
            )
        found = 0
        for indicator in indicators:
            try:
                group = core_reach.group_for_label(indicator.label)
            except ValueError:
                continue  # shares and totals
            values = column(indicator).reindex(codes)
            if values.isna().any():
                missing = list(values.index[values.isna()])[:3]
                raise ReachError(
                    f"The Census 2021 {dimension} table has no figures for {', '.join(missing)}"
                )
            out[group] = round(float(values.sum()))
            found += 1
        if found < len(core_reach.GROUPS[dimension]):
            raise ReachError(f"The Census 2021 {dimension} table lacks some groups")
    return out


def activities(
    community: Community, start: date | None = None, end: date | None = None
) -> QuerySet[Activity]:
    rows = Activity.objects.filter(community=community)
    if start:
        rows = rows.filter(date__gte=start)
    if end:
        rows = rows.filter(date__lte=end)
    return rows


def _record(activity: Activity) -> dict[str, Any]:
    return {
        "people": activity.people,
        "age": activity.breakdown(AGE_FIELDS) or {},
        "ethnicity": activity.breakdown(ETHNIC_FIELDS) or {},
        "disabled": activity.disabled,
    }


@dataclass
class ReachResult:
    community: Community
    start: date | None
    end: date | None
    reach: core_reach.Reach

    def rows(self, dimension: str) -> list[core_reach.GroupReach]:
        return [g for g in self.reach.groups if g.dimension == dimension]

    def to_json(self) -> dict[str, Any]:
        def group(row: core_reach.GroupReach) -> dict[str, Any]:
            return {
                "group": row.group,
                "engaged": row.engaged,
                "engaged_share": row.engaged_share,
                "census_share": row.census_share,
                "ratio": row.ratio,
                "under_represented": row.under_represented,
            }

        r = self.reach
        return {
            "community": self.community.pk,
            "community_name": self.community.name,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "records": r.records,
            "people_reached": r.people_reached,
            "with_age_breakdown": r.with_age_breakdown,
            "with_ethnicity_breakdown": r.with_ethnicity_breakdown,
            "with_disability_breakdown": r.with_disability_breakdown,
            "records_without_age_breakdown": r.records_without_age_breakdown,
            "records_without_ethnicity_breakdown": r.records_without_ethnicity_breakdown,
            "age": [group(g) for g in self.rows("age")],
            "ethnicity": [group(g) for g in self.rows("ethnicity")],
            "disability": [group(g) for g in self.rows("disability")],
        }


def reach(
    community: Community, start: date | None = None, end: date | None = None
) -> ReachResult:
    """Whose voices were heard in this community and period, against its
    Census 2021 profile (the sum of its LSOAs)."""
    codes = community.area_codes()
    if not codes:
        raise ReachError(f"{community.name} has no LSOAs, so it has no census profile")
    census = census_for(codes)
    records = [_record(a) for a in activities(community, start, end)]
    return ReachResult(
        community, start, end, core_reach.representation(records, census)
    )


LABELS = {**core_reach.AGE_GROUPS, **core_reach.ETHNIC_GROUPS, "disabled": "Disabled"}
# Short names for the chart's axis (the table beside it has the Census labels).
SHORT = {
    "aged_15_and_under": "Aged 15 and under",
    "aged_16_to_24": "Aged 16 to 24",
    "aged_25_to_34": "Aged 25 to 34",
    "aged_35_to_49": "Aged 35 to 49",
    "aged_50_to_64": "Aged 50 to 64",
    "aged_65_and_over": "Aged 65 and over",
    "asian": "Asian",
    "black": "Black",
    "mixed": "Mixed",
    "white": "White",
    "other_ethnic_group": "Other ethnic group",
    "disabled": "Disabled",
}


def chart(result: ReachResult) -> str:
    from hearth.core.charts import paired_bars_svg

    rows = [
        (SHORT[g.group], g.engaged_share, g.census_share, g.under_represented)
        for g in result.reach.groups
        if g.dimension in ("age", "ethnicity") or g.group == "disabled"
    ]
    return paired_bars_svg(
        rows,
        title=f"People reached in {result.community.name} against its residents (Census 2021)",
        legend=("Share of people reached", "Share of residents"),
        chart_id=f"reach-{result.community.pk}",
    )


def totals(community: Community) -> dict[str, Any]:
    rows = Activity.objects.filter(community=community)
    return {
        "activities": rows.count(),
        "people": rows.aggregate(n=Sum("people"))["n"] or 0,
        "latest": rows.order_by("-date").values_list("date", flat=True).first(),
    }


# --- exports ---------------------------------------------------------------------

ACTIVITY_COLUMNS = (
    "community_id",
    "community",
    "date",
    "kind",
    "place",
    "organisation",
    "people",
    *AGE_FIELDS,
    *ETHNIC_FIELDS,
    "disabled",
    "themes",
    "notes",
)


def activity_rows(rows: QuerySet[Activity]) -> tuple[tuple[str, ...], list[list[Any]]]:
    out = []
    for a in rows.select_related("community", "organisation").prefetch_related(
        "themes"
    ):
        out.append(
            [
                a.community_id,
                a.community.name,
                a.date,
                a.kind,
                a.place,
                a.organisation.name,
                a.people,
                *[getattr(a, f) for f in AGE_FIELDS],
                *[getattr(a, f) for f in ETHNIC_FIELDS],
                a.disabled,
                "; ".join(t.name for t in a.themes.all()),
                a.heard,
            ]
        )
    return ACTIVITY_COLUMNS, out


STORY_COLUMNS = (
    "id",
    "community",
    "date",
    "perspective",
    "title",
    "text",
    "themes",
    "consent_recorded_on",
    "consent_internal",
    "consent_public",
    "consent_attribution",
    "anonymised",
    "attribution",
    "status",
)


def story_rows(rows: StoryQuerySet) -> tuple[tuple[str, ...], list[list[Any]]]:
    """Stories whose consent stands (withdrawn ones never leave Hearth);
    the attribution only where consent covers it."""
    out = []
    for s in rows.consented().select_related("community").prefetch_related("themes"):
        out.append(
            [
                s.pk,
                s.community.name,
                s.date,
                s.perspective,
                s.title,
                s.text,
                "; ".join(t.name for t in s.themes.all()),
                s.consent_recorded_on,
                s.consent_internal,
                s.consent_public,
                s.consent_attribution,
                s.anonymised,
                s.attribution if s.consent_attribution else "",
                s.status,
            ]
        )
    return STORY_COLUMNS, out


# --- drop-ins --------------------------------------------------------------------


def public_sites() -> QuerySet[DropInSite]:
    return DropInSite.objects.filter(is_public=True, active=True).select_related(
        "asset", "organisation", "community"
    )


def next_sessions(site: DropInSite, days: int = 28) -> list[core.Session]:
    return core.upcoming_sessions(site.opening_hours, timezone.localdate(), days=days)
