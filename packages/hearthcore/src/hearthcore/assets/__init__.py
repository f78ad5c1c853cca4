"""Community assets: read published asset files into one schema, and find duplicates.

Nothing here imports Django; the web app stores :class:`AssetRecord` values.
"""

from __future__ import annotations

from .dedup import DuplicateCandidate, find_duplicates, find_matches, name_similarity
from .oruk import read_oruk
from .osm import TAG_CATEGORIES, category_of, read_osm_geojson
from .readers import KINDS, read_assets, recognise
from .schema import (
    ACCESSIBILITY,
    ASSET_TYPES,
    CATEGORIES,
    COSTS,
    FIVE_WAYS,
    UK_BBOX,
    AssetRecord,
    ReadResult,
    default_five_ways,
    format_postcode,
    osm_week,
)
from .template import TEMPLATE_COLUMNS, read_template, write_template

__all__ = [
    "ACCESSIBILITY",
    "ASSET_TYPES",
    "CATEGORIES",
    "COSTS",
    "FIVE_WAYS",
    "KINDS",
    "TAG_CATEGORIES",
    "TEMPLATE_COLUMNS",
    "UK_BBOX",
    "AssetRecord",
    "DuplicateCandidate",
    "ReadResult",
    "category_of",
    "default_five_ways",
    "find_duplicates",
    "find_matches",
    "format_postcode",
    "name_similarity",
    "osm_week",
    "read_assets",
    "read_oruk",
    "read_osm_geojson",
    "read_template",
    "recognise",
    "write_template",
]
