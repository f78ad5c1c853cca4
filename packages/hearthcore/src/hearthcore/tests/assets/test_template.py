from __future__ import annotations

import pytest

from hearthcore.assets import (
    TEMPLATE_COLUMNS,
    read_assets,
    read_template,
    recognise,
    write_template,
)
from hearthcore.sources.errors import DataImportError

HEADER = ",".join(TEMPLATE_COLUMNS) + "\n"


def row(**values: str) -> str:
    return ",".join(values.get(c, "") for c in TEMPLATE_COLUMNS) + "\n"


def test_written_template_reads_back(tmp_path):
    path = write_template(tmp_path / "hearth_assets_template.csv")
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == ",".join(
        TEMPLATE_COLUMNS
    )
    assert recognise(path) == "hearth-template"
    [record] = read_assets(path).records
    assert record.category == "community-centre" and record.five_ways == (
        "connect",
        "give",
    )
    assert (
        record.accessibility == ("wheelchair", "accessible-toilet")
        and record.cost == "free"
    )


def test_valid_rows_with_defaults(write):
    text = (
        HEADER
        + row(name="Park", category="park", lat="53.65", lon="-2.63")
        + row(name="Hall", category="Community-Centre", postcode="pr71dp")
    )
    result = read_template(write("mine.csv", text))
    park, hall = result.records
    assert (
        park.five_ways == ("be-active", "take-notice") and park.asset_type == "physical"
    )
    assert (
        hall.postcode == "PR7 1DP"
        and hall.lat is None
        and hall.category == "community-centre"
    )
    assert recognise(write("other.csv", text)) == "hearth-template"


def test_every_problem_reported_with_line_and_column(write):
    text = (
        HEADER
        + row(name="A", category="libary", postcode="PR7 1DP")
        + row(name="", category="park", postcode="PR7 1DP")
        + row(name="C", category="park")
        + row(name="D", category="park", lat="-2.63", lon="53.65")
        + row(
            name="E",
            category="park",
            postcode="nope",
            five_ways="connect;relax",
            cost="cheap",
        )
        + row(name="F", category="park", lat="53.6")
    )
    with pytest.raises(DataImportError) as info:
        read_template(write("mine.csv", text))
    got = [(p.line, p.column) for p in info.value.problems]
    assert got == [
        (2, "category"),
        (3, "name"),
        (4, "postcode"),
        (5, "lat"),
        (6, "five_ways"),
        (6, "cost"),
        (6, "postcode"),
        (7, "lon"),
    ]
    messages = [p.message for p in info.value.problems]
    assert "did you mean 'library'" in messages[0] and "community-centre" in messages[0]
    assert "swapped" in messages[3]


def test_missing_required_column(write):
    with pytest.raises(DataImportError) as info:
        read_template(write("mine.csv", "nam,category\nA,park\n"))
    assert (
        info.value.problems[0].column == "name"
        and "'nam'" in info.value.problems[0].message
    )


def test_duplicate_source_id(write):
    text = (
        HEADER
        + row(name="A", category="park", postcode="PR7 1DP", source_id="x")
        + row(name="B", category="park", postcode="PR7 1DP", source_id="x")
    )
    with pytest.raises(DataImportError, match="also on line 2"):
        read_template(write("mine.csv", text))


def test_cp1252_file(write):
    text = HEADER + row(name="Café", category="other", postcode="PR7 1DP")
    [record] = read_template(write("mine.csv", text, encoding="cp1252")).records
    assert record.name == "Café"
