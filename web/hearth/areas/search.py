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
        return hits, None
    if _GSS.match(upper):
        areas = Area.objects.filter(code=upper).defer("geometry")
        hits = [Hit(a.name, a.vintage_label, a.geography, a.code) for a in areas]
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
    return hits[:limit], None if hits else f"We could not find '{text}'"
