from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import re
import socket
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import resources

import pytest

from hearthcore import giving360
from hearthcore.giving360 import (
    COLUMNS,
    GEO_CODE_TYPES,
    Classification,
    Grant,
    GrantProgramme,
    Individual,
    Location,
    Organisation,
    PlannedDates,
    council_org_id,
    csv_rows,
    geo_code_type,
    grant_identifier,
    load_schema,
    package,
    safe_cell,
    to_json,
    validate_package,
)

COUNCIL = Organisation(
    "GB-LAE-BIR", "Birmingham City Council", department="Communities"
)
TRUST = Organisation("GB-CHC-1164883", "Ladywood Food Trust", charity_number="1164883")
PERSON = Individual("360G-hearthbir-IND-0001")
LADYWOOD = Location("E05011118", "Ladywood")
NECHELLS = Location("E05011119", "Nechells")


def org_grant(**changes: object) -> Grant:
    fields: dict[str, object] = {
        "identifier": "360G-hearthbir-2024-001",
        "title": "Community food",
        "description": "Running costs for the food bank",
        "amount": 5000,
        "award_date": date(2024, 4, 1),
        "recipient": TRUST,
        "funder": COUNCIL,
        "beneficiary_locations": (LADYWOOD,),
    }
    return Grant(**(fields | changes))  # type: ignore[arg-type]


def ind_grant(**changes: object) -> Grant:
    fields: dict[str, object] = {
        "identifier": "360G-hearthbir-2024-002",
        "title": "Hardship grant",
        "description": "Help with energy bills",
        "amount": Decimal("150.00"),
        "award_date": date(2024, 4, 2),
        "recipient": PERSON,
        "funder": COUNCIL,
        "beneficiary_locations": (LADYWOOD,),
    }
    return Grant(**(fields | changes))  # type: ignore[arg-type]


def doc(*grants: Grant) -> dict[str, object]:
    return package(grants or (org_grant(),), publisher=COUNCIL)


# --- the vendored schemas -------------------------------------------------------


def schema_folder():
    return resources.files("hearthcore").joinpath("schemas").joinpath("giving360")


def test_vendored_schemas_are_the_verbatim_files_listed_in_source_txt():
    folder = schema_folder()
    source = folder.joinpath("SOURCE.txt").read_text(encoding="utf-8")
    listed = {
        name: digest
        for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+\.json)$", source, re.M)
    }
    assert set(listed) == {giving360.GRANT_SCHEMA_FILE, giving360.PACKAGE_SCHEMA_FILE}
    for name, digest in listed.items():
        assert hashlib.sha256(folder.joinpath(name).read_bytes()).hexdigest() == digest
    assert "CC BY 4.0" in source and "ThreeSixtyGiving/standard" in source
    assert "2c2c86d026838cd0d681641fcda4260c8cd326db" in source


def test_schemas_load_and_link_up():
    grant = load_schema()
    pkg = load_schema(giving360.PACKAGE_SCHEMA_FILE)
    assert (
        grant["$schema"] == pkg["$schema"] == "http://json-schema.org/draft-04/schema#"
    )
    assert pkg["properties"]["grants"]["items"]["$ref"] == giving360.GRANT_SCHEMA_URL
    assert "recipientIndividual" in grant["properties"]  # the 1.4 revision
    with pytest.raises(ValueError):
        load_schema("other.json")


# --- identifiers ----------------------------------------------------------------


def test_grant_identifier_adds_the_prefix_and_cleans_the_reference():
    assert grant_identifier("360G-hearthbir", "2024-001") == "360G-hearthbir-2024-001"
    assert grant_identifier("hearthbir", 17) == "360G-hearthbir-17"
    assert (
        grant_identifier(" 360G-hearthbir ", " A/B\\c d.é ")
        == "360G-hearthbir-A_B_c_d__"
    )
    assert grant_identifier("360G-x_y", "IND_7") == "360G-x_y-IND_7"


