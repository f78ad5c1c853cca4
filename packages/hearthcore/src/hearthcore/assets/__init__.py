"""Community assets: read published asset files into one schema, and find duplicates.

Nothing here imports Django; the web app stores :class:`AssetRecord` values.
Names load on first use, so the schema's constants cost no scientific imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import loader, public_names

if TYPE_CHECKING:
    from .dedup import (
        DuplicateCandidate as DuplicateCandidate,
    )
    from .dedup import (
        find_duplicates as find_duplicates,
    )
    from .dedup import (
        find_matches as find_matches,
    )
    from .dedup import (
        name_similarity as name_similarity,
    )
    from .oruk import read_oruk as read_oruk
    from .osm import (
        TAG_CATEGORIES as TAG_CATEGORIES,
    )
    from .osm import (
        category_of as category_of,
    )
    from .osm import (
        read_osm_geojson as read_osm_geojson,
    )
    from .places import SAME_PLACE_SCORE as SAME_PLACE_SCORE
    from .places import count_places as count_places
    from .places import group_places as group_places
    from .places import listed_by as listed_by
    from .readers import (
        KINDS as KINDS,
    )
    from .readers import (
        read_assets as read_assets,
    )
    from .readers import (
        recognise as recognise,
    )
    from .schema import (
        ACCESSIBILITY as ACCESSIBILITY,
    )
    from .schema import (
        ASSET_TYPES as ASSET_TYPES,
    )
    from .schema import (
        CATEGORIES as CATEGORIES,
    )
    from .schema import (
        COSTS as COSTS,
    )
    from .schema import (
        FIVE_WAYS as FIVE_WAYS,
    )
    from .schema import (
        UK_BBOX as UK_BBOX,
    )
    from .schema import (
        AssetRecord as AssetRecord,
    )
    from .schema import (
        ReadResult as ReadResult,
    )
    from .schema import (
        default_five_ways as default_five_ways,
    )
    from .schema import (
        format_postcode as format_postcode,
    )
    from .schema import (
        osm_week as osm_week,
    )
    from .template import (
        TEMPLATE_COLUMNS as TEMPLATE_COLUMNS,
    )
    from .template import (
        read_template as read_template,
    )
    from .template import (
        write_template as write_template,
    )

_WHERE = {
    "dedup": (
        "DuplicateCandidate",
        "find_duplicates",
        "find_matches",
        "name_similarity",
    ),
    "oruk": ("read_oruk",),
    "osm": ("TAG_CATEGORIES", "category_of", "read_osm_geojson"),
    "places": ("SAME_PLACE_SCORE", "count_places", "group_places", "listed_by"),
    "readers": ("KINDS", "read_assets", "recognise"),
    "schema": (
        "ACCESSIBILITY",
        "ASSET_TYPES",
        "CATEGORIES",
        "COSTS",
        "FIVE_WAYS",
        "UK_BBOX",
        "AssetRecord",
        "ReadResult",
        "default_five_ways",
        "format_postcode",
        "osm_week",
    ),
    "template": ("TEMPLATE_COLUMNS", "read_template", "write_template"),
}
__all__ = public_names(_WHERE)
__getattr__ = loader(__name__, globals(), _WHERE)
