"""Events, household requests and the gazetteer, without a database.

Every file here is a small fixture written by the test (no real LLPG is
available); coordinates are checked against the grid's defined origin and
round trips, not against invented "real" properties.
"""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
import pytest

from hearthcore import delivery as core


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


HEADER = "service,organisation,uprn,postcode,requested,status,outcome"


# --- statuses and names ----------------------------------------------------------


def test_statuses_are_read_forgivingly():
    assert core.parse_status("Booked") == "booked"
    assert core.parse_status("no-access") == "no_access"
    assert core.parse_status("NO ACCESS") == "no_access"
    assert core.parse_status("Completed") == "done"
    assert core.parse_status("refused") == "declined"
    assert core.parse_status("perhaps") is None
    assert core.CLOSED_STATUSES == ("done", "declined", "no_access")


def test_closest_names_suggest_the_organisation_meant():
    names = [
        "Lancashire Fire and Rescue Service",
        "Lancashire Constabulary",
        "Chorley Council",
    ]
    assert core.closest_names("Lancs Fire & Rescue", names)[0] == names[0]
    assert core.closest_names("Chorley Councill", names)[0] == "Chorley Council"
    assert core.closest_names("zzzz", names) == []


# --- gaps --------------------------------------------------------------------------


def test_gaps_name_missing_kinds_of_partner_and_missing_activities():
    found = core.gaps(
        {"nhs": "health", "police": "police", "fire_rescue": "fire and rescue"},
        ["Home fire safety check", "Flu jab", "Benefits advice"],
        coming_kinds=["fire_rescue", "council"],
        offered_activities=["home fire safety check", "Benefits  advice"],
    )
    assert [(g.kind, g.key) for g in found] == [
        ("partner", "nhs"),
        ("partner", "police"),
        ("activity", "Flu jab"),
    ]
    assert found[0].message == "No health partner yet"
    assert found[2].message == "No flu jab on the timetable yet"


def test_no_gaps_when_everything_asked_for_is_coming():
    assert core.gaps({"nhs": "health"}, ["Flu jab"], ["nhs"], ["Flu jab"]) == []


# --- request files -----------------------------------------------------------------


def test_a_request_file_is_read_with_uk_and_iso_dates():
    rows = core.read_request_file(
        _csv(
            HEADER,
            "Smoke alarm fitting,Lancashire Fire and Rescue Service,100010384312,,2024-10-07,done,2 alarms fitted",
            "Flu jab,NHS Lancashire,,pr7 1dp,08/10/2024,Booked,",
            "",
            "Benefits check,Citizens Advice,,PR7 2AA,9/10/2024,,",
        )
    )
    assert [r.line for r in rows] == [2, 3, 5]
    assert rows[0].uprn == 100010384312 and rows[0].status == "done"
    assert rows[1].postcode == "PR71DP" and rows[1].requested == date(2024, 10, 8)
    assert rows[2].status == "requested"


def test_every_bad_value_is_named_by_line_and_column():
    with pytest.raises(core.DeliveryFileError) as error:
        core.read_request_file(
            _csv(
                HEADER,
                ",Fire,100010384312,,2024-10-07,done,",
                "Flu jab,NHS,12x,,2024-10-07,done,",
                "Flu jab,NHS,,PR7,2024-10-07,done,",
                "Flu jab,NHS,,,2024-10-07,done,",
                "Flu jab,NHS,1,,31/02/2024,done,",
                "Flu jab,NHS,1,,2024-10-07,maybe,",
            )
        )
    text = str(error.value)
    assert "line 2, column service: is empty" in text
    assert "line 3, column uprn: '12x' is not a UPRN" in text
    assert "line 4, column postcode: 'PR7' is not a postcode" in text
    assert "line 5, column uprn: give the property's UPRN or its postcode" in text
    assert "line 6, column requested: '31/02/2024' is not a date" in text
    assert "line 7, column status: 'maybe' is not a status" in text


def test_a_file_without_the_columns_says_which_are_missing():
    with pytest.raises(core.DeliveryFileError, match="no requested column"):
        core.read_request_file(_csv("service,organisation,uprn", "a,b,1"))
    with pytest.raises(core.DeliveryFileError, match="uprn or postcode"):
        core.read_request_file(_csv("service,organisation,requested", "a,b,2024-01-01"))
    with pytest.raises(core.DeliveryFileError, match="unknown column colour"):
        core.read_request_file(_csv(HEADER + ",colour", "a,b,1,,2024-01-01,,,red"))
    with pytest.raises(core.DeliveryFileError, match="the file is empty"):
        core.read_request_file(b"")
    with pytest.raises(core.DeliveryFileError, match="binary data"):
        core.read_request_file(b"\x00\x01\x02")


