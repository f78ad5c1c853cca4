from __future__ import annotations

import gzip

import pytest

from hearthcore import sources
from hearthcore.sources import CATALOGUE, DataImportError

from .conftest import IOD25_HEADER

IOD25 = CATALOGUE["iod2025"]


def test_it_recognises_a_file_from_its_columns_not_its_name(write):
    path = write("renamed.csv", IOD25_HEADER + "E01000001,8.7,26525,33730\n")
    assert sources.recognise(path).key == "iod2025"


def test_an_unknown_file_names_the_closest_kinds(write):
    path = write("odd.csv", "lsoa21_code,IMD_score\nE01000001,1\n")
    with pytest.raises(
        DataImportError, match=r"Closest: iod2025 \(missing IMD_rank, Income_rank\)"
    ):
        sources.recognise(path)


def test_it_reads_a_bom_and_thousands_separators(write):
    path = write(
        "iod.csv",
        "\ufeffLSOA code (2011),LSOA name (2011),Local Authority District code (2019),"
        "Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,"
        "Index of Multiple Deprivation (IMD) Decile\n"
        'E01000001,City of London 001A,E09000001,City of London,"29,199",9\n'
        "E01000002,City of London 001B,E09000001,City of London,30379.00,10\n",
    )
    kind = sources.recognise(path)
    assert kind.key == "iod2019_imd"
    table = sources.read_table(path, kind, subset=True)
    assert (
        table.values.loc["E01000001", "index_of_multiple_deprivation_imd_rank"] == 29199
    )
    assert (
        table.values.loc["E01000002", "index_of_multiple_deprivation_imd_rank"] == 30379
    )
    assert (
        table.labels["index_of_multiple_deprivation_imd_decile"]
        == "Index of Multiple Deprivation (IMD) Decile"
    )
    assert table.encoding == "utf-8"


def test_it_reads_cp1252(write):
    path = write(
        "cp.csv",
        "lsoa21_code,IMD_score,IMD_rank,Income_rank,note\nW01000001,1,2,3,Ynys Môn\n",
        encoding="cp1252",
    )
    with pytest.raises(DataImportError):
        # Welsh code in an England-only dataset is refused...
        sources.read_table(path, IOD25, subset=True)
    path = write(
        "cp2.csv",
        "lsoa21_code,IMD_score,IMD_rank,Income_rank\nE01000001,1,2,3\n".replace(
            "IMD_score", "IMD_score"
        )
        + "",
        encoding="cp1252",
    )
    assert sources.read_table(path, IOD25, subset=True).encoding == "utf-8"
    text = "lsoa21_code,IMD_score,IMD_rank,Income_rank\nE01000001,1,2,3\n"
    path = write("cp3.csv", text + "", encoding="cp1252")
    raw = path.read_bytes().replace(b"IMD_score", b"IMD_score")
    path.write_bytes(
        raw.replace(b"\n", b"\n", 1) + "E01000002,\u00a31,2,3\n".encode("cp1252")
    )
    with pytest.raises(
        DataImportError, match=r"line 3, column 'IMD_score': '£1' is not a number"
    ):
        sources.read_table(path, IOD25, subset=True)


def test_a_non_numeric_value_names_its_line_and_column(write):
    path = write(
        "bad.csv", IOD25_HEADER + "E01000001,1,2,3\nE01000002,1,2,3\nE01000003,x,2,3\n"
    )
    with pytest.raises(DataImportError) as error:
        sources.read_table(path, IOD25, subset=True)
    problem = error.value.problems[0]
    assert (problem.file, problem.line, problem.column) == ("bad.csv", 4, "IMD_score")
    assert "'x' is not a number" in str(error.value)


def test_a_missing_column_is_named_with_a_suggestion(write):
    path = write(
        "miss.csv", "lsoa21_code,IMD_scor,IMD_rank,Income_rank\nE01000001,1,2,3\n"
    )
    with pytest.raises(
        DataImportError,
        match=r"column 'IMD_score': required column is missing \(did you mean 'IMD_scor'\?\)",
    ):
        sources.read_table(path, IOD25, subset=True)


