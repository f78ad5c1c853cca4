from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from hearthcore import sroi
from hearthcore.sroi import (
    ImpactMap,
    ImpactMapError,
    Input,
    Outcome,
    calculate,
    read_impact_map,
    sensitivity,
    wellby_value,
)

HEADER = ",".join(sroi.COLUMNS)


def worked_example(investment: float = 10_000) -> ImpactMap:
    # quantity 10, proxy £1,000, deadweight 20%, displacement 0, attribution
    # 10%, drop-off 50%, 3 years
    return ImpactMap(
        (Input("Council", investment, "grant"),),
        (
            Outcome(
                "Residents",
                "Less isolated",
                "ONS loneliness question",
                10,
                1000,
                "council's own estimate",
                3,
                deadweight=0.2,
                displacement=0.0,
                attribution=0.1,
                drop_off=0.5,
            ),
        ),
    )


def write(tmp_path, text: str, name: str = "map.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# --- The arithmetic, checked by hand --------------------------------------------


def test_worked_example_by_hand():
    result = calculate(worked_example())
    (value,) = result.by_outcome
    # first year = 10 x 1000 x (1 - 0.2) x (1 - 0) x (1 - 0.1) = 7200
    # drop-off 50% from year 2: 7200, 3600, 1800
    assert value.year_values == pytest.approx((7200, 3600, 1800))
    # discounted at 3.5%: 7200 / 1.035          = 6956.5217
    #                     3600 / 1.035^2 (1.071225) = 3360.6385
    #                     1800 / 1.035^3 (1.108718) = 1623.4969
    assert value.discounted_values == pytest.approx(
        (6956.5217, 3360.6385, 1623.4969), abs=1e-4
    )
    # present value 6956.5217 + 3360.6385 + 1623.4969 = 11940.6571
    assert result.present_value == pytest.approx(11940.6571, abs=1e-4)
    assert result.investment == 10_000
    assert result.net_present_value == pytest.approx(1940.6571, abs=1e-4)
    # ratio 11940.6571 / 10000
    assert result.ratio == pytest.approx(1.19406571, abs=1e-8)
    assert result.year_values == pytest.approx((7200, 3600, 1800))
    assert result.discount_rate == 0.035


def test_several_inputs_and_outcomes_by_hand():
    impact_map = ImpactMap(
        (
            Input("Council", 6000, "grant"),
            Input("Trust", 3000, "grant"),
            Input("Volunteers", 1000, "time (in kind)"),
        ),
        (
            # 20 x 500 x 0.9 x 1 x 0.8 = 7200 for 1 year
            Outcome("Residents", "More active", "steps", 20, 500, "ref", 1,
                    deadweight=0.1, attribution=0.2),
            # 5 x 2000 x 1 x 0.9 x 1 = 9000, then 9000 x 0.9 = 8100
            Outcome("Carers", "Less stress", "survey", 5, 2000, "ref", 2,
                    displacement=0.1, drop_off=0.1),
        ),
    )  # fmt: skip
    assert impact_map.investment == 10_000
    assert impact_map.investment_by_stakeholder() == {
        "Council": 6000,
        "Trust": 3000,
        "Volunteers": 1000,
    }
    # undiscounted: 7200 + 9000 + 8100 = 24300, ratio 2.43
    flat = calculate(impact_map, discount_rate=0)
    assert flat.present_value == pytest.approx(24300)
    assert flat.ratio == pytest.approx(2.43)
    assert flat.year_values == pytest.approx((16200, 8100))
    # at 3.5%: 7200/1.035 = 6956.5217; 9000/1.035 + 8100/1.071225 = 16257.0888
    result = calculate(impact_map)
    assert [o.present_value for o in result.by_outcome] == pytest.approx(
        [6956.5217, 16257.0888], abs=1e-4
    )
    assert result.present_value == pytest.approx(23213.6106, abs=1e-4)
    assert result.ratio == pytest.approx(2.32136106, abs=1e-8)
    assert result.net_present_value == pytest.approx(13213.6106, abs=1e-4)


def test_nothing_invested_gives_no_ratio():
    result = calculate(worked_example(investment=0))
    assert result.ratio is None
    assert result.to_dict()["ratio"] is None


def test_discount_rate_is_a_fraction():
    with pytest.raises(ValueError, match=r"0\.035 for 3\.5%"):
        calculate(worked_example(), discount_rate=3.5)


def test_outcome_and_input_validation():
    with pytest.raises(ValueError, match="duration_years must be at least 1"):
        Outcome("a", "b", "c", 1, 1, "s", 0)
    with pytest.raises(ValueError, match="whole number"):
        Outcome("a", "b", "c", 1, 1, "s", 2.5)
    with pytest.raises(ValueError, match="deadweight must be a fraction"):
        Outcome("a", "b", "c", 1, 1, "s", 1, deadweight=20)
    with pytest.raises(ValueError, match="quantity"):
        Outcome("a", "b", "c", -1, 1, "s", 1)
    with pytest.raises(ValueError, match="amount"):
        Input("Council", -5)


# --- JSON ---------------------------------------------------------------------------


def test_json_shape():
    result = calculate(worked_example())
    data = json.loads(result.to_json())
    assert {
        "investment",
        "present_value",
        "net_present_value",
        "ratio",
        "by_outcome",
    } <= set(data)
    assert data["investment"] == 10_000
    assert data["ratio"] == pytest.approx(1.19406571)
    assert data["by_outcome"] == [
        {
            "outcome": "Less isolated",
            "stakeholder": "Residents",
            "present_value": pytest.approx(11940.6571, abs=1e-4),
        }
    ]
    assert json.loads(result.to_json(indent=2)) == data


# --- Reading files --------------------------------------------------------------------

GOOD_CSV = f"""{HEADER}
input,Council,grant,,,6000,,,,,,
input,Volunteers,time (in kind),,,1000,,,,,,
outcome,Residents,Less isolated,ONS loneliness question,10,1000,council estimate,3,20,0,10,50
outcome,Carers,Less stress,survey,5,"2,000",Unit Cost Database,2,0,10%,0,10
"""


def test_read_csv(tmp_path):
    impact_map = read_impact_map(write(tmp_path, GOOD_CSV))
    assert impact_map.name == "map.csv"
    assert [
        (i.stakeholder, i.amount, i.description, i.line) for i in impact_map.inputs
    ] == [
        ("Council", 6000, "grant", 2),
        ("Volunteers", 1000, "time (in kind)", 3),
    ]
    first, second = impact_map.outcomes
    assert first.line == 4 and second.line == 5
    assert (first.deadweight, first.attribution, first.drop_off) == (0.2, 0.1, 0.5)
    assert second.proxy_value == 2000  # "2,000"
    assert second.displacement == 0.1  # "10%"
    assert second.proxy_source == "Unit Cost Database"
    assert first.duration_years == 3 and isinstance(first.duration_years, int)


def test_headers_are_matched_loosely(tmp_path):
    header = (
        "Kind,Stakeholder,Outcome,Indicator,Quantity,Proxy value (£),Proxy source,"
        "Duration years,Deadweight (%),Displacement (%),Attribution (%),Drop-off (%),Notes"
    )
    text = "\n".join([header, *GOOD_CSV.splitlines()[1:]])
    # A trailing notes column is ignored, and so are its cells.
    text = text.replace("\n", ",note\n")
    impact_map = read_impact_map(write(tmp_path, text))
    assert len(impact_map.outcomes) == 2


def test_bom_cp1252_and_semicolons(tmp_path):
    text = GOOD_CSV.replace("Residents", "Café regulars").replace(",6000,", ",£6000,")
    utf8 = read_impact_map(write(tmp_path, "\ufeff" + text, "bom.csv"))
    cp1252 = read_impact_map(write(tmp_path, text, "excel.csv", encoding="cp1252"))
    assert cp1252 == ImpactMap(utf8.inputs, utf8.outcomes, "excel.csv")
    assert cp1252.outcomes[0].stakeholder == "Café regulars"
    assert cp1252.inputs[0].amount == 6000
    semicolons = text.replace('"2,000"', "2000").replace(",", ";")
    assert read_impact_map(write(tmp_path, semicolons, "semi.csv")).outcomes == (
        utf8.outcomes
    )


def _write_xlsx(path, rows, percent_cells=()):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for ref in percent_cells:
        sheet[ref].number_format = "0%"
    workbook.save(path)
    return path


def test_xlsx_and_csv_give_the_same_result(tmp_path):
    rows = [
        list(sroi.COLUMNS),
        ["input", "Council", "grant", None, None, 6000],
        ["input", "Volunteers", "time (in kind)", None, None, 1000],
        ["outcome", "Residents", "Less isolated", "ONS loneliness question", 10, 1000,
         "council estimate", 3, 0.2, 0, 10, 50],
        ["outcome", "Carers", "Less stress", "survey", 5, 2000, "Unit Cost Database",
         2, 0, 10, 0, 10],
    ]  # fmt: skip
    # I4 holds 0.2 shown as "20%": it is read as the 20 the user sees.
    xlsx = _write_xlsx(tmp_path / "map.xlsx", rows, percent_cells=["I4"])
    from_xlsx = read_impact_map(xlsx)
    from_csv = read_impact_map(write(tmp_path, GOOD_CSV))
    assert from_xlsx.outcomes == from_csv.outcomes
    assert from_xlsx.inputs == from_csv.inputs
    assert calculate(from_xlsx) == calculate(from_csv)


def test_xlsx_errors_name_the_spreadsheet_row(tmp_path):
    rows = [
        ["Impact map for the Hub"],  # a title row above the header
        list(sroi.COLUMNS),
        ["input", "Council", None, None, None, 500],
        [],
        ["outcome", "Residents", "x", "y", "many", 10, "s", 1, 0, 0, 0, 0],
    ]
    path = _write_xlsx(tmp_path / "map.xlsx", rows)
    with pytest.raises(ImpactMapError) as caught:
        read_impact_map(path)
    assert [str(p) for p in caught.value.problems] == [
        "line 5, column quantity: 'many' is not a number"
    ]


def test_every_problem_is_reported_with_its_line(tmp_path):
    lines = [
        HEADER,
        "input,Council,grant,,,6000,,,,,,",  # 2: fine
        "inptu,Council,grant,,,6000,,,,,,",  # 3
        "outcome,Residents,A,ind,ten,1000,src,3,20,0,10,50",  # 4
        "outcome,Residents,B,ind,10,1000,src,3,120,0,10,50",  # 5
        "outcome,Residents,C,ind,10,-5,src,3,20,0,10,50",  # 6
        "outcome,Residents,D,ind,10,1000,src,2.5,20,0,10,50",  # 7
        "outcome,Residents,E,ind,10,1000,src,0,20,0,10,50",  # 8
        "outcome,Residents,F,ind,10,1000,,3,20,0,10,50",  # 9
        ",,,,,,,,,,,",  # 10: blank, skipped
        "outcome,Residents,G,ind,10,1000,src,3,20,,10,-1",  # 11
        "input,Council,grant,,1,6000,,,,,,",  # 12
        ",Council,grant,,,6000,,,,,,",  # 13
        "input,,grant,,,-1,,,,,,",  # 14
    ]
    with pytest.raises(ImpactMapError) as caught:
        read_impact_map(write(tmp_path, "\n".join(lines) + "\n"))
    assert [str(p) for p in caught.value.problems] == [
        "line 3, column kind: 'inptu' is not a kind (use input or outcome)",
        "line 4, column quantity: 'ten' is not a number",
        "line 5, column deadweight: 120 is outside 0-100 (give a percentage)",
        "line 6, column proxy_value: cannot be negative (-5)",
        "line 7, column duration_years: must be a whole number of years, not 2.5",
        "line 8, column duration_years: must be at least 1 year, not 0",
        "line 9, column proxy_source: missing",
        "line 11, column displacement: missing",
        "line 11, column drop_off: -1 is outside 0-100 (give a percentage)",
        "line 12, column quantity: must be empty on an input row (the amount "
        "invested goes in proxy_value)",
        "line 13, column kind: missing (input or outcome)",
        "line 14, column stakeholder: missing",
        "line 14, column proxy_value: the amount invested cannot be negative (-1)",
    ]
    message = str(caught.value)
    assert message.startswith("13 problems in map.csv:\n")
    assert "line 4, column quantity: 'ten' is not a number" in message


def test_missing_required_cells(tmp_path):
    text = f"{HEADER}\ninput,Council,,,,6000,,,,,,\noutcome,Residents,,,,,,,,,,\n"
    with pytest.raises(ImpactMapError) as caught:
        read_impact_map(write(tmp_path, text))
    assert [str(p) for p in caught.value.problems] == [
        f"line 3, column {column}: missing"
        for column in (
            "outcome",
            "indicator",
            "quantity",
            "proxy_value",
            "proxy_source",
            "duration_years",
            "deadweight",
            "displacement",
            "attribution",
            "drop_off",
        )
    ]


def test_no_input_rows_and_no_outcome_rows(tmp_path):
    only_outcomes = f"{HEADER}\noutcome,Residents,A,ind,10,1000,src,3,20,0,10,50\n"
    with pytest.raises(ImpactMapError) as caught:
        read_impact_map(write(tmp_path, only_outcomes))
    assert [str(p) for p in caught.value.problems] == [
        "no input rows: the investment is needed for the ratio"
    ]
    only_inputs = f"{HEADER}\ninput,Council,grant,,,6000,,,,,,\n"
    with pytest.raises(ImpactMapError) as caught:
        read_impact_map(write(tmp_path, only_inputs))
    assert [str(p) for p in caught.value.problems] == ["no outcome rows"]


def test_inputs_adding_up_to_nothing(tmp_path):
    text = f"{HEADER}\ninput,Council,,,,0,,,,,,\noutcome,R,A,ind,10,1000,src,3,20,0,10,50\n"
    with pytest.raises(ImpactMapError, match="inputs add up to £0"):
        read_impact_map(write(tmp_path, text))


def test_missing_columns_are_named_on_the_header_line(tmp_path):
    header = HEADER.replace(",drop_off", "").replace("deadweight", "dead_weight")
    with pytest.raises(ImpactMapError) as caught:
        read_impact_map(write(tmp_path, header + "\n"))
    assert [str(p) for p in caught.value.problems] == [
        "line 1, column deadweight: no such column",
        "line 1, column drop_off: no such column",
    ]


def test_a_column_given_twice(tmp_path):
    header = HEADER + ",notes,notes,quantity"
    with pytest.raises(ImpactMapError) as caught:
        read_impact_map(write(tmp_path, header + "\n"))
    assert [str(p) for p in caught.value.problems] == [
        "line 1, column quantity: this column appears twice"
    ]


def test_empty_file_and_other_formats(tmp_path):
    with pytest.raises(ImpactMapError, match="the file is empty"):
        read_impact_map(write(tmp_path, "\n\n"))
    with pytest.raises(ImpactMapError, match="use CSV or XLSX"):
        read_impact_map(write(tmp_path, "x", "map.ods"))


# --- Sensitivity ------------------------------------------------------------------------


def test_sensitivity_rows():
    rows = sensitivity(worked_example())
    assert [(r.assumption, r.direction) for r in rows] == [
        (a, d) for a in sroi.ASSUMPTIONS for d in ("-25%", "+25%")
    ]
    by = {(r.assumption, r.direction): r for r in rows}
    r = 1.035
    # deadweight 20% -> 15%: first year 10 x 1000 x 0.85 x 0.9 = 7650
    assert by["deadweight", "-25%"].present_value == pytest.approx(
        7650 / r + 3825 / r**2 + 1912.5 / r**3
    )
    # deadweight 20% -> 25%: 6750, 3375, 1687.5
    assert by["deadweight", "+25%"].present_value == pytest.approx(
        6750 / r + 3375 / r**2 + 1687.5 / r**3
    )
    # displacement is 0%, so a relative change leaves it at 0%
    base = calculate(worked_example()).ratio
    assert by["displacement", "-25%"].ratio == pytest.approx(base)
    assert by["displacement", "+25%"].ratio == pytest.approx(base)
    # drop-off 50% -> 37.5%: 7200, 4500, 2812.5
    assert by["drop_off", "-25%"].present_value == pytest.approx(
        7200 / r + 4500 / r**2 + 2812.5 / r**3
    )
    # proxies and quantities scale the present value
    assert by["proxy_values", "+25%"].ratio == pytest.approx(base * 1.25)
    assert by["quantities", "-25%"].ratio == pytest.approx(base * 0.75)
    # duration 3 years -> 2 (2.25 rounded down) and 4 (3.75 rounded up)
    assert by["duration", "-25%"].present_value == pytest.approx(7200 / r + 3600 / r**2)
    assert by["duration", "+25%"].present_value == pytest.approx(
        7200 / r + 3600 / r**2 + 1800 / r**3 + 900 / r**4
    )
    # discount rate 3.5% -> 2.625% and 4.375%
    low = 1.02625
    assert by["discount_rate", "-25%"].present_value == pytest.approx(
        7200 / low + 3600 / low**2 + 1800 / low**3
    )
    assert by["discount_rate", "+25%"].ratio < base < by["discount_rate", "-25%"].ratio


def test_sensitivity_clamps_percentages_and_durations():
    impact_map = ImpactMap(
        (Input("Council", 1000),),
        (Outcome("R", "A", "i", 1, 1000, "s", 1, attribution=0.9),),
    )
    by = {(r.assumption, r.direction): r for r in sensitivity(impact_map)}
    # attribution 90% x 1.25 = 112.5% is held at 100%: nothing is left
    assert by["attribution", "+25%"].present_value == 0
    # 1 year cannot fall below 1 year; going up it becomes 2
    assert by["duration", "-25%"].present_value == pytest.approx(100 / 1.035)
    assert by["duration", "+25%"].present_value == pytest.approx(
        100 / 1.035 + 100 / 1.035**2
    )


def test_sensitivity_other_change():
    rows = sensitivity(worked_example(), change=0.1)
    assert {r.direction for r in rows} == {"-10%", "+10%"}
    with pytest.raises(ValueError, match="change must be between 0 and 1"):
        sensitivity(worked_example(), change=25)


# --- WELLBY -------------------------------------------------------------------------------


def test_wellby_value():
    # 0.5 points x 40 people x £13,000 = £260,000
    assert wellby_value(0.5, 40) == 260_000
    # 0.2 x 10 people x 2 years x £13,000 x 1.1 = £57,200
    assert wellby_value(0.2, 10, years=2, uprating=1.1) == pytest.approx(57_200)
    low, high = sroi.WELLBY_RANGE_2019
    assert wellby_value(1, 1, value_per_wellby=low) == 10_000
    assert wellby_value(1, 1, value_per_wellby=high) == 16_000
    assert wellby_value(-0.5, 2) == -13_000
    assert sroi.WELLBY_VALUE_2019 == 13_000


@pytest.mark.parametrize(
    "kwargs",
    [{"people": -1}, {"years": -1}, {"uprating": 0}, {"value_per_wellby": 0}],
)
def test_wellby_value_validation(kwargs):
    arguments = {"change_in_life_satisfaction": 0.5, "people": 10, **kwargs}
    with pytest.raises(ValueError):
        wellby_value(**arguments)


def test_a_broken_xlsx_or_binary_file_is_a_clear_error(tmp_path):
    broken = tmp_path / "map.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(ImpactMapError, match="XLSX file cannot be read"):
        read_impact_map(broken)
    binary = tmp_path / "map.csv"
    binary.write_bytes(b"\x00\x01\x02 binary")
    with pytest.raises(ImpactMapError, match="binary data"):
        read_impact_map(binary)


def test_utf16_text_from_excel(tmp_path):
    path = tmp_path / "unicode.csv"
    text = (
        HEADER
        + "\ninput,Café,Grant,,,100,,,,,,\n"
        + "outcome,Regulars,Less lonely,ONS,10,50,own,1,0,0,0,0\n"
    )
    path.write_bytes(text.encode("utf-16"))
    assert read_impact_map(path).inputs[0].stakeholder == "Café"