@pytest.mark.parametrize(
    ("prefix", "local"),
    [
        ("", "1"),
        ("360G-", "1"),
        ("my council", "1"),
        ("a/b", "1"),
        ("x", ""),
        ("x", " / "),
    ],
)
def test_grant_identifier_refuses_bad_input(prefix, local):
    with pytest.raises(ValueError):
        grant_identifier(prefix, local)


def test_council_org_id_uses_the_three_letter_register_code():
    assert council_org_id("BIR") == "GB-LAE-BIR"
    assert council_org_id("bas") == "GB-LAE-BAS"
    with pytest.raises(ValueError, match="ONS code"):
        council_org_id("E08000025")
    for bad in ("BI", "BIRM", "B1R", "GB-LAE-BIR", ""):
        with pytest.raises(ValueError):
            council_org_id(bad)


# --- locations ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("E00045123", "OA"),
        ("E01033620", "LSOA"),
        ("E02004563", "MSOA"),
        ("E04012345", "PAR"),
        ("E05011118", "WD"),
        ("E06000023", "UA"),
        ("E07000117", "NMD"),
        ("E08000025", "MD"),
        ("E09000033", "LONB"),
        ("E10000017", "CTY"),
        ("E12000005", "RGN"),
        ("E14001234", "WPC"),
        ("W01000001", "LSOA"),
        ("S12000005", "CA"),
    ],
)
def test_geo_code_types_follow_the_codelist(code, kind):
    assert geo_code_type(code) == kind
    assert Location(code, "Somewhere").code_type == kind
    assert kind in GEO_CODE_TYPES


def test_location_type_is_checked_against_the_code_and_the_codelist():
    assert Location("E12000005", "West Midlands", "GOR").code_type == "GOR"
    with pytest.raises(ValueError, match="codelist"):
        Location("E08000025", "Birmingham", "LAD")  # not a 360Giving type
    with pytest.raises(ValueError, match="is a WD code"):
        Location("E05011118", "Ladywood", "LSOA")
    with pytest.raises(ValueError, match="not an ONS"):
        Location("B16", "Ladywood")  # not a GSS code: the type cannot be inferred
    with pytest.raises(ValueError, match="no type"):
        Location("E47000007", "West Midlands Combined Authority")
    assert Location("ABC1", "Local scheme area", "PAR").code == "ABC1"
    with pytest.raises(ValueError):
        Location("E05011118", "")
    with pytest.raises(ValueError):
        Location("E05011118", "Ladywood", country_code="gb")


# --- grants ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"identifier": "hearthbir-1"}, ValueError),
        ({"identifier": "360G-"}, ValueError),
        ({"identifier": "360G-x 1"}, ValueError),
        ({"identifier": "360G-x/1"}, ValueError),
        ({"amount": -1}, ValueError),
        ({"amount": float("nan")}, ValueError),
        ({"amount": float("inf")}, ValueError),
        ({"amount": Decimal("-0.01")}, ValueError),
        ({"amount": True}, TypeError),
        ({"amount": "5000"}, TypeError),
        ({"amount_disbursed": -5}, ValueError),
        ({"currency": "gbp"}, ValueError),
        ({"currency": "GB"}, ValueError),
        ({"title": " "}, ValueError),
        ({"description": ""}, ValueError),
        ({"award_date": "2024-04-01"}, TypeError),
        ({"recipient": "X Trust"}, TypeError),
        ({"funder": PERSON}, TypeError),
    ],
)
def test_grants_are_checked_when_made(changes, error):
    with pytest.raises(error):
        org_grant(**changes)


def test_zero_amounts_and_other_currencies_are_allowed():
    assert org_grant(amount=0).to_dict()["amountAwarded"] == 0
    assert org_grant(currency="EUR").to_dict()["currency"] == "EUR"


def test_individuals_need_a_360g_identifier_and_no_output_area():
    with pytest.raises(ValueError):
        Individual("AB123456C")  # never an official number
    assert PERSON.name == "Individual Recipient"
    with pytest.raises(ValueError, match="output area"):
        ind_grant(beneficiary_locations=(Location("E00045123", "OA"),))


