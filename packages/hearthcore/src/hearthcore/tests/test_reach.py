from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from hearthcore import reach
from hearthcore.reach import (
    AGE_GROUPS,
    ETHNIC_GROUPS,
    Engagement,
    census_counts,
    group_for_label,
    read_census,
    representation,
)

DATA = Path(os.environ.get("HEARTH_DATA_DIR", "/work/shared/data"))
CENSUS = DATA / "census2021"

# A community of 1,000 residents: 10% aged 65 and over.
AGE_CENSUS = {
    "aged_15_and_under": 200,
    "aged_16_to_24": 100,
    "aged_25_to_34": 150,
    "aged_35_to_49": 200,
    "aged_50_to_64": 250,
    "aged_65_and_over": 100,
}


def test_group_names_are_exactly_these():
    assert list(AGE_GROUPS) == [
        "aged_15_and_under",
        "aged_16_to_24",
        "aged_25_to_34",
        "aged_35_to_49",
        "aged_50_to_64",
        "aged_65_and_over",
    ]
    assert list(ETHNIC_GROUPS) == [
        "asian",
        "black",
        "mixed",
        "white",
        "other_ethnic_group",
    ]


def test_hand_checked_ratio():
    # 40 engaged, of whom 20 are aged 65+; the census has 10% aged 65+:
    # engaged share 20 / 40 = 0.5, ratio 0.5 / 0.1 = 5.0
    result = representation(
        [{"people": 40, "age": {"aged_65_and_over": 20, "aged_25_to_34": 20}}],
        AGE_CENSUS,
    )
    row = result.group("aged_65_and_over")
    assert (row.engaged, row.engaged_share, row.census_share, row.ratio) == (
        20,
        0.5,
        0.1,
        5.0,
    )
    assert not row.under_represented
    # no-one aged 16-24 came, where 10% of residents are: ratio 0, flagged
    young = result.group("aged_16_to_24")
    assert (young.engaged, young.engaged_share, young.ratio) == (0, 0.0, 0.0)
    assert young.under_represented
    assert result.people_reached == 40 and result.with_age_breakdown == 40


def test_flag_threshold_at_exactly_0_8():
    # 8 of 100 engaged aged 65+ against 10% in the census: 0.08 / 0.1 = 0.8
    # exactly (in floating point it would be 0.7999999999999999), not flagged.
    at = representation(
        [{"people": 100, "aged_65_and_over": 8, "aged_50_to_64": 92}], AGE_CENSUS
    ).group("aged_65_and_over")
    assert at.ratio == 0.8
    assert not at.under_represented
    # 7 of 100: 0.07 / 0.1 = 0.7, flagged
    below = representation(
        [{"people": 100, "aged_65_and_over": 7, "aged_50_to_64": 93}], AGE_CENSUS
    ).group("aged_65_and_over")
    assert below.ratio == pytest.approx(0.7)
    assert below.under_represented


def test_a_different_threshold():
    result = representation(
        [{"people": 100, "aged_65_and_over": 8, "aged_50_to_64": 92}],
        AGE_CENSUS,
        threshold=0.9,
    )
    assert result.group("aged_65_and_over").under_represented
    assert result.threshold == 0.9


def test_records_without_breakdowns_count_in_the_total_only():
    records = [
        {
            "people": 40,
            "aged_65_and_over": 20,
            "aged_25_to_34": 20,
            "white": 30,
            "black": 10,
        },
        {"people": 60},  # a drop-in with only a head count
        {"people": 25, "age": {"aged_65_and_over": 5, "aged_16_to_24": 20}},
    ]
    ethnicity = {
        "asian": 50,
        "black": 200,
        "mixed": 30,
        "white": 700,
        "other_ethnic_group": 20,
    }
    result = representation(records, {**AGE_CENSUS, **ethnicity})
    assert result.people_reached == 125 and result.records == 3
    assert result.with_age_breakdown == 65
    assert result.records_without_age_breakdown == 1
    assert result.with_ethnicity_breakdown == 40
    assert result.records_without_ethnicity_breakdown == 2
    assert result.records_without_disability_breakdown == 3
    # 65+: (20 + 5) of the 65 with an age breakdown
    assert result.group("aged_65_and_over").engaged_share == pytest.approx(25 / 65)
    # black: 10 of 40 = 0.25 against 200 / 1000 = 0.2: ratio 1.25
    assert result.group("black").ratio == pytest.approx(1.25)


def test_a_partial_breakdown_uses_its_own_sum():
    # 40 came, 30 gave their age (15 aged 65+): the share is 15 / 30, not 15 / 40
    result = representation(
        [{"people": 40, "aged_65_and_over": 15, "aged_50_to_64": 15}], AGE_CENSUS
    )
    assert result.group("aged_65_and_over").engaged_share == 0.5
    assert result.with_age_breakdown == 30
    assert result.people_reached == 40