def test_bad_and_duplicated_codes_are_reported_with_lines(write):
    path = write(
        "codes.csv",
        IOD25_HEADER + "E01000001,1,2,3\nE0100000X,1,2,3\nE01000001,1,2,3\n",
    )
    with pytest.raises(DataImportError) as error:
        sources.read_table(path, IOD25, subset=True)
    text = str(error.value)
    assert "line 3, column 'lsoa21_code': 'E0100000X' is not a valid area code" in text
    assert (
        "line 4, column 'lsoa21_code': area code E01000001 appears again (first on line 2)"
        in text
    )


def test_an_empty_or_header_only_file_is_refused(write):
    with pytest.raises(DataImportError, match="is empty"):
        sources.read_table(write("empty.csv", ""), IOD25)
    with pytest.raises(DataImportError, match="has a header but no rows"):
        sources.read_table(write("header.csv", IOD25_HEADER), IOD25)


def test_a_truncated_file_is_refused(write, tmp_path):
    path = write("short.csv", IOD25_HEADER + "E01000001,1,2,3\nE01000002,1")
    with pytest.raises(
        DataImportError,
        match=r"line 3: has only 2 of 4 fields \(is the file truncated\?\)",
    ):
        sources.read_table(path, IOD25, subset=True)
    gz = tmp_path / "cut.csv.gz"
    gz.write_bytes(
        gzip.compress((IOD25_HEADER + "E01000001,1,2,3\n" * 50).encode())[:-20]
    )
    with pytest.raises(DataImportError, match="truncated"):
        sources.read_table(gz, IOD25, subset=True)


def test_long_census_tables_become_one_column_per_category(write):
    path = write(
        "census.csv",
        '"lsoa21_code","total_households","tenure","n","prop"\n'
        '"E01000001",10,"Owned: Owns outright",4,0.4\n'
        '"E01000001",10,"Social rented",6,0.6\n'
        '"E01000002",5,"Owned: Owns outright",5,1\n'
        '"E01000002",5,"Social rented",0,0\n',
    )
    kind = sources.recognise(path)
    assert kind.key == "census2021_tenure"
    values = sources.read_table(path, kind, subset=True).values
    assert values.loc["E01000001", "social_rented"] == 6
    assert values.loc["E01000001", "social_rented_prop"] == 0.6
    assert values.loc["E01000002", "total"] == 5


def test_lsoa_change_codes_from_the_lookup():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "LSOA11CD": ["a", "b", "b", "c", "d", "e", "e", "f"],
            "LSOA21CD": ["A", "B1", "B2", "CD", "CD", "X1", "X2", "X2"],
        }
    )
    changes = sources.lsoa_change_codes(frame)
    assert dict(
        zip(changes["old"] + changes["new"], changes["change"], strict=True)
    ) == {
        "aA": "U",
        "bB1": "S",
        "bB2": "S",
        "cCD": "M",
        "dCD": "M",
        "eX1": "S",
        "eX2": "X",
        "fX2": "M",
    }


def test_utf16_files_from_excel_are_read(write, tmp_path):
    text = IOD25_HEADER + "E01000001,8.7,26525,33730\n"
    path = tmp_path / "utf16.csv"
    path.write_bytes(text.encode("utf-16"))
    assert sources.recognise(path).key == "iod2025"
    table = sources.read_table(path, IOD25, subset=True)
    assert (
        table.encoding == "utf-16"
        and table.values.loc["E01000001", "imd_rank"] == 26525
    )


def test_binary_and_undecodable_files_are_clear_errors(tmp_path):
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(DataImportError, match="is not a text file"):
        sources.read_table(binary, IOD25, subset=True)
    odd = tmp_path / "odd.csv"
    # 0x81 is undefined in Windows-1252 and invalid UTF-8.
    odd.write_bytes(IOD25_HEADER.encode() + b"E01000001,8\x81,1,1\n")
    with pytest.raises(
        DataImportError, match=r"neither UTF-8 nor Windows-1252 text \(byte 0x81"
    ):
        sources.read_table(odd, IOD25, subset=True)