def test_grant_json_shape():
    g = org_grant(
        amount=Decimal("1234.50"),
        beneficiary_locations=[LADYWOOD, NECHELLS],
        planned_dates=PlannedDates(date(2024, 4, 1), date(2025, 3, 31), 12),
        grant_programme=GrantProgramme(
            "CF24", "Community Fund 2024", "https://example.gov.uk/cf"
        ),
        classifications=[Classification("Hearth themes", "food", "Food")],
        from_open_call=True,
        url="https://example.gov.uk/grants/1",
        amount_applied_for=2000.0,
        date_modified=datetime(2024, 5, 1, 10, 0),
    )
    out = g.to_dict()
    assert out["amountAwarded"] == 1234.5
    assert out["amountAppliedFor"] == 2000 and isinstance(out["amountAppliedFor"], int)
    assert out["recipientOrganization"] == [
        {
            "id": "GB-CHC-1164883",
            "name": "Ladywood Food Trust",
            "charityNumber": "1164883",
        }
    ]
    assert "recipientIndividual" not in out
    assert out["fundingOrganization"] == [
        {
            "id": "GB-LAE-BIR",
            "name": "Birmingham City Council",
            "department": "Communities",
        }
    ]
    assert [loc["geoCode"] for loc in out["beneficiaryLocation"]] == [
        "E05011118",
        "E05011119",
    ]
    assert out["beneficiaryLocation"][0] == {
        "name": "Ladywood",
        "countryCode": "GB",
        "geoCode": "E05011118",
        "geoCodeType": "WD",
    }
    assert out["plannedDates"] == [
        {"startDate": "2024-04-01", "endDate": "2025-03-31", "duration": 12}
    ]
    assert out["fromOpenCall"] == "Yes"
    # naive datetimes are Europe/London: British Summer Time in May
    assert out["dateModified"] == "2024-05-01T10:00:00+01:00"
    assert isinstance(g.beneficiary_locations, tuple)
    assert validate_package(package([g], publisher=COUNCIL)) == []


def test_individual_grant_json_shape():
    out = ind_grant().to_dict()
    assert out["recipientIndividual"] == {
        "id": "360G-hearthbir-IND-0001",
        "name": "Individual Recipient",
    }
    assert "recipientOrganization" not in out
    assert out["amountAwarded"] == 150


def test_award_dates_as_dates_or_datetimes():
    assert (
        org_grant(award_date=datetime(2024, 1, 5, 9, 30)).to_dict()["awardDate"]
        == "2024-01-05T09:30:00+00:00"
    )
    aware = datetime(2024, 6, 5, 9, 30, tzinfo=UTC)
    assert (
        org_grant(award_date=aware).to_dict()["awardDate"]
        == "2024-06-05T09:30:00+00:00"
    )


# --- packages and validation --------------------------------------------------------


def test_package_with_an_organisation_recipient_validates():
    document = package(
        [org_grant()],
        publisher=COUNCIL,
        title="Birmingham City Council grants 2024-25",
        identifier="hearthbir-2024",
        issued=date(2024, 5, 1),
        modified=datetime(2024, 5, 2, 9, 0, tzinfo=UTC),
        publisher_website="https://www.birmingham.gov.uk/",
        download_url="https://example.gov.uk/360giving.json",
    )
    assert document["version"] == "1.4"
    assert document["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert document["publisher"] == {
        "identifier": "GB-LAE-BIR",
        "name": "Birmingham City Council",
        "website": "https://www.birmingham.gov.uk/",
    }
    assert document["issued"] == "2024-05-01"
    assert document["modified"] == "2024-05-02T09:00:00+00:00"
    assert validate_package(document) == []


def test_package_with_an_individual_recipient_validates():
    assert validate_package(doc(ind_grant())) == []
    assert validate_package(doc(org_grant(), ind_grant())) == []


