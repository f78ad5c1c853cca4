"""The public asset register in the JSON API (`/api/v1/assets`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router

from hearth.areas.api.schemas import ErrorOut
from hearth.core.errors import ApiError
from hearthcore.assets import CATEGORIES, FIVE_WAYS

from . import queries

router = Router(tags=["assets"])


@router.get(
    "/assets",
    response={200: dict, 400: ErrorOut},
    summary="Published community assets of an authority (GeoJSON)",
)
def assets(
    request: HttpRequest,
    lad: str,
    category: str | None = None,
    five_ways: str | None = None,
    cost: str | None = None,
    open_now: bool = False,
    q: str | None = None,
) -> HttpResponse:
    """A FeatureCollection of the published, unexpired assets in the
    authority `lad` (GSS code), optionally filtered by `category`
    (comma-separated), `five_ways` (comma-separated), `cost` (free, low,
    paid), `open_now` and a name search `q`. Sensitive assets carry only an
    approximate location (`approximate: true`) and no address."""
    code = lad.strip().upper()
    if len(code) != 9 or not code.isalnum():
        raise ApiError(
            400, "invalid_lad", f"'{lad}' is not a local authority GSS code."
        )
    categories = [c.strip() for c in (category or "").split(",") if c.strip()]
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown:
        raise ApiError(
            400,
            "unknown_category",
            f"Unknown category {', '.join(unknown)}. Use one of: {', '.join(CATEGORIES)}.",
        )
    ways = [w.strip() for w in (five_ways or "").split(",") if w.strip()]
    if any(w not in FIVE_WAYS for w in ways):
        raise ApiError(400, "unknown_five_ways", f"Use one of: {', '.join(FIVE_WAYS)}.")
    if cost and cost not in {"free", "low", "paid"}:
        raise ApiError(400, "unknown_cost", "Use free, low or paid.")
    records = queries.apply_filters(
        queries.public_assets(code),
        q=q or "",
        categories=categories,
        five_ways=ways,
        cost=cost or "",
        open_now=open_now,
    )
    return JsonResponse(
        queries.feature_collection(records), content_type="application/geo+json"
    )
