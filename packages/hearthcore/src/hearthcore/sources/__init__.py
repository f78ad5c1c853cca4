"""Official small-area data: recognise, read and validate the published files.

>>> from hearthcore import sources
>>> kind = sources.recognise("File_2_-_IoD2019_Domains_of_Deprivation.csv")  # doctest: +SKIP
>>> table = sources.read_table("File_2_….csv", kind)                          # doctest: +SKIP
>>> table.values.loc["E01025000", "income_rank"]                              # doctest: +SKIP
"""

from __future__ import annotations

from .catalogue import (
    CATALOGUE,
    KINDS,
    DatasetKind,
    known_checksums,
    read_header,
    recognise,
)
from .errors import DataImportError, FetchError, Problem
from .fetch import fetch_files
from .geometry import (
    Boundaries,
    Placement,
    adjacency,
    assign_points_to_areas,
    read_boundaries,
)
from .tabular import (
    OAC_SUPERGROUPS,
    Table,
    lsoa_change_codes,
    normalise_postcode,
    read_centroids,
    read_lookup,
    read_oac,
    read_places,
    read_postcodes,
    read_table,
    sha256_of,
)

__all__ = [
    "CATALOGUE",
    "KINDS",
    "OAC_SUPERGROUPS",
    "Boundaries",
    "DataImportError",
    "DatasetKind",
    "FetchError",
    "Placement",
    "Problem",
    "Table",
    "adjacency",
    "assign_points_to_areas",
    "fetch_files",
    "known_checksums",
    "lsoa_change_codes",
    "normalise_postcode",
    "read_boundaries",
    "read_centroids",
    "read_header",
    "read_lookup",
    "read_oac",
    "read_places",
    "read_postcodes",
    "read_table",
    "recognise",
    "sha256_of",
]