def test_plain_dates_and_zoned_datetimes_validate_but_unzoned_do_not():
    # the FormatChecker trap: without date-time checking every plain date fails
    for value in ("2024-04-01", "2024-04-01T10:00:00+01:00", "2024-04-01T09:00:00Z"):
        document = doc()
        document["grants"][0]["awardDate"] = value  # type: ignore[index]
        assert validate_package(document) == [], value
    document = doc()
    document["grants"][0]["awardDate"] = "2024-04-01T10:00:00"  # type: ignore[index]
    assert validate_package(document) == [
        "grants/0/awardDate: '2024-04-01T10:00:00' is not a date (YYYY-MM-DD) or a date-time with a time zone (2024-04-01T10:00:00+01:00)"
    ]


def edited(change) -> list[str]:
    document = copy.deepcopy(doc())
    change(document["grants"][0])
    return validate_package(document)


def test_both_recipients_fail():
    problems = edited(lambda g: g.update(recipientIndividual=PERSON.to_dict()))
    assert problems == [
        "grants/0: a grant has either recipientOrganization or recipientIndividual, not both"
    ]


def test_no_recipient_fails():
    problems = edited(lambda g: g.pop("recipientOrganization"))
    assert problems == [
        "grants/0: missing required field 'recipientOrganization' or 'recipientIndividual'"
    ]


def test_negative_amount_written_into_the_json_fails():
    problems = edited(lambda g: g.update(amountAwarded=-250))
    assert problems == [
        "grants/0/amountAwarded: -250 is negative or not finite (the schema allows it; an amount cannot be)"
    ]


def test_missing_title_fails():
    assert edited(lambda g: g.pop("title")) == [
        "grants/0: missing required field 'title'"
    ]


@pytest.mark.parametrize("bad", ["2024-13-01", "01/04/2024", "1 April 2024", ""])
def test_bad_award_date_fails(bad):
    problems = edited(lambda g: g.update(awardDate=bad))
    assert len(problems) == 1
    assert problems[0].startswith("grants/0/awardDate: ")
    assert "is not a date (YYYY-MM-DD)" in problems[0]


def test_other_schema_errors_read_well():
    assert edited(lambda g: g.update(amountAwarded="5000")) == [
        "grants/0/amountAwarded: '5000' is not of type 'number'"
    ]
    assert edited(lambda g: g.update(fromOpenCall="yes")) == [
        "grants/0/fromOpenCall: 'yes' is not one of the allowed values ('Yes', 'No')"
    ]
    assert edited(lambda g: g.update(currency="ZZZ")) == [
        "grants/0/currency: 'ZZZ' is not one of the allowed values"
    ]
    assert edited(lambda g: g["fundingOrganization"][0].pop("name")) == [
        "grants/0/fundingOrganization/0: 'name' is a required property"
    ]
    assert edited(lambda g: g.update(dateModified="2024-05-01")) == [
        "grants/0/dateModified: '2024-05-01' is not a valid date-time"
    ]


def test_package_level_problems():
    assert validate_package({"grants": []}) == ["grants: needs at least 1 item(s)"]
    assert validate_package({}) == ["package: 'grants' is a required property"]
    assert validate_package("[]") == ["package: a 360Giving package is a JSON object"]
    document = doc()
    document["grants"].append(copy.deepcopy(document["grants"][0]))  # type: ignore[attr-defined]
    assert validate_package(document) == [
        "grants: two items are identical",
        "grants/1/id: '360G-hearthbir-2024-001' is also the identifier of grants/0",
    ]


def test_package_refuses_no_grants_and_repeated_identifiers():
    with pytest.raises(ValueError, match="at least one"):
        package([], publisher=COUNCIL)
    with pytest.raises(ValueError, match="360G-hearthbir-2024-001"):
        package([org_grant(), org_grant(title="Other")], publisher=COUNCIL)


