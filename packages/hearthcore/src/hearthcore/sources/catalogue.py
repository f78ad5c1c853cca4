"""What Hearth knows about each kind of official small-area file.

A kind is recognised from its columns (its *signature*), never from its name
alone, so a renamed download still imports. Each kind records its publisher,
release, licence, attribution and the boundary vintage its codes belong to.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import DataImportError
from .rules import (
    CENSUS_LONG_RULES,
    COUNT_RULES,
    IOD_INDICATOR_RULES,
    IOD_RULES,
    LA_SUMMARY_RULES,
    Rule,
)

OGL = "Open Government Licence v3.0"
MHCLG = "Ministry of Housing, Communities and Local Government (MHCLG)"
ONS = "Office for National Statistics (ONS)"
ONS_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government "
    "Licence v3.0. Contains OS data © Crown copyright and database right."
)
IOD19_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government "
    "Licence v3.0 (MHCLG, English Indices of Deprivation 2019)."
)
IOD25_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government "
    "Licence v3.0 (MHCLG, English Indices of Deprivation 2025)."
)
IOD19_PAGE = (
    "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019"
)
IOD25_PAGE = (
    "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025"
)
GEOPORTAL = "https://geoportal.statistics.gov.uk/"
NOMIS = "https://www.nomisweb.co.uk/sources/census_2021_bulk"
SAPE = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/"
    "populationestimates/datasets/lowersuperoutputareamidyearpopulationestimates"
)

# Areas in each release's geography (ONS): England's LSOAs in 2011 and
# 2021, England and Wales's, and the districts of the IoD 2019.
IOD19_LSOAS = 32_844
IOD25_LSOAS = 33_755
EW_LSOA11 = 34_753
EW_LSOA21 = 35_672
IOD19_DISTRICTS = 317

# GSS code patterns (ONS Register of Geographic Codes).
LSOA_ENGLAND = r"^E01\d{6}$"
LSOA_EW = r"^[EW]01\d{6}$"
LAD_UK = r"^[EWSN]\d{8}$"


@dataclass(frozen=True)
class DatasetKind:
    """One kind of file: how to recognise, read and attribute it.

    ``role`` is one of ``table`` (figures per area), ``lookup`` (area
    hierarchy), ``link`` (LSOA 2011 to 2021), ``boundaries``, ``centroids``,
    ``postcodes``, ``places`` and ``oac``.
    """

    key: str
    title: str
    role: str
    geography: str
    signature: tuple[str, ...]
    publisher: str = ONS
    release: str = ""
    licence: str = OGL
    attribution: str = ONS_ATTRIBUTION
    code_column: str = ""
    code_pattern: str = LSOA_EW
    fmt: str = "csv"
    # Columns that describe the area rather than measure it (names, parents).
    text_columns: tuple[str, ...] = ()
    # Long tables: (category column, count column, total column, share column).
    long: tuple[str, str, str, str] | None = None
    # Text categories to store as 0/1 indicator columns.
    categorical: tuple[str, ...] = ()
    # Lookups: (geography, code column, name column or "") from small to large.
    levels: tuple[tuple[str, str, str], ...] = ()
    # Centroids: (longitude/x column, latitude/y column, CRS).
    coords: tuple[str, str, str] = ("", "", "")
    name_column: str = ""
    urls: tuple[str, ...] = ()
    # Another kind that, when present, makes this one unnecessary.
    superseded_by: str = ""
    # Breaks ties between kinds with the same columns (e.g. the year).
    name_hint: str = ""
    notes: str = ""
    sha256: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # Valid values (see rules.py): the first matching rule applies; every
    # figure must be finite whatever the rules.
    rules: tuple[Rule, ...] = ()
    # Areas in the whole release; a file with fewer is a subset (refused
    # unless imported as one). 0: no check.
    coverage: int = 0


def _iod19(
    key: str, title: str, signature: tuple[str, ...], **extra: object
) -> DatasetKind:
    options: dict[str, object] = {
        "code_pattern": LSOA_ENGLAND,
        "geography": "lsoa11",
        "rules": IOD_RULES,
        "coverage": IOD19_LSOAS,
        **extra,
    }
    return DatasetKind(
        key=key,
        title=title,
        role="table",
        signature=signature,
        publisher=MHCLG,
        release="English Indices of Deprivation 2019 (September 2019)",
        attribution=IOD19_ATTRIBUTION,
        urls=(IOD19_PAGE,),
        **options,  # type: ignore[arg-type]
    )


def _iod25(
    key: str,
    title: str,
    signature: tuple[str, ...],
    rules: tuple[Rule, ...] = IOD_RULES,
) -> DatasetKind:
    return DatasetKind(
        key=key,
        title=title,
        role="table",
        geography="lsoa21",
        signature=signature,
        publisher=MHCLG,
        release="English Indices of Deprivation 2025 (October 2025)",
        attribution=IOD25_ATTRIBUTION,
        code_column="lsoa21_code",
        code_pattern=LSOA_ENGLAND,
        urls=(IOD25_PAGE,),
        rules=rules,
        coverage=IOD25_LSOAS,
    )


_IOD19_ID = (
    "LSOA code (2011)",
    "LSOA name (2011)",
    "Local Authority District code (2019)",
    "Local Authority District name (2019)",
)
_IMD_RANK = "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)"


def _census(
    key: str, table: str, category: str, total: str = "total_households"
) -> DatasetKind:
    return DatasetKind(
        key=f"census2021_{key}",
        title=f"Census 2021 {table}",
        role="table",
        geography="lsoa21",
        signature=("lsoa21_code", total, category, "n", "prop"),
        release="Census 2021",
        code_column="lsoa21_code",
        long=(category, "n", total, "prop"),
        urls=(NOMIS,),
        rules=CENSUS_LONG_RULES,
        coverage=EW_LSOA21,
    )


KINDS: tuple[DatasetKind, ...] = (
    # --- English Indices of Deprivation 2019 (LSOA 2011) -------------------
    _iod19(
        "iod2019_imd",
        "IoD 2019 File 1: Index of Multiple Deprivation",
        (
            *_IOD19_ID,
            "Index of Multiple Deprivation (IMD) Rank",
            "Index of Multiple Deprivation (IMD) Decile",
        ),
        code_column="LSOA code (2011)",
        text_columns=_IOD19_ID[1:],
    ),
    _iod19(
        "iod2019_domains",
        "IoD 2019 File 2: domains of deprivation",
        (
            *_IOD19_ID,
            _IMD_RANK,
            "Income Rank (where 1 is most deprived)",
            "Living Environment Rank (where 1 is most deprived)",
        ),
        code_column="LSOA code (2011)",
        text_columns=_IOD19_ID[1:],
    ),
    _iod19(
        "iod2019_supplementary",
        "IoD 2019 File 3: supplementary indices (IDACI and IDAOPI)",
        (
            *_IOD19_ID,
            "Income Deprivation Affecting Children Index (IDACI) Rank (where 1 is most deprived)",
        ),
        code_column="LSOA code (2011)",
        text_columns=_IOD19_ID[1:],
    ),
    _iod19(
        "iod2019_denominators",
        "IoD 2019 File 6: population denominators (mid-2015)",
        (*_IOD19_ID, "Total population: mid 2015 (excluding prisoners)"),
        code_column="LSOA code (2011)",
        text_columns=_IOD19_ID[1:],
    ),
    _iod19(
        "iod2019_transformed",
        "IoD 2019 File 9: exponentially transformed domain scores",
        (*_IOD19_ID, "Income Score - exponentially transformed"),
        code_column="LSOA code (2011)",
        text_columns=_IOD19_ID[1:],
    ),
    _iod19(
        "iod2019_combined",
        "IoD 2019: ranks, deciles, scores and denominators (combined table)",
        (
            *_IOD19_ID,
            _IMD_RANK,
            "Income Score (rate)",
            "Income Rank (where 1 is most deprived)",
            "Income Deprivation Affecting Children Index (IDACI) Score (rate)",
        ),
        code_column="LSOA code (2011)",
        text_columns=_IOD19_ID[1:],
    ),
    _iod19(
        "iod2019_scores",
        "IoD 2019: income, IDACI and IDAOPI scores",
        (
            "LSOA code (2011)",
            "Income Score (rate)",
            "Income Deprivation Affecting Older People (IDAOPI) Score (rate)",
        ),
        code_column="LSOA code (2011)",
    ),
    _iod19(
        "iod2019_subdomains",
        "IoD 2019 File 4: sub-domains of deprivation",
        (
            "lsoa11_code",
            "Children_and_young_people_rank",
            "Adult_skills_rank",
            "Indoors_rank",
        ),
        code_column="lsoa11_code",
    ),
    _iod19(
        "iod2019_indicators",
        "IoD 2019 File 8: underlying indicators",
        (
            "lsoa11_code",
            "income_domain_numerator",
            "years_of_potential_life_lost_indicator",
        ),
        code_column="lsoa11_code",
        rules=IOD_INDICATOR_RULES,
    ),
    _iod19(
        "iod2019_la_summaries",
        "IoD 2019 File 10: local authority district summaries",
        ("IMD", "Income", "Employment", "IDACI"),
        code_column="Local Authority District code (2019)",
        code_pattern=LAD_UK,
        geography="lad19",
        fmt="xlsx",
        rules=LA_SUMMARY_RULES,
        coverage=IOD19_DISTRICTS,
    ),
    # --- English Indices of Deprivation 2025 (LSOA 2021) -------------------
    _iod25(
        "iod2025",
        "IoD 2025: Index of Multiple Deprivation and domains",
        ("lsoa21_code", "IMD_score", "IMD_rank", "Income_rank"),
    ),
    _iod25(
        "iod2025_subdomains",
        "IoD 2025: sub-domains of deprivation",
        ("lsoa21_code", "children_and_young_people_score", "indoors_rank"),
    ),
    _iod25(
        "iod2025_indicators",
        "IoD 2025: underlying indicators",
        ("lsoa21_code", "income_domain_numerator", "patient_to_gp_ratio"),
        rules=IOD_INDICATOR_RULES,
    ),
    # --- Lookups -------------------------------------------------------------
    DatasetKind(
        key="lookup_lsoa11_ward19",
        title="LSOA (2011) to Ward (2019) to LAD (2019) best-fit lookup",
        role="lookup",
        geography="lsoa11",
        signature=("LSOA11CD", "LSOA11NM", "WD19CD", "WD19NM", "LAD19CD", "LAD19NM"),
        release="December 2019",
        levels=(
            ("lsoa11", "LSOA11CD", "LSOA11NM"),
            ("ward19", "WD19CD", "WD19NM"),
            ("lad19", "LAD19CD", "LAD19NM"),
        ),
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="lookup_lsoa21_ward24",
        title="LSOA (2021) to Ward (2024) to LAD (2024) lookup",
        role="lookup",
        geography="lsoa21",
        signature=(
            "lsoa21_code",
            "lsoa21_name",
            "ward24_code",
            "ward24_name",
            "ltla24_code",
            "ltla24_name",
        ),
        release="May 2024",
        levels=(
            ("lsoa21", "lsoa21_code", "lsoa21_name"),
            ("ward24", "ward24_code", "ward24_name"),
            ("lad24", "ltla24_code", "ltla24_name"),
        ),
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="lookup_lad24_region",
        title="LAD (2024) to region lookup",
        role="lookup",
        geography="lad24",
        signature=("ltla24_name", "ltla24_code", "region24_name", "region24_code"),
        release="May 2024",
        code_pattern=LAD_UK,
        levels=(
            ("lad24", "ltla24_code", "ltla24_name"),
            ("region", "region24_code", "region24_name"),
        ),
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="lookup_lad21_region",
        title="LAD (2021) to region lookup",
        role="lookup",
        geography="lad21",
        signature=("ltla21_name", "ltla21_code", "region21_name", "region21_code"),
        release="December 2021",
        code_pattern=LAD_UK,
        levels=(
            ("lad21", "ltla21_code", "ltla21_name"),
            ("region", "region21_code", "region21_name"),
        ),
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="lookup_lad22_country",
        title="LAD (2022) to country lookup",
        role="lookup",
        geography="lad22",
        signature=("LAD22CD", "LAD22NM", "CTRY22CD", "CTRY22NM"),
        release="December 2022",
        code_pattern=LAD_UK,
        levels=(("lad22", "LAD22CD", "LAD22NM"), ("country", "CTRY22CD", "CTRY22NM")),
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="lookup_ward21_lad21",
        title="Ward (2021) to LAD (2021) lookup",
        role="lookup",
        geography="ward21",
        signature=("ward21_name", "ward21_code", "ltla21_name", "ltla21_code"),
        release="December 2021",
        code_pattern=r"^[EWSN]05\d{6}$",
        levels=(
            ("ward21", "ward21_code", "ward21_name"),
            ("lad21", "ltla21_code", "ltla21_name"),
        ),
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="lookup_lsoa11_msoa11",
        title="LSOA (2011) to MSOA (2011) lookup",
        role="lookup",
        geography="msoa11",
        signature=("lsoa11_name", "lsoa11_code", "msoa11_name", "msoa11_code"),
        release="2011",
        code_pattern=r"^[EWS]0[12]\d{6}$",
        # Only the MSOAs are created: LSOAs take their parents from wards.
        levels=(("msoa11", "msoa11_code", "msoa11_name"),),
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="link_lsoa11_lsoa21",
        title="LSOA (2011) to LSOA (2021) to LAD (2022) lookup",
        role="link",
        geography="lsoa21",
        signature=("LSOA11CD", "LSOA11NM", "LSOA21CD", "LSOA21NM", "LAD22CD"),
        release="Version 2",
        urls=(GEOPORTAL,),
        coverage=EW_LSOA11,
        notes="Change codes (U, S, M, X) are derived from the lookup's one-to-many pattern.",
    ),
    # --- Boundaries (GeoJSON, GeoPackage or zipped Shapefile) -----------------
    DatasetKind(
        key="boundaries_lsoa11",
        title="LSOA (December 2011) boundaries, generalised clipped (BGC)",
        role="boundaries",
        geography="lsoa11",
        signature=("LSOA11CD", "LSOA11NM"),
        release="December 2011",
        code_column="LSOA11CD",
        name_column="LSOA11NM",
        fmt="vector",
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="boundaries_lsoa11_bsc",
        title="LSOA (December 2011) boundaries, super generalised clipped (BSC)",
        role="boundaries",
        geography="lsoa11",
        signature=("lsoa11_name", "lsoa11_code"),
        release="December 2011",
        code_column="lsoa11_code",
        name_column="lsoa11_name",
        fmt="vector",
        superseded_by="boundaries_lsoa11",
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="boundaries_lsoa21",
        title="LSOA (December 2021) boundaries, super generalised clipped (BSC)",
        role="boundaries",
        geography="lsoa21",
        signature=("lsoa21_code", "lsoa21_name"),
        release="December 2021 (V4)",
        code_column="lsoa21_code",
        name_column="lsoa21_name",
        fmt="vector",
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="boundaries_ward22",
        title="Wards (December 2022) boundaries, super generalised clipped",
        role="boundaries",
        geography="ward22",
        signature=("ward22_name", "ward22_code"),
        release="December 2022",
        code_column="ward22_code",
        name_column="ward22_name",
        code_pattern=r"^[EWSN]05\d{6}$",
        fmt="vector",
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="boundaries_ward21",
        title="Wards (December 2021) boundaries",
        role="boundaries",
        geography="ward21",
        signature=("ward21_code", "ward21_name"),
        release="December 2021",
        code_column="ward21_code",
        name_column="ward21_name",
        code_pattern=r"^[EWSN]05\d{6}$",
        fmt="vector",
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="boundaries_lad24",
        title="Local authority districts (May 2024) boundaries, ultra generalised",
        role="boundaries",
        geography="lad24",
        signature=("ltla24_name", "ltla24_code"),
        release="May 2024",
        code_column="ltla24_code",
        name_column="ltla24_name",
        code_pattern=LAD_UK,
        fmt="vector",
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="boundaries_lad21",
        title="Local authority districts (December 2021) boundaries",
        role="boundaries",
        geography="lad21",
        signature=("ltla21_name", "ltla21_code"),
        release="December 2021",
        code_column="ltla21_code",
        name_column="ltla21_name",
        code_pattern=LAD_UK,
        fmt="vector",
        urls=(GEOPORTAL,),
    ),
    # --- Centroids ------------------------------------------------------------
    DatasetKind(
        key="centroids_lsoa11",
        title="LSOA (December 2011) population-weighted centroids",
        role="centroids",
        geography="lsoa11",
        signature=("X", "Y", "lsoa11cd"),
        code_column="lsoa11cd",
        coords=("X", "Y", "EPSG:4326"),
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="centroids_lsoa21",
        title="LSOA (December 2021) population-weighted centroids",
        role="centroids",
        geography="lsoa21",
        signature=("LSOA21CD", "x", "y"),
        code_column="LSOA21CD",
        coords=("x", "y", "EPSG:27700"),
        urls=(GEOPORTAL,),
    ),
    DatasetKind(
        key="centroids_lsoa11_boundary",
        title="LSOA (2011) boundary centroids (not population weighted)",
        role="centroids",
        geography="lsoa11",
        signature=("lsoa11_code", "longitude", "latitude"),
        code_column="lsoa11_code",
        coords=("longitude", "latitude", "EPSG:4326"),
        superseded_by="centroids_lsoa11",
    ),
    # --- Population and census -------------------------------------------------
    *(
        DatasetKind(
            key=f"population{yy}_sya",
            title=f"Mid-20{yy} population by single year of age ({table})",
            role="table",
            geography="lsoa11",
            signature=(
                "lsoa11_name",
                "lsoa11_code",
                "total_population",
                "0",
                "89",
                "90+",
            ),
            release=f"Mid-20{yy} ({table})",
            code_column="lsoa11_code",
            text_columns=("lsoa11_name",),
            name_hint=f"population{yy}|20{yy}",
            urls=(SAPE,),
            rules=COUNT_RULES,
            coverage=EW_LSOA11,
        )
        for yy, table in (("19", "SAPE22DT2"), ("20", "SAPE23DT2"))
    ),
    DatasetKind(
        key="census2021_age",
        title="Census 2021 usual residents by age band",
        role="table",
        geography="lsoa21",
        signature=("lsoa21_code", "lsoa21_name", "age_group", "usual_residents"),
        release="Census 2021",
        code_column="lsoa21_code",
        long=("age_group", "usual_residents", "", ""),
        text_columns=("lsoa21_name",),
        urls=(NOMIS,),
        rules=CENSUS_LONG_RULES,
        coverage=EW_LSOA21,
    ),
    _census("disability", "TS038 disability", "disability", "total_residents"),
    _census("ethnicity", "TS021 ethnic group", "ethnic_group", "total_residents"),
    _census(
        "household_deprivation",
        "TS011 households by deprivation dimensions",
        "deprivation_dimensions",
    ),
    _census("overcrowding", "TS052 occupancy rating (bedrooms)", "occupancy_rating"),
    _census("tenure", "TS054 tenure", "tenure"),
    _census("accommodation", "TS044 accommodation type", "type"),
    _census("religion", "TS030 religion", "religion", "total_residents"),
    DatasetKind(
        key="ruc2011",
        title="Rural-urban classification 2011 of LSOAs",
        role="table",
        geography="lsoa11",
        signature=("LSOA11CD", "LSOA11NM", "RUC11CD", "RUC11"),
        publisher="ONS and Defra",
        release="2011",
        code_column="LSOA11CD",
        text_columns=("LSOA11NM", "RUC11CD", "FID"),
        categorical=("RUC11",),
        urls=(GEOPORTAL,),
        coverage=EW_LSOA11,
    ),
    DatasetKind(
        key="ruc2021",
        title="Rural-urban classification 2021 of LSOAs",
        role="table",
        geography="lsoa21",
        signature=("lsoa21_code", "ruc21_code", "classification", "ruc"),
        publisher="ONS and Defra",
        release="2021",
        code_column="lsoa21_code",
        text_columns=("ruc21_code",),
        categorical=("classification", "ruc"),
        urls=(GEOPORTAL,),
        coverage=EW_LSOA21,
    ),
    DatasetKind(
        key="oac2011",
        title="2011 Output Area Classification (mix of output areas per LSOA)",
        role="oac",
        geography="lsoa11",
        signature=("OA11CD", "OAC11CD", "OAC11NM", "LSOA11CD"),
        publisher="ONS and UCL",
        release="2011",
        code_column="LSOA11CD",
        code_pattern=r"^[EWS]0[01]\d{6}$",
        urls=(GEOPORTAL,),
        # LSOAs of England and Wales and data zones of Scotland.
        coverage=41_729,
    ),
    # --- Points ------------------------------------------------------------------
    DatasetKind(
        key="postcodes",
        title="National Statistics Postcode Lookup (May 2025): postcode locations",
        role="postcodes",
        geography="postcode",
        signature=("Postcode", "lat", "long"),
        release="May 2025",
        attribution=(
            "Contains OS data © Crown copyright and database right 2025; Contains "
            "Royal Mail data © Royal Mail copyright and database right 2025; "
            "Source: Office for National Statistics licensed under the Open "
            "Government Licence v3.0."
        ),
        code_column="Postcode",
        urls=("https://geoportal.statistics.gov.uk/search?q=NSPL",),
        # About 2.7 million UK postcodes; fewer than this is a cut-down file.
        coverage=2_500_000,
    ),
    DatasetKind(
        key="places",
        title="Place names (OS Open Names, populated places)",
        role="places",
        geography="postcode",
        signature=("name", "district", "type", "lat", "lon"),
        publisher="Ordnance Survey (via Open Innovations)",
        release="2021",
        licence="OS OpenData licence (Open Government Licence v3.0)",
        attribution=(
            "Contains Ordnance Survey data © Crown copyright and database right "
            "2021. Contains Royal Mail data © Royal Mail copyright and database "
            "right 2021. Contains National Statistics data © Crown copyright and "
            "database right 2021."
        ),
        fmt="tsv",
        urls=("https://osdatahub.os.uk/downloads/open/OpenNames",),
        # Populated places of Great Britain (45,974 in the 2021 extract).
        coverage=40_000,
    ),
)

CATALOGUE: dict[str, DatasetKind] = {kind.key: kind for kind in KINDS}


def known_checksums() -> dict[str, str]:
    """SHA-256 of each file of the releases Hearth was built and tested with.

    Returns
    -------
    dict of str to str
        File path (relative to the data folder) to SHA-256.
    """
    text = (
        resources.files("hearthcore.sources").joinpath("known_files.json").read_text()
    )
    data: dict[str, str] = json.loads(text)
    return data


def _open_text(path: Path) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")
    head = raw.read(65536)
    raw.close()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        try:
            text = head.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            # A cut at 64 KB can split a UTF-8 character: decode what is whole.
            if error.start >= len(head) - 4:
                text = head[: error.start].decode("utf-8-sig")
            else:
                text = head.decode("cp1252", errors="replace")
    return io.StringIO(text)


def read_header(path: Path) -> list[str]:
    """Return a file's column names (or a vector layer's or workbook's).

    Parameters
    ----------
    path : Path
        A CSV/TSV (optionally gzipped), XLSX, GeoJSON, GeoPackage or zipped
        Shapefile.

    Returns
    -------
    list of str
        Column names; sheet names for a workbook.
    """
    name = path.name.lower()
    if re.search(r"\.(geojson|json|gpkg|shp|zip)(\.gz)?$", name):
        from pyogrio import read_info

        info = read_info(_vector_path(path))
        return [str(f) for f in info["fields"]]
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        try:
            return list(workbook.sheetnames)
        finally:
            workbook.close()
    handle = _open_text(path)
    first = handle.readline()
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return [c.strip() for c in next(csv.reader([first], delimiter=delimiter), [])]


def _vector_path(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".gz"):
        return f"/vsigzip/{path}"
    if name.endswith(".zip"):
        return f"/vsizip/{path}"
    return str(path)


def recognise(path: Path | str) -> DatasetKind:
    """Recognise which kind a file is from its columns.

    Parameters
    ----------
    path : Path or str
        The file.

    Returns
    -------
    DatasetKind
        The most specific kind whose signature columns are all present.

    Raises
    ------
    DataImportError
        When no kind matches; the message names the closest kinds and the
        columns they are missing.
    """
    path = Path(path)
    try:
        header = read_header(path)
    except Exception as error:  # noqa: BLE001 - any unreadable file is reported the same way
        raise DataImportError.single(path.name, f"cannot be read: {error}") from None
    if not header:
        raise DataImportError.single(path.name, "is empty: it has no header row.")
    columns = set(header)
    vector = bool(
        re.search(r"\.(geojson|json|gpkg|shp|zip)(\.gz)?$", path.name.lower())
    )
    candidates = [k for k in KINDS if (k.fmt == "vector") == vector]
    matches = [k for k in candidates if set(k.signature) <= columns]
    if matches:
        best = max(len(k.signature) for k in matches)
        tied = [k for k in matches if len(k.signature) == best]
        hinted = [k for k in tied if k.name_hint and re.search(k.name_hint, path.name)]
        return (hinted or tied)[0]
    scored = sorted(candidates, key=lambda k: -len(set(k.signature) & columns))[:3]
    hints = "; ".join(
        f"{k.key} (missing {', '.join(sorted(set(k.signature) - columns))})"
        for k in scored
    )
    raise DataImportError.single(
        path.name,
        f"is not a kind of file Hearth recognises. Its columns are "
        f"{', '.join(header[:8])}{'…' if len(header) > 8 else ''}. Closest: {hints}.",
    )


# Lookups first (top down), then boundaries, centroids, tables, and the
# point data that needs boundaries to be placed.
STAGE_ORDER = (
    "lookup",
    "boundaries",
    "centroids",
    "table",
    "oac",
    "link",
    "places",
    "postcodes",
)


def _level_rank(kind: DatasetKind) -> int:
    """Import lookups from the top down: regions, districts, wards, LSOAs."""
    if kind.role != "lookup" or not kind.levels:
        return 0
    smallest = kind.levels[0][0]
    return {"lad": 0, "war": 1, "mso": 2, "lso": 3}.get(smallest[:3], 4)


def discover(folder: Path, *, only: set[str] | None = None) -> list[Path]:
    """Find every file under a folder that Hearth recognises, in import order.

    Where several files are of the same kind (England and a Chorley subset),
    the largest is taken; kinds superseded by a better one that is present
    (super-generalised boundaries when generalised ones exist) are left out.

    Parameters
    ----------
    folder : Path
        Searched recursively; dot files, ``.md`` and ``.txt`` are ignored.
    only : set of str, optional
        Kind keys to keep.

    Returns
    -------
    list of Path
        Lookups first (top down), then boundaries, centroids, tables, the
        LSOA link, places and postcodes.
    """
    by_kind: dict[str, Path] = {}
    for path in sorted(Path(folder).rglob("*")):
        if (
            not path.is_file()
            or path.name.startswith(".")
            or path.suffix in {".md", ".txt"}
        ):
            continue
        try:
            kind = recognise(path)
        except DataImportError:
            continue
        if only and kind.key not in only:
            continue
        current = by_kind.get(kind.key)
        if current is None or path.stat().st_size > current.stat().st_size:
            by_kind[kind.key] = path
    for key in list(by_kind):
        superseded_by = CATALOGUE[key].superseded_by
        if superseded_by and superseded_by in by_kind:
            del by_kind[key]
    ordered = sorted(
        by_kind.items(),
        key=lambda item: (
            STAGE_ORDER.index(CATALOGUE[item[0]].role),
            _level_rank(CATALOGUE[item[0]]),
            item[0],
        ),
    )
    return [path for _key, path in ordered]
