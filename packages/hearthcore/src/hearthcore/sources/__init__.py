"""Official small-area data: recognise, read and validate the published files.

>>> from hearthcore import sources
>>> kind = sources.recognise("File_2_-_IoD2019_Domains_of_Deprivation.csv")  # doctest: +SKIP
>>> table = sources.read_table("File_2_….csv", kind)                          # doctest: +SKIP
>>> table.values.loc["E01025000", "income_rank"]                              # doctest: +SKIP

Names are loaded on first use, so that recognising a file does not import
the geometry stack (shapely, pyogrio) and command-line tools start quickly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import loader, public_names

if TYPE_CHECKING:
    from .catalogue import (
        CATALOGUE as CATALOGUE,
    )
    from .catalogue import (
        KINDS as KINDS,
    )
    from .catalogue import (
        DatasetKind as DatasetKind,
    )
    from .catalogue import (
        discover as discover,
    )
    from .catalogue import (
        known_checksums as known_checksums,
    )
    from .catalogue import (
        read_header as read_header,
    )
    from .catalogue import (
        recognise as recognise,
    )
    from .errors import (
        DataImportError as DataImportError,
    )
    from .errors import (
        FetchError as FetchError,
    )
    from .errors import (
        Problem as Problem,
    )
    from .fetch import fetch_files as fetch_files
    from .geometry import (
        Boundaries as Boundaries,
    )
    from .geometry import (
        Placement as Placement,
    )
    from .geometry import (
        adjacency as adjacency,
    )
    from .geometry import (
        assign_points_to_areas as assign_points_to_areas,
    )
    from .geometry import (
        read_boundaries as read_boundaries,
    )
    from .tabular import (
        OAC_SUPERGROUPS as OAC_SUPERGROUPS,
    )
    from .tabular import (
        Table as Table,
    )
    from .tabular import (
        lsoa_change_codes as lsoa_change_codes,
    )
    from .tabular import (
        normalise_postcode as normalise_postcode,
    )
    from .tabular import (
        read_centroids as read_centroids,
    )
    from .tabular import (
        read_lookup as read_lookup,
    )
    from .tabular import (
        read_oac as read_oac,
    )
    from .tabular import (
        read_places as read_places,
    )
    from .tabular import (
        read_postcodes as read_postcodes,
    )
    from .tabular import (
        read_table as read_table,
    )
    from .tabular import (
        sha256_of as sha256_of,
    )

_WHERE = {
    "catalogue": (
        "CATALOGUE",
        "KINDS",
        "DatasetKind",
        "discover",
        "known_checksums",
        "read_header",
        "recognise",
    ),
    "errors": ("DataImportError", "FetchError", "Problem"),
    "fetch": ("fetch_files",),
    "geometry": (
        "Boundaries",
        "Placement",
        "adjacency",
        "assign_points_to_areas",
        "read_boundaries",
    ),
    "tabular": (
        "OAC_SUPERGROUPS",
        "Table",
        "lsoa_change_codes",
        "normalise_postcode",
        "read_centroids",
        "read_lookup",
        "read_oac",
        "read_places",
        "read_postcodes",
        "read_table",
        "sha256_of",
    ),
}
__all__ = public_names(_WHERE)
__getattr__ = loader(__name__, globals(), _WHERE)