def test_validation_works_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("validation tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    giving360._package_validator.cache_clear()
    try:
        assert validate_package(doc(org_grant(), ind_grant())) == []
    finally:
        giving360._package_validator.cache_clear()


def test_to_json_keeps_non_ascii_and_validates():
    text = to_json(doc(org_grant(title="Café — Świecie twinning")))
    assert "Café — Świecie" in text and text.endswith("\n")
    assert json.loads(text)["grants"][0]["title"] == "Café — Świecie twinning"
    assert validate_package(text) == []
    with pytest.raises(ValueError):
        to_json({"x": float("nan")})


# --- CSV -----------------------------------------------------------------------------


STANDARD_TITLES = {
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Ind:Identifier",
    "Recipient Ind:Name",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Geographic Code Type",
    "Beneficiary Location:Name",
}


def schema_title_paths() -> set[str]:
    """Every ``Title:Title`` path the grant schema defines (one level of nesting)."""
    schema = load_schema()
    defs = schema["definitions"]

    def resolve(node: dict) -> dict:
        while "$ref" in node:
            node = defs[node["$ref"].split("/")[-1]]
        return node

    paths = set()
    for prop in schema["properties"].values():
        title = prop.get("title") or resolve(prop).get("title")
        paths.add(title)
        target = resolve(prop.get("items", prop))
        for child in target.get("properties", {}).values():
            paths.add(f"{title}:{child.get('title') or resolve(child).get('title')}")
    return paths


def test_csv_header_has_the_standard_titles_and_only_schema_titles():
    header, rows = csv_rows([org_grant()])
    assert STANDARD_TITLES <= set(header)
    assert header[: len(COLUMNS)] == list(COLUMNS)
    known = schema_title_paths()
    assert set(header) - known == set()
    assert len(rows) == 1 and len(rows[0]) == len(header)


def test_csv_row_values_for_an_organisation_grant():
    grant = org_grant(
        amount=Decimal("1234.50"),
        planned_dates=PlannedDates(date(2024, 4, 1), duration_months=6),
        grant_programme=GrantProgramme("CF24", "Community Fund 2024"),
        from_open_call=False,
    )
    header, rows = csv_rows([grant])
    row = dict(zip(header, rows[0], strict=True))
    assert row["Identifier"] == "360G-hearthbir-2024-001"
    assert row["Title"] == "Community food"
    assert row["Currency"] == "GBP"
    assert row["Amount Awarded"] == "1234.5"
    assert row["Amount Applied For"] == ""
    assert row["Award Date"] == "2024-04-01"
    assert row["Recipient Org:Identifier"] == "GB-CHC-1164883"
    assert row["Recipient Org:Name"] == "Ladywood Food Trust"
    assert row["Recipient Org:Charity Number"] == "1164883"
    assert row["Recipient Ind:Identifier"] == row["Recipient Ind:Name"] == ""
    assert row["Funding Org:Identifier"] == "GB-LAE-BIR"
    assert row["Funding Org:Name"] == "Birmingham City Council"
    assert row["Funding Org:Department"] == "Communities"
    assert row["Beneficiary Location:Name"] == "Ladywood"
    assert row["Beneficiary Location:Geographic Code"] == "E05011118"
    assert row["Beneficiary Location:Geographic Code Type"] == "WD"
    assert row["Beneficiary Location:Country Code"] == "GB"
    assert row["Planned Dates:Start Date"] == "2024-04-01"
    assert row["Planned Dates:End Date"] == ""
    assert row["Planned Dates:Duration (months)"] == "6"
    assert row["Grant Programme:Code"] == "CF24"
    assert row["From An Open Call?"] == "No"


def test_csv_row_values_for_an_individual_grant():
    header, rows = csv_rows([ind_grant()])
    row = dict(zip(header, rows[0], strict=True))
    assert row["Recipient Ind:Identifier"] == "360G-hearthbir-IND-0001"
    assert row["Recipient Ind:Name"] == "Individual Recipient"
    assert row["Recipient Org:Identifier"] == row["Recipient Org:Name"] == ""
    assert row["Amount Awarded"] == "150"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (5000, "5000"),
        (5000.0, "5000"),
        (1234.5, "1234.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-05, "0.00001"),
        (2.5e16, "25000000000000000"),
        (Decimal("5000.00"), "5000"),
        (Decimal("1E+3"), "1000"),
        (Decimal("99.990"), "99.99"),
        (0, "0"),
    ],
)
def test_csv_amounts_are_plain_numbers(amount, text):
    header, rows = csv_rows([org_grant(amount=amount)])
    assert dict(zip(header, rows[0], strict=True))["Amount Awarded"] == text


