"""Find an area from what someone types: a postcode, a place or an area code."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hearthcore.sources.tabular import normalise_postcode

from .models import Area, Geography, Place, Postcode

_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$")
_GSS = re.compile(r"^[EWSNK][0-9]{8}$")


@dataclass(frozen=True)
class Hit:
    label: str
    detail: str
    geography: str
    code: str


# When one code exists in several vintages (a district in the 2019, 2021,
# 2022 and 2024 lookups; an LSOA unchanged from 2011), show it once, in the
# vintage Hearth's current figures use.
PREFERRED = [
    Geography.LSOA21,
    Geography.WARD24,
    Geography.LAD24,
    Geography.LSOA11,
    Geography.MSOA11,
    Geography.WARD22,
    Geography.WARD21,
    Geography.WARD19,
    Geography.LAD22,
    Geography.LAD21,
    Geography.LAD19,
]


def _rank(geography: str) -> int:
    return PREFERRED.index(geography) if geography in PREFERRED else len(PREFERRED)  # type: ignore[arg-type]


def distinct(hits: list[Hit]) -> list[Hit]:
    """One hit per area code (its preferred vintage), in the original order."""
    best: dict[tuple[str, str], Hit] = {}
    order: list[tuple[str, str]] = []
    for hit in hits:
        key = (hit.code, hit.label)
        current = best.get(key)
        if current is None:
            order.append(key)
            best[key] = hit
        elif _rank(hit.geography) < _rank(current.geography):
            best[key] = hit
    return [best[key] for key in order]


def search(query: str, *, limit: int = 20) -> tuple[list[Hit], str | None]:
    """Return matching areas and, when nothing matches, why not."""
    text = query.strip()
    if not text:
        return [], "Enter a postcode, place name or area code"
    upper = text.upper()
    if _POSTCODE.match(upper):
        postcode = Postcode.objects.filter(postcode=normalise_postcode(upper)).first()
        if postcode is None:
            return [], f"We could not find the postcode {upper}"
        hits = []
        for geography, code in (
            (Geography.LSOA21, postcode.lsoa21),
            (Geography.LSOA11, postcode.lsoa11),
        ):
            area = (
                Area.objects.of(geography).filter(code=code).defer("geometry").first()
                if code
                else None
            )
            if area is not None:
                hits.append(
                    Hit(
                        area.name,
                        f"{upper} is in {area.vintage_label} {area.code}",
                        area.geography,
                        area.code,
                    )
                )
        if not hits:
            return [], f"{upper} is not inside an English small area"
        return distinct(hits), None
    if _GSS.match(upper):
        areas = Area.objects.filter(code=upper).defer("geometry")
        hits = distinct(
            [Hit(a.name, a.vintage_label, a.geography, a.code) for a in areas]
        )
        return hits, None if hits else f"There is no area with the code {upper}"
    hits = []
    for place in Place.objects.filter(name__iexact=text)[:limit]:
        if place.lsoa21:
            hits.append(
                Hit(
                    place.name,
                    f"{place.kind} in {place.district or 'England'}",
                    Geography.LSOA21,
                    place.lsoa21,
                )
            )
    for area in (
        Area.objects.filter(name__icontains=text)
        .exclude(geography=Geography.POSTCODE)
        .defer("geometry")
        .order_by("geography", "name")[:limit]
    ):
        hits.append(Hit(area.name, area.vintage_label, area.geography, area.code))
    hits = distinct(hits)
    return hits[:limit], None if hits else f"We could not find '{text}'"
