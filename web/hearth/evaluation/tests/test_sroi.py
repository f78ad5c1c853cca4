"""`hearth sroi` and SROI analyses on the site: worked examples, errors by
line, the wellbeing valuation beside (not in) the ratio."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from hearth.evaluation.models import SroiAnalysis
from hearth.plans.tests import factories as plan_factories
from hearthcore import sroi

HEADER = ",".join(sroi.COLUMNS) + "\n"
# Worked example: £10,000 from the council and £2,000 of volunteer time in
# kind. 20 older residents less lonely, proxy £1,000 for 2 years, deadweight
# 25%, attribution 20%, drop-off 50%: year 1 = 20 x 1000 x 0.75 x 0.8 =
# £12,000; year 2 = £6,000. At 3.5%: 12000/1.035 + 6000/1.035^2 = £17,195.27.
MAP = (
    HEADER
    + "input,Chorley Council,Grant,,,10000,,,,,,\n"
    + "input,Volunteers,Volunteer time,,,2000,,,,,,\n"
    + "outcome,Older residents,Less lonely,ONS loneliness question,20,1000,Council's own proxy,2,25,0,20,50\n"
)
PV = 12000 / 1.035 + 6000 / 1.035**2


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("sroi", *args, stdout=out)
    return out.getvalue()


def test_the_command_values_a_worked_example(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text(MAP, encoding="utf-8")
    result = json.loads(run(str(path), "--format", "json"))
    assert result["investment"] == 12000
    assert result["present_value"] == pytest.approx(PV, abs=0.01)
    assert result["net_present_value"] == pytest.approx(PV - 12000, abs=0.01)
    assert result["ratio"] == pytest.approx(PV / 12000, abs=1e-4)
    assert result["by_outcome"] == [
        {
            "outcome": "Less lonely",
            "stakeholder": "Older residents",
            "present_value": pytest.approx(PV, abs=0.01),
        }
    ]
    # The rate is a percentage: 0 leaves the values undiscounted.
    flat = json.loads(run(str(path), "--format", "json", "--discount-rate", "0"))
    assert flat["present_value"] == pytest.approx(18000)
    assert (
        json.loads(run(str(path), "--format", "json", "--sensitivity"))["sensitivity"][
            0
        ]["assumption"]
        == "deadweight"
    )
    assert "SROI ratio 1.43 : 1" in run(str(path))


def test_the_command_reads_xlsx_with_percentage_cells(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(sroi.COLUMNS))
    sheet.append(["input", "Chorley Council", "Grant", None, None, 10000])
    sheet.append(
        [
            "outcome",
            "Older residents",
            "Less lonely",
            "ONS",
            20,
            1000,
            "own",
            2,
            0.25,
            0,
            0.2,
            0.5,
        ]
    )
    for column in "IJKL":
        sheet[f"{column}3"].number_format = "0%"
    path = tmp_path / "map.xlsx"
    book.save(path)
    result = json.loads(run(str(path), "--format", "json"))
    assert result["present_value"] == pytest.approx(PV, abs=0.01)


def test_the_command_names_the_lines_that_are_wrong(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "input,Chorley Council,Grant,,,ten thousand,,,,,,\n"
        + "outcome,Older residents,Less lonely,ONS,20,1000,own,2,125,0,0,0\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        run(str(path), "--format", "json")
    text = str(error.value)
    assert "line 2" in text and "proxy_value" in text
    assert "line 3" in text and "deadweight" in text
    with pytest.raises(CommandError, match="percentage"):
        run(str(path), "--discount-rate", "-1")
    with pytest.raises(CommandError, match="no file"):
        run(str(tmp_path / "missing.csv"))


def test_an_officer_adds_an_analysis_and_a_bad_file_changes_nothing(
    db, personas, client
):
    community = plan_factories.community()
    url = reverse("evaluation:new_sroi", args=[community.pk])
    client.force_login(personas.cora)
    assert client.get(url).status_code == 403
    client.force_login(personas.olivia)
    bad = SimpleUploadedFile(
        "map.csv",
        (HEADER + "outcome,Residents,Safer,Alarms,x,10,own,2,0,0,0,0\n").encode(),
    )
    response = client.post(url, {"name": "Alarms", "file": bad, "discount_rate": "3.5"})
    assert response.status_code == 400
    assert b"line 2" in response.content and b"There is a problem" in response.content
    assert not SroiAnalysis.objects.exists()
    broken = SimpleUploadedFile("map.xlsx", b"not a workbook")
    response = client.post(
        url, {"name": "Alarms", "file": broken, "discount_rate": "3.5"}
    )
    assert (
        response.status_code == 400 and b"XLSX file cannot be read" in response.content
    )
    good = SimpleUploadedFile("map.csv", MAP.encode())
    response = client.post(
        url, {"name": "Lunch club", "file": good, "discount_rate": "3.5"}
    )
    analysis = SroiAnalysis.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/sroi/{analysis.pk}/"
    )
    page = client.get(response["Location"]).content.decode()
    assert "£1.43</strong> of social value" in page
    assert "£17,195.27" in page
    # The wellbeing valuation sits beside the ratio and does not change it.
    settings_url = reverse("evaluation:sroi", args=[analysis.pk])
    response = client.post(
        settings_url,
        {
            "settings": "1",
            "discount_rate": "3.5",
            "wellby_people": "10",
            "wellby_change": "0.5",
            "wellby_uprating": "1",
        },
    )
    assert response.status_code == 302
    page = client.get(settings_url).content.decode()
    assert "£65,000" in page and "£1.43</strong>" in page
    response = client.post(
        settings_url,
        {
            "settings": "1",
            "discount_rate": "3.5",
            "wellby_people": "10",
            "wellby_uprating": "1",
        },
    )
    assert response.status_code == 400 and b"Enter both" in response.content
    # The stored map downloads as the spreadsheet it came from.
    csv = client.get(reverse("evaluation:sroi_csv", args=[analysis.pk])).content.decode(
        "utf-8-sig"
    )
    assert csv.splitlines()[0] == ",".join(sroi.COLUMNS)
    assert "Less lonely" in csv