def test_csv_text_cannot_start_a_formula():
    grant = org_grant(
        title='=HYPERLINK("http://evil")',
        description="+44 0121 000 0000",
        recipient=Organisation("360G-hearthbir-ORG-1", "@home group", department="-"),
        classifications=[Classification("\tTabbed", "\rcode", "-minus")],
    )
    header, rows = csv_rows([grant])
    row = dict(zip(header, rows[0], strict=True))
    assert row["Title"] == '\'=HYPERLINK("http://evil")'
    assert row["Description"] == "'+44 0121 000 0000"
    assert row["Recipient Org:Name"] == "'@home group"
    assert row["Classifications:Vocabulary"] == "'\tTabbed"
    assert row["Classifications:Code"] == "'\rcode"
    assert row["Classifications:Title"] == "'-minus"
    assert safe_cell("Food bank") == "Food bank"
    assert safe_cell("") == ""


def test_csv_further_locations_and_classifications_get_numbered_columns():
    many = org_grant(
        identifier="360G-hearthbir-2024-003",
        beneficiary_locations=(
            LADYWOOD,
            NECHELLS,
            Location("E01033620", "Ladywood 012A"),
        ),
        classifications=(
            Classification("Hearth themes", "food"),
            Classification("Hearth themes", "youth"),
        ),
    )
    header, rows = csv_rows([org_grant(beneficiary_locations=()), many])
    assert [h for h in header if h.startswith("Beneficiary Location:")] == [
        "Beneficiary Location:Name",
        "Beneficiary Location:Country Code",
        "Beneficiary Location:Geographic Code",
        "Beneficiary Location:Geographic Code Type",
        "Beneficiary Location:1:Name",
        "Beneficiary Location:1:Country Code",
        "Beneficiary Location:1:Geographic Code",
        "Beneficiary Location:1:Geographic Code Type",
        "Beneficiary Location:2:Name",
        "Beneficiary Location:2:Country Code",
        "Beneficiary Location:2:Geographic Code",
        "Beneficiary Location:2:Geographic Code Type",
    ]
    assert "Classifications:1:Code" in header and "Classifications:2:Code" not in header
    first, second = (dict(zip(header, r, strict=True)) for r in rows)
    assert first["Beneficiary Location:Geographic Code"] == ""
    assert first["Beneficiary Location:1:Geographic Code"] == ""
    assert second["Beneficiary Location:Geographic Code"] == "E05011118"
    assert second["Beneficiary Location:1:Geographic Code"] == "E05011119"
    assert second["Beneficiary Location:2:Geographic Code"] == "E01033620"
    assert second["Beneficiary Location:2:Geographic Code Type"] == "LSOA"
    assert second["Classifications:Code"] == "food"
    assert second["Classifications:1:Code"] == "youth"
    # without numbered titles, the header is exactly the standard columns
    assert csv_rows([org_grant()])[0] == list(COLUMNS)
    assert csv_rows([]) == (list(COLUMNS), [])


def test_csv_rows_write_and_read_back_with_the_csv_module():
    header, rows = csv_rows(
        [org_grant(description="Line one\nline two, with comma"), ind_grant()]
    )
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    read = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert read == [header, *rows]
    assert (
        dict(zip(read[0], read[1], strict=True))["Description"]
        == "Line one\nline two, with comma"
    )