def test_an_exported_queue_reads_back_with_its_references():
    with pytest.raises(core.DeliveryFileError, match="request 17 is also on line 2"):
        core.read_request_file(
            _csv(
                "reference,event,service,organisation,uprn,postcode,address,requested,status,outcome",
                "17,Week of Action,Flu jab,NHS,,PR7 1DP,,2024-10-07,done,Given",
                "17,Week of Action,Flu jab,NHS,,PR7 1DP,,2024-10-07,done,Given",
            )
        )
    rows = core.read_request_file(
        _csv(
            "reference,event,service,organisation,uprn,postcode,address,requested,status,outcome",
            "17,Week of Action,Flu jab,NHS,,PR7 1DP,,2024-10-07,done,Given",
        )
    )
    assert rows[0].reference == 17


def test_an_xlsx_file_with_date_cells_and_numeric_uprns():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "Smoke alarm fitting",
            "Fire",
            100010384312,
            None,
            date(2024, 10, 7),
            "No access",
            "",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    rows = core.read_request_file(buffer.getvalue(), "returned.xlsx")
    assert rows[0].uprn == 100010384312
    assert rows[0].requested == date(2024, 10, 7)
    assert rows[0].status == "no_access"


# --- the gazetteer -------------------------------------------------------------------


LLPG = (
    "uprn,address,postcode,x,y,classification",
    '100010000001,"14 Market Street, Chorley",PR7 1DP,358500,417800,RD04',
    '100010000002,"Flat 2, 3 Market Street, Chorley",PR7 1DP,358520,417810,RD06',
    '100010000003,"The Garage, Market Street, Chorley",PR7 1DP,358530,417820,RG02',
    '100010000004,"1 Ash Road, Chorley",pr7 2aa,358600,417900,CR08',
)


def test_an_llpg_extract_in_grid_references_gets_latitude_and_longitude():
    found = core.read_gazetteer(_csv(*LLPG))
    frame = found.frame
    assert found.kind == "llpg"
    assert frame["uprn"].tolist()[:2] == [100010000001, 100010000002]
    assert frame["postcode"].tolist()[3] == "PR72AA"
    assert frame["street"].tolist() == [
        "Market Street",
        "Market Street",
        "Market Street",
        "Ash Road",
    ]
    # Chorley is at about 53.65 N, 2.63 W.
    assert frame["latitude"].between(53.64, 53.67).all()
    assert frame["longitude"].between(-2.64, -2.62).all()
    # Round trip: back to the grid within a millimetre.
    x, y = core.degrees_to_grid(
        frame["longitude"].to_numpy(), frame["latitude"].to_numpy()
    )
    assert np.allclose(x, frame["x"], atol=0.001)
    assert np.allclose(y, frame["y"], atol=0.001)


def test_latitude_and_longitude_give_grid_references():
    found = core.read_gazetteer(
        _csv(
            "uprn,address,postcode,latitude,longitude,classification",
            "100010000001,14 Market Street,PR7 1DP,53.6553,-2.6289,RD04",
        )
    )
    assert found.frame["x"].iloc[0] == pytest.approx(358535, abs=5)
    assert found.frame["y"].iloc[0] == pytest.approx(417830, abs=5)


def test_os_open_uprn_is_read_as_published():
    found = core.read_gazetteer(
        _csv(
            "UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE",
            "100010000001,358535.00,417830.00,53.6553102,-2.6288639",
        )
    )
    assert found.kind == "os_open_uprn"
    row = found.frame.iloc[0]
    assert row["address"] == "" and row["classification"] == ""
    assert row["latitude"] == pytest.approx(53.6553102)


def test_other_columns_are_ignored_and_listed():
    found = core.read_gazetteer(
        _csv(
            "UPRN,ADDRESS,POSTCODE,X,Y,CLASSIFICATION,USRN,WARD",
            "100010000001,14 Market Street,PR7 1DP,358500,417800,RD04,1234,Chorley East",
        )
    )
    assert found.ignored == ["USRN", "WARD"]


def test_bad_gazetteer_rows_are_named():
    with pytest.raises(core.DeliveryFileError) as error:
        core.read_gazetteer(
            _csv(
                "uprn,address,postcode,x,y,classification",
                "100010000001,14 Market Street,PR7 1DP,358500,417800,RD04",
                "12ab,15 Market Street,PR7 1DP,358500,417800,RD04",
                "100010000001,16 Market Street,PR7 1DP,358500,417800,RD04",
                "100010000004,17 Market Street,PR7 1DP,-5,417800,RD04",
                "100010000005,18 Market Street,PR7,358500,417800,RD04",
                "100010000006,19 Market Street,PR7 1DP,358500,417800,rd 04",
                "100010000007,,PR7 1DP,358500,417800,RD04",
                "100010000008,20 Market Street,PR7 1DP,,,RD04",
            )
        )
    text = str(error.value)
    assert "line 3, column uprn: '12ab' is not a UPRN" in text
    assert "line 4, column uprn: UPRN 100010000001 is also on line 2" in text
    assert (
        "line 5, column x, y: ('-5', '417800') is not a British National Grid" in text
    )
    assert "line 6, column postcode: 'PR7' is not a postcode" in text
    assert "line 7, column classification: 'rd 04' is not an AddressBase" in text
    assert "line 8, column address: is empty" in text
    assert "line 9, column x, y: has no coordinates" in text


