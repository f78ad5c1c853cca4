from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    """Every 4xx response has this shape."""

    status: int
    error: str
    detail: str


class AreaOut(Schema):
    geography: str
    geography_label: str
    code: str
    name: str
    parent_code: str | None = None
    lad_code: str | None = None


class DatasetOut(Schema):
    kind: str
    title: str
    publisher: str
    release: str
    licence: str
    attribution: str
    geography: str
    rows: int
    checksum: str
    imported_at: str


class IndicatorOut(Schema):
    ref: str
    dataset: str
    code: str
    label: str
    geography: str
    higher_is_worse: bool | None = None


class ValueOut(Schema):
    area_code: str
    area_name: str
    ward_code: str
    ward_name: str
    value: float | None = None
    national_rank: float | None = None
    national_decile: float | None = None
    local_rank: float | None = None
    local_decile: float | None = None


class ValuesOut(Schema):
    indicator: IndicatorOut
    lad: str
    geography: str
    attribution: str
    values: list[ValueOut]