def test_no_breakdowns_at_all():
    result = representation([{"people": 12}, Engagement(people=8)], AGE_CENSUS)
    row = result.group("aged_65_and_over")
    assert row.engaged == 0 and row.engaged_share is None and row.ratio is None
    assert not row.under_represented
    assert result.people_reached == 20 and result.records_without_age_breakdown == 2
    assert result.under_represented() == []


def test_census_share_of_zero_or_missing_gives_no_ratio():
    census = {**AGE_CENSUS, "aged_16_to_24": 0}
    result = representation(
        [{"people": 10, "aged_16_to_24": 5, "aged_65_and_over": 5}], census
    )
    row = result.group("aged_16_to_24")
    assert row.census_share == 0.0 and row.ratio is None and not row.under_represented
    # no ethnicity in the census counts: no census share
    assert result.group("white").census_share is None
    # an incomplete dimension gives no shares either, rather than shares of
    # the part given
    partial = {"aged_65_and_over": 100, "aged_50_to_64": 900}
    row = representation([{"people": 10, "aged_65_and_over": 5}], partial).group(
        "aged_65_and_over"
    )
    assert row.census_share is None and row.ratio is None


def test_disability():
    census = {"disabled": 200, "not_disabled": 800}
    records = [
        {"people": 20, "disabled": 2},  # everyone else reached is not disabled
        Engagement(people=30, disabled=6, not_disabled=14),  # 10 did not answer
        {"people": 50},
    ]
    result = representation(records, census)
    row = result.group("disabled")
    # (2 + 6) disabled of (20 + 20) with an answer = 0.2, census 0.2: ratio 1
    assert row.engaged == 8
    assert row.engaged_share == 0.2 and row.census_share == 0.2 and row.ratio == 1.0
    assert result.with_disability_breakdown == 40
    assert result.records_without_disability_breakdown == 1
    assert [g.group for g in result.groups if g.dimension == "disability"] == [
        "disabled"
    ]
    # a census without the not-disabled count gives no share
    assert (
        representation(records, {"disabled": 200}).group("disabled").census_share
        is None
    )


def test_records_as_dataclasses_and_nested_mappings():
    @dataclass
    class Session:
        people: int
        age: dict[str, int]
        title: str = "coffee morning"

    flat = representation(
        [
            {
                "people_reached": 10,
                "aged_65_and_over": 4,
                "aged_50_to_64": 6,
                "venue": "hall",
            }
        ],
        AGE_CENSUS,
    )
    nested = representation(
        [Session(10, {"aged_65_and_over": 4, "aged_50_to_64": 6})], AGE_CENSUS
    )
    assert flat.groups == nested.groups


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"people": 10, "aged_65_and_over": 11}, "add up to 11, more than the 10"),
        ({"people": 10, "age": {"aged_70_plus": 3}}, "unknown age group"),
        ({"people": -1}, "people must be a whole number"),
        ({"people": 10, "white": 2.5}, "white must be a whole number"),
        ({"people": 10, "white": True}, "white must be a count"),
        ({"aged_65_and_over": 3}, "has no 'people'"),
        ({"people": 10, "disabled": 11}, "more than the 10 people"),
        ({"people": 10, "not_disabled": 4}, "not_disabled is given without disabled"),
        ("ten people", "not a mapping"),
    ],
)
def test_bad_records(record, message):
    with pytest.raises(ValueError, match=message):
        representation([record], AGE_CENSUS)


def test_to_frame_and_flags():
    result = representation([{"people": 10, "aged_65_and_over": 10}], AGE_CENSUS)
    frame = result.to_frame()
    assert list(frame.columns) == [
        "dimension",
        "group",
        "engaged",
        "engaged_share",
        "census_share",
        "ratio",
        "under_represented",
    ]
    assert len(frame) == 6 + 5 + 1
    assert [g.group for g in result.under_represented()] == [
        g for g in AGE_GROUPS if g != "aged_65_and_over"
    ]
    with pytest.raises(KeyError):
        result.group("aged_70_plus")


# --- Census labels and files --------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "group"),
    [
        ("Aged 15 years and under", "aged_15_and_under"),
        ("aged 16 to 24 years", "aged_16_to_24"),
        ("Aged 65 years and over", "aged_65_and_over"),
        ("Asian, Asian British or Asian Welsh", "asian"),
        ("Mixed or Multiple ethnic groups", "mixed"),
        ("Other  ethnic group", "other_ethnic_group"),
        ("Disabled under the Equality Act", "disabled"),
        ("Not disabled under the Equality Act", "not_disabled"),
    ],
)
def test_group_for_label(label, group):
    assert group_for_label(label) == group


def test_group_for_an_unknown_label():
    with pytest.raises(ValueError, match="not a Census 2021 category"):
        group_for_label("Aged 90 and over")


def _gz(path: Path, text: str) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(text)
    return path