def test_a_gazetteer_without_coordinates_is_refused_at_the_header():
    with pytest.raises(core.DeliveryFileError, match="no x and y"):
        core.read_gazetteer(_csv("uprn,address", "1,2 Moss Lane"))
    with pytest.raises(core.DeliveryFileError, match="no uprn"):
        core.read_gazetteer(_csv("id,x,y", "1,358500,417800"))
    with pytest.raises(core.DeliveryFileError, match="no properties"):
        core.read_gazetteer(_csv("uprn,x,y"))


def test_latitude_outside_great_britain_is_refused():
    with pytest.raises(core.DeliveryFileError, match="not a latitude and longitude"):
        core.read_gazetteer(_csv("uprn,latitude,longitude", "1,48.85,2.35"))


# --- homes and walk lists ---------------------------------------------------------------


def test_homes_are_residential_classes_but_not_garages():
    assert [
        core.is_home(c)
        for c in ("R", "RD", "RD02", "RH03", "RI01", "RB", "RC01", "RG02", "CR", "")
    ] == [True, True, True, True, True, False, False, False, False, False]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("14 Market Street, Chorley", ("Market Street", 14, "")),
        ("14A Market Street, Chorley, PR7 1DP", ("Market Street", 14, "")),
        ("Flat 2, 14 Market Street", ("Market Street", 14, "Flat 2")),
        ("Flat 2 14 Market Street", ("Market Street", 14, "")),
        ("Rose Cottage, Moss Lane, Coppull", ("Moss Lane", None, "Rose Cottage")),
        ("Mill House, 3 Mill Lane, Croston", ("Mill Lane", 3, "Mill House")),
        ("Moss Lane", ("Moss Lane", None, "")),
        ("", ("", None, "")),
    ],
)
def test_the_street_of_an_address(address, expected):
    street, number, rest = core.street_of(address)
    assert (street, number) == expected[:2]
    if expected[2]:
        assert rest == expected[2]


def test_a_walk_list_goes_down_each_street_in_house_order():
    table = pd.DataFrame(
        {
            "address": [
                "10 Moss Lane",
                "Flat 10, 3 Moss Lane",
                "Flat 2, 3 Moss Lane",
                "2 Ash Road",
                "Rose Cottage, Moss Lane",
                "3A Moss Lane",
                "1 Ash Road",
            ]
        }
    )
    table["street"] = [core.street_of(a)[0] for a in table["address"]]
    assert core.walk_order(table)["address"].tolist() == [
        "1 Ash Road",
        "2 Ash Road",
        "Flat 2, 3 Moss Lane",
        "Flat 10, 3 Moss Lane",
        "3A Moss Lane",
        "10 Moss Lane",
        "Rose Cottage, Moss Lane",
    ]


# --- the report ---------------------------------------------------------------------------


def test_the_tally_counts_outside_requests_separately_and_keeps_them():
    report = core.tally(
        [
            ("Smoke alarm fitting", "Fire", "done", True, 100),
            ("Smoke alarm fitting", "Fire", "booked", True, 20),
            ("Smoke alarm fitting", "Fire", "requested", False, 30),
            ("Flu jab", "NHS", "done", True, 38),
            ("Flu jab", "NHS", "declined", False, 2),
        ]
    )
    assert report["total"] == 190
    assert report["outside_target_areas"] == 32
    smoke, flu = report["by_service"]
    assert (smoke["service"], smoke["organisation"], smoke["total"]) == (
        "Smoke alarm fitting",
        "Fire",
        150,
    )
    assert smoke["by_status"] == {
        "requested": 30,
        "accepted": 0,
        "booked": 20,
        "done": 100,
        "declined": 0,
        "no_access": 0,
    }
    assert flu["total"] == 40


def test_the_tally_refuses_an_unknown_status():
    with pytest.raises(ValueError, match="not a request status"):
        core.tally([("a", "b", "lost", True, 1)])


def test_an_empty_tally():
    assert core.tally([]) == {"total": 0, "outside_target_areas": 0, "by_service": []}


# --- the lifestyle mix ------------------------------------------------------------------------


def test_an_lsoa_2021_takes_the_output_areas_of_the_2011_areas_it_came_from():
    oac = pd.DataFrame(
        {"supergroup_6": [2.0, 1.0], "supergroup_8": [2.0, 0.0]},
        index=["E01000100", "E01000101"],
    )
    # E01000200 was merged from two 2011 areas; E01000201 and E01000202 are a split.
    links = pd.DataFrame(
        {
            "old": ["E01000100", "E01000101", "E01000100", "E01000100"],
            "new": ["E01000200", "E01000200", "E01000201", "E01000202"],
        }
    )
    mix = core.lifestyle_mix(oac, links, ["E01000200", "E01000201"])
    assert mix.loc["E01000200", "output_areas"] == 5
    assert mix.loc["E01000200", "Suburbanites"] == pytest.approx(0.6)
    assert mix.loc["E01000200", "main"] == "Suburbanites"
    assert mix.loc["E01000201", "Hard-pressed living"] == pytest.approx(0.5)
