"""Review the focus when new data arrives: compare a stored index run with
the current one, community by community, and record the officer's decision.

The comparison is ``hearthcore.focus.review``; this module fetches the runs,
carries an LSOA 2011 run (IoD 2019) onto LSOA 2021 through the ONS lookup,
and finds the current proposals.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

import pandas as pd
from django.db import transaction

from hearth.areas.models import Area, AreaLink, Geography
from hearth.indices import services as indices
from hearth.indices.models import IndexRun
from hearthcore import focus

from .models import Community, CommunityEvent, FocusReview
from .services import propose_for

#: The framework reviews the focus about once a year.
REVIEW_INTERVAL = timedelta(days=365)


class ReviewError(ValueError):
    pass


def _links() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for old, new in AreaLink.objects.values_list("old__code", "new__code"):
        out.setdefault(new, []).append(old)
    return out


def _deciles(run: IndexRun, geography: str) -> pd.Series:
    scores = indices.stored_scores(run)["decile"]
    if run.geography == geography:
        return scores
    if run.geography == Geography.LSOA11 and geography == Geography.LSOA21:
        return focus.carry_deciles(scores, _links())
    raise ReviewError(
        f"Run {run.pk} is on {run.geography}; it cannot be compared with {geography}"
    )


def compare(lad_code: str, since: int, recipe_name: str = "imd2025") -> dict[str, Any]:
    """What changed for the authority's communities since run ``since``."""
    lad_code = lad_code.strip().upper()
    old = IndexRun.objects.filter(pk=since).first()
    if old is None:
        raise ReviewError(
            f"There is no stored index run {since} (see `hearth index runs`)"
        )
    recipe = indices.load_recipe(recipe_name)
    indices.run(recipe)  # stores the current run if it is not stored yet
    current = (
        IndexRun.objects.filter(recipe=recipe.name).order_by("-created", "-id").first()
    )
    if current is None:
        raise ReviewError(f"No stored run of {recipe.name}")
    frame = indices.stored_scores(current)
    now = frame["decile"]
    then = _deciles(old, current.geography)
    bands = frame[["band_low", "band_high"]] if "band_low" in frame.columns else None
    cut = round(len(frame) * 0.2)
    communities = list(Community.objects.active().in_lad(lad_code))
    try:
        proposals = propose_for(lad_code, recipe.name)["communities"]
    except Exception as error:  # noqa: BLE001 - proposals are optional here
        proposals = []
        problem = str(error)
    else:
        problem = ""
    result = focus.review(
        [(c.pk, c.name, c.area_codes()) for c in communities],
        then,
        now,
        bands=bands,
        cut_rank=cut,
        proposals=proposals,
    )
    rows = cast("list[dict[str, Any]]", result["communities"])
    names = dict(
        Area.objects.filter(
            geography=current.geography,
            code__in=[a["code"] for c in rows for a in c["areas"]],
        ).values_list("code", "name")
    )
    for item in rows:
        for area in item["areas"]:
            area["name"] = names.get(area["code"], area["code"])
    reviews = FocusReview.objects.filter(lad_code=lad_code).select_related(
        "community", "by"
    )
    return {
        "lad": lad_code,
        "since": _run_json(old),
        "now": _run_json(current),
        "high_need": "national deciles 1-2 (the most deprived 20% of England)",
        "cut_rank": cut,
        "bands": bands is not None,
        "communities": result["communities"],
        "new_proposals": result["new_proposals"],
        "proposals_problem": problem,
        "decisions": [
            {
                "community": r.community_id,
                "community_name": r.community.name if r.community else "",
                "decision": r.decision,
                "reason": r.reason,
                "next_review": r.next_review.isoformat(),
                "at": r.at.isoformat(),
                "by": r.by.username if r.by else "",
            }
            for r in reviews[:50]
        ],
    }


def _run_json(run: IndexRun) -> dict[str, Any]:
    return {
        "run": run.pk,
        "recipe": run.recipe,
        "title": run.title,
        "geography": run.geography,
        "created": run.created.isoformat(),
        "datasets": {k: v.get("release", "") for k, v in (run.datasets or {}).items()},
    }


@transaction.atomic
def decide(
    *,
    lad_code: str,
    community: Community | None,
    decision: str,
    reason: str,
    since: IndexRun | None,
    now: IndexRun | None,
    by: Any,
    next_review: date | None = None,
    today: date | None = None,
) -> FocusReview:
    """Record a review decision and set the next review date."""
    reason = reason.strip()
    if decision not in FocusReview.Decision.values:
        raise ReviewError("Choose a decision")
    if not reason:
        raise ReviewError("Say why")
    if community is None and decision != FocusReview.Decision.START:
        raise ReviewError("Choose the community the decision is about")
    today = today or date.today()
    next_review = next_review or today + REVIEW_INTERVAL
    if next_review <= today:
        raise ReviewError("The next review must be in the future")
    review = FocusReview.objects.create(
        lad_code=lad_code,
        community=community,
        decision=decision,
        reason=reason,
        since_run=since,
        now_run=now,
        next_review=next_review,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    if community is not None:
        community.review_due = next_review
        community.save(update_fields=["review_due", "updated"])
        CommunityEvent.objects.create(
            community=community,
            action="focus reviewed",
            by=review.by,
            note=reason,
            details={
                "decision": review.get_decision_display(),
                "next_review": next_review.isoformat(),
            },
        )
    return review
