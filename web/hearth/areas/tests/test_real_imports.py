"""Bad imports of the real files (issue: a bad import could replace national
data). Each cut-down or damaged copy is refused, names its line and column,
and leaves the national dataset exactly as it was."""

from __future__ import annotations

import csv
import gzip
import io

import pytest
from django.core.management import CommandError, call_command

from hearth.areas import importers
from hearth.areas.models import Dataset, Indicator
from hearth.audit.models import AuditEvent

pytestmark = pytest.mark.realdata


def rows_of(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write(tmp_path, name, rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def unchanged(kind, rows, checksum):
    dataset = Dataset.objects.get(kind=kind)
    return dataset.rows == rows and dataset.checksum == checksum


@pytest.fixture
def file2(real_data):
    return rows_of(real_data / "imd2019/File_2_-_IoD2019_Domains_of_Deprivation.csv")


@pytest.fixture
def iod25(real_data):
    return rows_of(real_data / "imd2025/humaniverse_imd2025_england_lsoa21.csv")


def test_a_400_row_file_2_with_n_a_is_refused_and_national_data_kept(
    db, real_data, file2, tmp_path
):
    before = Dataset.objects.get(kind="iod2019_domains")
    header, body = file2[0], file2[1:401]
    crime = header.index("Crime Rank (where 1 is most deprived)")
    body[99][crime] = "n/a"
    path = write(tmp_path, "File_2_cut.csv", [header, *body])
    with pytest.raises(importers.ImportFailed) as error:
        importers.import_file(path)
    message = str(error.value)
    assert (
        "line 101, column 'Crime Rank (where 1 is most deprived)': a value is required"
        in message
    )
    # Even without the bad cell it is only part of the release.
    body[99][crime] = "5"
    path = write(tmp_path, "File_2_cut.csv", [header, *body])
    with pytest.raises(importers.ImportFailed, match=r"covers 400 LSOA .2011. areas"):
        importers.import_file(path)
    with pytest.raises(importers.ImportFailed, match="never replaces national data"):
        importers.import_file(path, subset=True)
    assert unchanged("iod2019_domains", 32_844, before.checksum)
    # The index still runs on the national data.
    out = io.StringIO()
    call_command(
        "index",
        "run",
        "imd2019",
        "--area",
        "E07000118",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert len(out.getvalue().strip().splitlines()) == 67  # header + 66 LSOAs


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("IMD_decile", "11", "expected a whole number from 1 to 10"),
        ("IMD_rank", "999999", "expected a whole number from 1 to 33,755"),
        ("IMD_rank", "-5", "expected a whole number from 1 to 33,755"),
        ("IMD_score", "-99999", "expected a number from 0 to 100"),
        ("IMD_score", "1e309", "inf is not a finite number"),
        ("IMD_score", "inf", "inf is not a finite number"),
        (
            "lsoa21_code",
            "E01999999",
            "E01999999 is not an LSOA (2021) code Hearth knows",
        ),
    ],
)
def test_bad_values_in_the_real_iod_2025_are_refused(
    db, real_data, iod25, tmp_path, column, value, message
):
    before = Dataset.objects.get(kind="iod2025")
    header, body = iod25[0], [list(r) for r in iod25[1:]]
    body[1000][header.index(column)] = value
    path = write(tmp_path, "iod2025_edited.csv", [header, *body])
    with pytest.raises(importers.ImportFailed) as error:
        importers.import_file(path)
    assert f"line 1002, column '{column}'" in str(error.value)
    assert message in str(error.value)
    assert unchanged("iod2025", 33_755, before.checksum)


def test_a_300_row_iod_2025_and_a_200_row_rural_urban_file_are_refused(
    db, real_data, iod25, tmp_path
):
    iod_before = Dataset.objects.get(kind="iod2025")
    ruc_before = Dataset.objects.get(kind="ruc2021")
    path = write(tmp_path, "iod2025_300.csv", iod25[:301])
    with pytest.raises(
        importers.ImportFailed,
        match=r"covers 300 LSOA .2021. areas, but the release covers 33,755",
    ):
        importers.import_file(path)
    ruc = rows_of(real_data / "lookups/geographr_ruc21_lsoa21.csv")
    path = write(tmp_path, "ruc_200.csv", ruc[:201])
    with pytest.raises(
        importers.ImportFailed,
        match=r"covers 200 LSOA .2021. areas, but the release covers 35,672",
    ):
        importers.import_file(path)
    assert unchanged("iod2025", 33_755, iod_before.checksum)
    assert unchanged("ruc2021", 35_672, ruc_before.checksum)
    # Chorley's figures are still there.
    score = Indicator.objects.get(dataset__kind="iod2025", code="imd_score")
    from hearth.areas.queries import column

    assert column(score)["E01024940"] > 40
    refused = AuditEvent.objects.filter(action="import", changes__outcome="refused")
    assert refused.count() == 2


def test_the_command_exits_non_zero_for_a_refused_real_file(
    db, real_data, iod25, tmp_path
):
    path = write(tmp_path, "iod2025_300.csv", iod25[:301])
    err = io.StringIO()
    with pytest.raises(CommandError, match="could not be imported"):
        call_command("data", "import", str(path), stdout=io.StringIO(), stderr=err)
    assert "Import it with --subset" in err.getvalue()
