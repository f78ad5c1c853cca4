"""A file is the release it claims to be: valid ranges, codes and coverage."""

from __future__ import annotations

import pytest

from hearthcore import sources
from hearthcore.sources import CATALOGUE, DataImportError

IOD25 = CATALOGUE["iod2025"]
FILE2 = CATALOGUE["iod2019_domains"]
HEADER = "lsoa21_code,IMD_score,IMD_rank,IMD_decile,Income_rank,Income_score\n"
GOOD = "E01000001,40.5,120,1,300,0.3\n"


def problems_of(error: pytest.ExceptionInfo[DataImportError]) -> list[str]:
    return [str(p) for p in error.value.problems]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            "E01000002,40,121,11,301,0.3",
            "IMD_decile",
            "11 is not valid here: expected a whole number from 1 to 10",
        ),
        (
            "E01000002,40,999999,1,301,0.3",
            "IMD_rank",
            "999,999 is not valid here: expected a whole number from 1 to 33,755",
        ),
        ("E01000002,40,-5,1,301,0.3", "IMD_rank", "-5 is not valid here"),
        ("E01000002,40,2.5,1,301,0.3", "IMD_rank", "2.5 is not valid here"),
        (
            "E01000002,-99999,121,1,301,0.3",
            "IMD_score",
            "-99,999 is not valid here: expected a number from 0 to 100",
        ),
        (
            "E01000002,40,121,1,301,1.5",
            "Income_score",
            "1.5 is not valid here: expected a number from 0 to 1",
        ),
        ("E01000002,1e309,121,1,301,0.3", "IMD_score", "inf is not a finite number"),
        ("E01000002,inf,121,1,301,0.3", "IMD_score", "inf is not a finite number"),
        ("E01000002,40,n/a,1,301,0.3", "IMD_rank", "a value is required here"),
        ("E01000002,40,-,1,301,0.3", "IMD_rank", "a value is required here"),
        ("E01000002,40,,1,301,0.3", "IMD_rank", "a value is required here"),
    ],
)
def test_values_outside_their_ranges_are_refused_with_line_and_column(
    write, row, column, message
):
    path = write("iod.csv", HEADER + GOOD + row + "\n")
    with pytest.raises(DataImportError) as error:
        sources.read_table(path, IOD25, subset=True)
    first = error.value.problems[0]
    assert (first.line, first.column) == (3, column)
    assert message in first.message


def test_codes_must_be_areas_hearth_knows(write):
    path = write("iod.csv", HEADER + GOOD + "E01999999,40,121,1,301,0.3\n")
    known = {"E01000001", "E01000002"}
    with pytest.raises(DataImportError) as error:
        sources.read_table(path, IOD25, subset=True, known_codes=known)
    assert problems_of(error) == [
        "iod.csv, line 3, column 'lsoa21_code': E01999999 is not an LSOA (2021) code Hearth knows"
    ]
    # Without loaded areas there is nothing to check against.
    assert len(sources.read_table(path, IOD25, subset=True).values) == 2


def test_a_partial_release_is_refused_unless_it_is_a_subset(write):
    path = write("iod.csv", HEADER + GOOD)
    with pytest.raises(
        DataImportError,
        match=r"covers 1 LSOA \(2021\) areas, but the release covers 33,755",
    ):
        sources.read_table(path, IOD25)
    assert len(sources.read_table(path, IOD25, subset=True).values) == 1


def test_an_iod_2019_file_2_with_a_missing_rank_names_it(write):
    header = (
        "LSOA code (2011),LSOA name (2011),Local Authority District code (2019),"
        "Local Authority District name (2019),"
        "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived),"
        "Income Rank (where 1 is most deprived),Crime Rank (where 1 is most deprived),"
        "Living Environment Rank (where 1 is most deprived)\n"
    )
    rows = (
        "E01000001,A,E09000001,London,1,2,3,4\nE01000002,B,E09000001,London,5,6,n/a,8\n"
    )
    with pytest.raises(DataImportError) as error:
        sources.read_table(write("file2.csv", header + rows), FILE2, subset=True)
    [problem] = error.value.problems
    assert problem.line == 3
    assert problem.column == "Crime Rank (where 1 is most deprived)"


def test_underlying_indicators_may_be_suppressed_but_not_infinite(write):
    kind = CATALOGUE["iod2025_indicators"]
    header = "lsoa21_code,income_domain_numerator,patient_to_gp_ratio\n"
    ok = write("ind.csv", header + "E01000001,,1500\nE01000002,n/a,1600\n")
    values = sources.read_table(ok, kind, subset=True).values
    assert values["income_domain_numerator"].isna().all()
    bad = write("ind2.csv", header + "E01000001,12,inf\n")
    with pytest.raises(DataImportError, match="not a finite number"):
        sources.read_table(bad, kind, subset=True)
    negative = write("ind3.csv", header + "E01000001,-12,1500\n")
    with pytest.raises(DataImportError, match="at least 0"):
        sources.read_table(negative, kind, subset=True)


def test_census_shares_and_counts_are_checked_in_the_long_table(write):
    header = '"lsoa21_code","total_households","tenure","n","prop"\n'
    rows = '"E01000001",10,"Owned",4,0.4\n"E01000001",10,"Rented",6,1.6\n'
    path = write("census.csv", header + rows)
    with pytest.raises(DataImportError) as error:
        sources.read_table(path, CATALOGUE["census2021_tenure"], subset=True)
    first = error.value.problems[0]
    assert (first.line, first.column) == (3, "prop")


def test_a_rural_urban_file_needs_a_class_on_every_row(write):
    header = "lsoa21_code,ruc21_code,classification,ruc\n"
    rows = "E01000001,UN1,Urban nearer,Urban\nE01000002,UN1,,Urban\n"
    with pytest.raises(
        DataImportError, match="line 3, column 'classification': a class is required"
    ):
        sources.read_table(
            write("ruc.csv", header + rows), CATALOGUE["ruc2021"], subset=True
        )