def test_read_census_and_sum_a_community(tmp_path):
    lines = ['"lsoa21_code","total_residents","ethnic_group","n","prop"']
    for code, counts in (
        ("E01000001", (1, 2, 3, 4, 5)),
        ("E01000002", (10, 20, 30, 40, 50)),
    ):
        for label, n in zip(ETHNIC_GROUPS.values(), counts, strict=True):
            lines.append(f'"{code}",15,"{label}",{n},0.1')
    table = read_census(
        _gz(tmp_path / "eth.csv.gz", "\n".join(lines) + "\n"), "ethnicity"
    )
    assert list(table.columns) == list(ETHNIC_GROUPS)
    assert table.loc["E01000002", "white"] == 40
    assert census_counts([table], ["E01000001", "E01000002", "E01000001"]) == {
        "asian": 11,
        "black": 22,
        "mixed": 33,
        "white": 44,
        "other_ethnic_group": 55,
    }
    assert census_counts([table]) == census_counts([table], ["E01000001", "E01000002"])
    with pytest.raises(
        ValueError, match="1 LSOA\\(s\\) not in the census table: W01000001"
    ):
        census_counts([table], ["E01000001", "W01000001"])


def test_read_census_refuses_unknown_or_misplaced_labels(tmp_path):
    header = '"lsoa21_code","lsoa21_name","age_group","usual_residents"\n'
    unknown = _gz(
        tmp_path / "a.csv.gz", header + '"E01000001","x","Aged 90 and over",5\n'
    )
    with pytest.raises(ValueError, match="'Aged 90 and over' is not a Census 2021 age"):
        read_census(unknown, "age")
    misplaced = _gz(tmp_path / "b.csv.gz", header + '"E01000001","x","White",5\n')
    with pytest.raises(ValueError, match="'White' is not a Census 2021 age"):
        read_census(misplaced, "age")
    partial = _gz(
        tmp_path / "c.csv.gz", header + '"E01000001","x","Aged 65 years and over",5\n'
    )
    with pytest.raises(ValueError, match="E01000001 lacks some age groups"):
        read_census(partial, "age")
    with pytest.raises(ValueError, match="has no column ethnic_group, n"):
        read_census(partial, "ethnicity")


# --- The real Census 2021 files -------------------------------------------------------

# Census 2021 usual residents, England and Wales: 59,597,542. The published
# LSOA tables are perturbed for disclosure control, so their sums differ by a
# few hundred.
ENGLAND_AND_WALES = 59_597_542
LSOAS_ENGLAND_AND_WALES = 35_672  # 33,755 in England + 1,917 in Wales


@pytest.fixture(scope="module")
def census_tables():
    return {
        "age": read_census(
            CENSUS / "hack25usefuldata_census21_pop_lsoa21_age_groups.csv.gz", "age"
        ),
        "ethnicity": read_census(
            CENSUS / "demographr_ethnicity21_lsoa21.csv.gz", "ethnicity"
        ),
        "disability": read_census(
            CENSUS / "demographr_disability21_lsoa21_ew.csv.gz", "disability"
        ),
    }


@pytest.mark.parametrize("dimension", ["age", "ethnicity", "disability"])
@pytest.mark.realdata
@pytest.mark.skipif(not CENSUS.exists(), reason="no HEARTH_DATA_DIR")
def test_real_census_files_map_to_the_groups(census_tables, dimension):
    table = census_tables[dimension]
    assert list(table.columns) == list(reach.GROUPS[dimension])
    assert len(table) == LSOAS_ENGLAND_AND_WALES
    assert table.index.str.match(r"^[EW]01\d{6}$").all()
    assert (table >= 0).all().all()
    assert abs(int(table.to_numpy().sum()) - ENGLAND_AND_WALES) < 1_000


@pytest.mark.realdata
@pytest.mark.skipif(not CENSUS.exists(), reason="no HEARTH_DATA_DIR")
def test_real_census_community(census_tables):
    # City of London 001A, as published
    assert census_tables["age"].loc["E01000001"].tolist() == [
        125,
        110,
        291,
        336,
        245,
        370,
    ]
    assert census_tables["ethnicity"].loc["E01000001", "white"] == 1181
    assert census_tables["disability"].loc["E01000001"].tolist() == [152, 1323]
    counts = census_counts(census_tables.values(), ["E01000001", "E01000002"])
    assert counts["aged_65_and_over"] == 370 + 277
    result = representation(
        [{"people": 30, "aged_65_and_over": 15, "aged_25_to_34": 15, "disabled": 3}],
        counts,
    )
    older = result.group("aged_65_and_over")
    assert older.census_share == pytest.approx(647 / sum(counts[g] for g in AGE_GROUPS))
    assert older.ratio == pytest.approx(0.5 / older.census_share)
    assert result.group("disabled").census_share == pytest.approx(299 / (299 + 2561))
