"""Areas (with boundary vintages), datasets with provenance, and their figures.

Every figure is tied to the geography it was published on: an `Indicator`
belongs to a `Dataset`, whose `geography` says which boundary vintage its
area codes are (LSOA 2011 or 2021, ward 2019 or 2024, …). This is mapit's
"generations" idea: boundaries change, old data keeps its meaning.

Figures are stored column-wise: a dataset keeps its area codes once, and each
indicator keeps its values as one compressed float64 array in the same order
(NaN = not published). Analyses read whole columns, so this is both the
natural shape and far faster to import and read than one row per value.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    import numpy as np


class Geography(models.TextChoices):
    LSOA11 = "lsoa11", "LSOA (2011)"
    LSOA21 = "lsoa21", "LSOA (2021)"
    MSOA11 = "msoa11", "MSOA (2011)"
    OA11 = "oa11", "Output area (2011)"
    WARD17 = "ward17", "Ward (2017)"
    WARD19 = "ward19", "Ward (2019)"
    WARD21 = "ward21", "Ward (2021)"
    WARD22 = "ward22", "Ward (2022)"
    WARD24 = "ward24", "Ward (2024)"
    LAD19 = "lad19", "Local authority district (2019)"
    LAD21 = "lad21", "Local authority district (2021)"
    LAD22 = "lad22", "Local authority district (2022)"
    LAD24 = "lad24", "Local authority district (2024)"
    UTLA21 = "utla21", "Upper-tier local authority (2021)"
    REGION = "region", "Region"
    COUNTRY = "country", "Country"
    POSTCODE = "postcode", "Postcode"


# The two families of small-area geography Hearth works in, from the LSOA up.
HIERARCHIES = {
    Geography.LSOA11: (Geography.LSOA11, Geography.WARD19, Geography.LAD19),
    Geography.LSOA21: (Geography.LSOA21, Geography.WARD24, Geography.LAD24),
}


class AreaQuerySet(models.QuerySet["Area"]):
    def of(self, geography: str) -> AreaQuerySet:
        return self.filter(geography=geography)

    def in_lad(self, lad: Area) -> AreaQuerySet:
        return self.filter(lad=lad)


class Area(models.Model):
    geography = models.CharField(max_length=10, choices=Geography.choices)
    code = models.CharField(max_length=12, help_text="ONS GSS code")
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    # The local authority district containing the area (itself for a LAD).
    lad = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # GeoJSON geometry in WGS84 (EPSG:4326), as published (generalised).
    geometry = models.TextField(blank=True)
    boundary_source = models.CharField(max_length=50, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    # Population-weighted centroid where published, else the boundary's.
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["geography", "code"], name="unique_area_code"
            )
        ]
        indexes = [
            models.Index(fields=["lad", "geography"]),
            models.Index(fields=["code"]),
            models.Index(fields=["name"]),
        ]
        ordering = ["geography", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def vintage_label(self) -> str:
        return Geography(self.geography).label


class AreaLink(models.Model):
    """The ONS best-fit lookup between LSOA 2011 and LSOA 2021."""

    class Change(models.TextChoices):
        UNCHANGED = "U", "Unchanged"
        SPLIT = "S", "Split"
        MERGED = "M", "Merged"
        COMPLEX = "X", "Redesigned"

    old = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="links_forward"
    )
    new = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="links_back")
    change = models.CharField(max_length=1, choices=Change.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["old", "new"], name="unique_area_link")
        ]

    def __str__(self) -> str:
        return f"{self.old_id} -> {self.new_id} ({self.change})"


def encode_codes(codes: list[str]) -> bytes:
    return zlib.compress("\n".join(codes).encode(), 6)


def decode_codes(blob: bytes | memoryview) -> list[str]:
    text = zlib.decompress(bytes(blob)).decode()
    return text.split("\n") if text else []


# numpy is imported where figures are read, not when models load, so that
# command-line tools that never touch figures start quickly.


def encode_values(values: np.ndarray) -> bytes:
    import numpy as np

    return zlib.compress(np.ascontiguousarray(values, dtype="<f8").tobytes(), 6)


def decode_values(blob: bytes | memoryview) -> np.ndarray:
    import numpy as np

    return np.frombuffer(zlib.decompress(bytes(blob)), dtype="<f8")


class Dataset(models.Model):
    """One imported file: what it is, where it came from, and when."""

    kind = models.CharField(max_length=60, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=300)
    release = models.CharField(max_length=100, blank=True)
    licence = models.CharField(max_length=200)
    attribution = models.TextField()
    source_url = models.URLField(max_length=500, blank=True)
    geography = models.CharField(max_length=10, choices=Geography.choices)
    source_file = models.CharField(max_length=300)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file")
    rows = models.PositiveIntegerField()
    encoding = models.CharField(max_length=20, blank=True)
    imported_at = models.DateTimeField()
    imported_by = models.CharField(max_length=150)
    area_codes = models.BinaryField(default=b"")
    subset = models.BooleanField(
        default=False,
        help_text="Covers only part of the release (imported with --subset)",
    )

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.title

    def codes(self) -> list[str]:
        return decode_codes(self.area_codes)


class Indicator(models.Model):
    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(max_length=120)
    label = models.CharField(max_length=300, help_text="The column header as published")
    position = models.PositiveIntegerField(default=0)
    # True when a higher value means more need (e.g. a score); False for
    # IoD ranks and deciles, where 1 is the most deprived.
    higher_is_worse = models.BooleanField(null=True)
    values = models.BinaryField()

    class Meta:
        ordering = ["dataset__kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "code"], name="unique_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.dataset.kind}.{self.code}"

    @property
    def ref(self) -> str:
        return f"{self.dataset.kind}.{self.code}"

    def array(self) -> np.ndarray:
        return decode_values(self.values)


class DatasetImport(models.Model):
    """The history of every import attempt, successful or not."""

    class Outcome(models.TextChoices):
        IMPORTED = "imported", "Imported"
        UNCHANGED = "unchanged", "Unchanged (same checksum)"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=60, blank=True)
    source_file = models.CharField(max_length=300)
    checksum = models.CharField(max_length=64, blank=True)
    rows = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    message = models.TextField(blank=True)
    seconds = models.FloatField(default=0)
    at = models.DateTimeField(auto_now_add=True)
    by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_file}: {self.outcome}"


class Postcode(models.Model):
    """A postcode's location and the areas it lies in (point in polygon)."""

    class Placement(models.TextChoices):
        WITHIN = "within", "Inside the boundary"
        NEAREST = "nearest", "Nearest boundary (coastline generalisation)"
        NONE = "none", "Not placed"

    postcode = models.CharField(
        max_length=8, primary_key=True, help_text="No spaces, upper case"
    )
    lon = models.FloatField(null=True)
    lat = models.FloatField(null=True)
    lsoa21 = models.CharField(max_length=9, blank=True, db_index=True)
    lsoa11 = models.CharField(max_length=9, blank=True, db_index=True)
    placement = models.CharField(max_length=8, choices=Placement.choices)

    def __str__(self) -> str:
        return self.postcode


class Place(models.Model):
    """A populated place from the gazetteer (OS Open Names), for search and naming."""

    name = models.CharField(max_length=200, db_index=True)
    district = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=30, blank=True)
    lon = models.FloatField()
    lat = models.FloatField()
    lsoa21 = models.CharField(max_length=9, blank=True, db_index=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
