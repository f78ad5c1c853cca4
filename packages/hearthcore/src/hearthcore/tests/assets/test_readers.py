from __future__ import annotations

import gzip

import pytest

from hearthcore.assets import KINDS, read_assets, recognise
from hearthcore.sources.errors import DataImportError

GIAS_HEADER = '"urn","la_code","la_name","establishment_number","establishment_name","establishment_type","establishment_type_group","education_phase","number_of_pupils","percentage_fsm","easting","northing","lsoa_code","pcon_code","longitude","latitude"\n'
GIAS_ROWS = [
    '1e+05,"201","City of London","3614","The Aldgate School","Voluntary aided school","Local authority maintained schools","Primary",244,21.7,533498,181201,"E01032739","E14001172",-0.0775,51.5139\n',
    '100002,"201","City of London","6005","No Place School","Other independent school","Independent schools","Not applicable",764,,,,"","",,\n',
    '100371,"205","Hammersmith and Fulham","6359","Ecole Fran,"Other independent school","Independent schools","Not applicable",255,,523811,178942,"E01001869","E14001264",-0.2178,51.4958\n',
    '100372,"205","Jersey","6382","Jersey School","Other independent school","Independent schools","Not applicable",86,,,,"","",-7.5572,49.7668\n',
]

ODS = [
    '"A81001","THE DENSHAM SURGERY","Y63","Q74","THE HEALTH CENTRE","LAWSON STREET","STOCKTON-ON-TEES","CLEVELAND","","TS18 1HU","19740401","","A","B","00K","20130401","","01642 672351","","","","0","","00K","","4",""\n',
    '"A81003","VICTORIA MEDICAL PRACTICE","Y63","Q74","THE HEALTH CENTRE","VICTORIA ROAD","HARTLEPOOL","","","TS26 8DB","19740401","20200331","C","B","00K","20130401","","01429 000000","","","","0","","00K","","4",""\n',
    '"Y00001","OUT OF HOURS","Y63","Q74","X","","","","","TS1 1AA","19740401","","A","B","00K","20130401","","","","","","0","","00K","","2",""\n',
]


def test_gias_reads_repairs_and_skips(write):
    path = write(
        "hack25usefuldata_gias_schools_england.csv.gz", GIAS_HEADER + "".join(GIAS_ROWS)
    )
    assert recognise(path) == "gias-schools"
    result = read_assets(path)
    assert (
        result.source == "gias-schools" and "Schools" in result.title and result.licence
    )
    assert [r.source_id for r in result.records] == ["100000", "100371"]
    assert result.records[1].name == "Ecole Fran"
    assert (
        result.records[0].category == "school"
        and result.records[0].asset_type == "institution"
    )
    assert result.records[0].line == 2
    assert sorted(p.line for p in result.skipped) == [3, 5]
    assert "outside the UK" in next(p.message for p in result.skipped if p.line == 5)


def test_gias_bad_coordinates_are_errors_with_lines(write):
    rows = (
        GIAS_ROWS[0]
        + GIAS_ROWS[0].replace("-0.0775", "west")
        + GIAS_ROWS[0].replace("51.5139", "151.5")
    )
    path = write("gias.csv", GIAS_HEADER + rows)
    with pytest.raises(DataImportError) as info:
        read_assets(path)
    problems = info.value.problems
    assert [(p.line, p.column) for p in problems] == [(3, "longitude"), (4, "latitude")]
    assert (
        "not a number" in problems[0].message and "out of range" in problems[1].message
    )


def test_missing_column_suggests_close_match(write):
    path = write(
        "gias.csv", GIAS_HEADER.replace('"latitude"', '"lattitude"') + GIAS_ROWS[0]
    )
    with pytest.raises(DataImportError) as info:
        read_assets(path, kind="gias-schools")
    problem = info.value.problems[0]
    assert problem.column == "latitude" and problem.line == 1
    assert "lattitude" in problem.message


def test_ods_gp_practices_and_pharmacies(write):
    path = write("epraccur.csv", "".join(ODS))
    result = read_assets(path)
    assert result.source == "epraccur"
    [gp] = result.records
    assert (gp.source_id, gp.name, gp.postcode, gp.lat, gp.phone) == (
        "A81001",
        "The Densham Surgery",
        "TS18 1HU",
        None,
        "01642 672351",
    )
    assert [p.line for p in result.skipped] == [2, 3]
    pharmacies = read_assets(
        write("nhs_ods_edispensary_pharmacies.csv.gz", "".join(ODS))
    )
    assert [r.category for r in pharmacies.records] == ["pharmacy", "pharmacy"]
    assert recognise(write("unnamed.csv", "".join(ODS))) == "epraccur"


def test_truncated_gzip_and_empty_files(write, tmp_path):
    data = gzip.compress((GIAS_HEADER + GIAS_ROWS[0] * 200).encode())
    path = tmp_path / "gias_schools.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataImportError, match="truncated"):
        read_assets(path)
    with pytest.raises(DataImportError, match="empty"):
        read_assets(write("gias_schools.csv", ""))
    with pytest.raises(DataImportError, match="no rows"):
        read_assets(write("gias_schools2.csv", GIAS_HEADER))


def test_short_rows_are_reported(write):
    with pytest.raises(DataImportError) as info:
        read_assets(
            write(
                "gm_jobcentreplus.csv",
                "name,address,postcode,area_name,area_code,lon,lat\nA,B,M1 1AE\n",
            )
        )
    assert (
        info.value.problems[0].line == 2 and "fields" in info.value.problems[0].message
    )


def test_recognise_by_header_and_unknown(write):
    path = write(
        "export.csv",
        "name,address,postcode,type,email,website,area_name,area_code,lon,lat\nX Library,1 Road,M1 1AE,Community run library,,,,,-2.2,53.4\n",
    )
    assert recognise(path) == "gm-libraries"
    assert read_assets(path).records[0].asset_type == "association"
    with pytest.raises(DataImportError, match="gias-schools"):
        recognise(write("mystery.csv", "a,b\n1,2\n"))
    with pytest.raises(DataImportError, match="unknown kind"):
        read_assets(path, kind="gias-school")
    assert len(KINDS) >= 20


def test_gm_pharmacies_hours(write):
    text = (
        "pharmacy_name,address,postcode,opening_hours_monday,opening_hours_tuesday,opening_hours_wednesday,opening_hours_thursday,opening_hours_friday,opening_hours_saturday,opening_hours_sunday,organisation_data_service_code\n"
        'A1 Pharmacy,"491 Radcliffe Road, Bolton",BL3 1SX,"08:30-13:00,14:00-17:30","08:30-13:00,14:00-17:30","08:30-13:00,14:00-17:30","08:30-13:00,14:00-17:30","08:30-13:00,14:00-17:30",09:00-12:30,CLOSED,FM664\n'
        "Odd Pharmacy,1 Road,BL1 1AA,09:00-13:00:14:00-18:00,,,,,,,FX1\n"
    )
    result = read_assets(write("gm_pharmacies.csv", text))
    first, odd = result.records
    assert first.opening_hours == "Mo-Fr 08:30-13:00,14:00-17:30; Sa 09:00-12:30"
    assert (
        first.lat is None and first.postcode == "BL3 1SX" and first.source_id == "FM664"
    )
    assert odd.opening_hours == "" and odd.opening_hours_text.startswith(
        "Monday: 09:00-13:00:14:00-18:00"
    )


def test_librarieshacked_hours_and_closures(write):
    header = "Local authority,Library name,Address 1,Address 2,Address 3,Postcode,Unique property reference number,Statutory,Type of library,Year opened,Year closed,Monday staffed hours,Tuesday staffed hours,Wednesday staffed hours,Thursday staffed hours,Friday staffed hours,Saturday staffed hours,Sunday staffed hours,Monday unstaffed hours,Tuesday unstaffed hours,Wednesday unstaffed hours,Thursday unstaffed hours,Friday unstaffed hours,Saturday unstaffed hours,Sunday unstaffed hours,Special hours,Co-located,Co-located with,Notes,URL,Email address,nspl_lat,nspl_lon\n"
    rows = (
        'Aberdeen City Council,Airyhall Library,Springfield Road,Airyhall,Aberdeen,AB15 7RF,9051031064,Yes,LAL,,,09:00-19:00,09:00-17:00,09:00-19:00,09:00-17:00,09:00-17:00,"10:00-13:00,14:00-17:00",,,,,,,,,,No,,,https://x.example,a@x.example,57.13222,-2.14921\n'
        "Aberdeen City Council,Old Library,Road,,Aberdeen,AB15 7RF,,Yes,LAL,,2012,,,,,,,,,,,,,,,,No,,,,,57.1,-2.1\n"
    )
    result = read_assets(
        write(
            "libraries_uk_public_library_schema_librarieshacked.csv.gz", header + rows
        )
    )
    [library] = result.records
    assert (
        library.opening_hours
        == "Mo 09:00-19:00; Tu 09:00-17:00; We 09:00-19:00; Th-Fr 09:00-17:00; Sa 10:00-13:00,14:00-17:00"
    )
    assert result.skipped[0].line == 3 and "2012" in result.skipped[0].message


def test_lcc_property_mapping(write):
    header = "lcc_property_id,name,address,postcode,ward,ced,district,constituency,category,ownership,land_only,active,occupancy_status,floor_area_sqm,epc_rating,owner_entity,lat,lon,lad_code_pip\n"
    rows = [
        "1,Chorley Library,Union Street,PR7 1EB,,,,,library,Freehold,False,True,occupied,,,Lancashire County Council,53.6545,-2.6313,\n",
        "2,Euxton Balshaw Lane Park & Ride Scheme,x,PR7 6HX,,,,,land_open_space,Freehold,True,True,vacant_land,,,LCC,53.66,-2.67,\n",
        "3,Walton-Le-Dale Mains House Farm Playing Field,x,PR5 4AA,,,,,land_open_space,Freehold,True,True,vacant_land,,,LCC,53.74,-2.67,\n",
        "4,Chorley Chorley Hall Road Children's Home,x,PR7 1AA,,,,,children_social_care,Freehold,False,True,occupied,,,LCC,53.65,-2.63,\n",
        "5,Former Crawshawbooth Community Centre (CAT),x,BB4 8AA,,,,,office_civic,Freehold,False,True,third_party,,,LCC,53.72,-2.28,\n",
        "6,Land at Somewhere,x,PR7 1AA,,,,,land_general,Freehold,True,True,vacant_land,,,LCC,53.65,-2.63,\n",
    ]
    result = read_assets(
        write("lancashire_cc_land_property_assets.csv", header + "".join(rows))
    )
    assert [(r.source_id, r.category) for r in result.records] == [
        ("1", "library"),
        ("3", "park"),
        ("5", "community-centre"),
    ]
    assert result.records[2].name == "Former Crawshawbooth Community Centre"
    assert sorted(p.line for p in result.skipped) == [3, 5, 7]


def test_warm_spaces_geojson(write):
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [-2.6313, 53.6545]},
                "properties": {
                    "_source": "chorley_council",
                    "title": "Chorley Library",
                    "address": "Union Street, Chorley PR7 1EB",
                    "hours": {
                        "_text": "Monday: 10:00 - 12:00",
                        "opening": "Mo 10:00-12:00",
                    },
                    "contact": "Call 01257 515151",
                    "accessibility": "Wheelchair accessible",
                },
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [-122.75, 48.94]},
                "properties": {"_source": "warm_welcome", "title": "Blaina Bowls Club"},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [-2.6, 53.6]},
                "properties": {"_source": "warm_welcome", "hours": None},
            },
        ],
    }
    result = read_assets(write("warm_spaces_uk_openinnovations_2025.geojson.gz", data))
    [space] = result.records
    assert space.source_id == "chorley_council#1"
    assert (space.opening_hours, space.postcode, space.phone, space.accessibility) == (
        "Mo 10:00-12:00",
        "PR7 1EB",
        "01257 515151",
        ("wheelchair",),
    )
    assert [p.line for p in result.skipped] == [2, 3]
    assert recognise(write("spaces.geojson", data)) == "warm-spaces-oi"


def test_os_building_polygons_in_bng(write):
    square = [
        [
            [358000, 413000],
            [358020, 413000],
            [358020, 413020],
            [358000, 413020],
            [358000, 413000],
        ]
    ]
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": square},
                "properties": {
                    "ID": "A",
                    "DISTNAME": "Unknown",
                    "CLASSIFICA": "Place Of Worship",
                    "FEATCODE": 15025,
                },
            },
        ],
    }
    path = write("worship.geojson", data)
    assert recognise(path) == "gm-places-of-worship"
    [record] = read_assets(path).records
    assert record.name == "Place of worship" and record.source_id == "A"
    assert record.lat == pytest.approx(53.61, abs=0.02) and record.lon == pytest.approx(
        -2.64, abs=0.02
    )


def test_invalid_json_reports_line(write):
    with pytest.raises(DataImportError) as info:
        read_assets(
            write(
                "gm_post_offices.geojson",
                '{"type": "FeatureCollection",\n "features": [\n oops]}',
            )
        )
    assert info.value.problems[0].line == 3


def test_chorley_combined(write):
    text = (
        "source_dataset,source_id,name,category,address,postcode,lat,lon,coord_source\n"
        'warm_spaces,warm_welcome#2141,Chorley Library,warm_space (warm_welcome),"Chorley Library, Lancashire PR7 1EB",,53.65451,-2.6313,as published\n'
        "dcms,1,HMP Garth,library:Prison Library,x,PR26 8NE,53.68,-2.75,x\n"
        "gias,2,Some School,school:Community school,x,,53.6,-2.6,x\n"
        "lcc,3,Land at X,lcc_property:land_general,x,,53.6,-2.6,x\n"
    )
    result = read_assets(write("chorley_asset_points_combined.csv", text))
    assert [(r.category, r.postcode) for r in result.records] == [
        ("warm-space", "PR7 1EB"),
        ("school", ""),
    ]
    assert result.records[1].description == "Community school"
    assert [p.line for p in result.skipped] == [3, 5]


def test_sport_sites_grouped(write):
    header = "site_id,site_name,facility_type,access_type,facility_areas_on_site,street,town,postcode,telephone,email,website,disability_parking,disability_finding_reaching_entrance,disability_doorways,disability_toilets,lon,lat\n"
    rows = (
        "1,Park,Grass pitches,Free Public Access,1,Lime Avenue,Flixton,M41 5DE,NA,NA,NA,No,Yes,Yes,Yes,-2.367,53.447\n"
        "1,Park,Outdoor tennis courts,Free Public Access,3,Lime Avenue,Flixton,M41 5DE,NA,NA,NA,No,Yes,Yes,Yes,-2.367,53.447\n"
        "2,School,Sports halls,Private Use,1,Road,Sale,M33 1AA,NA,NA,NA,No,No,No,No,-2.3,53.4\n"
    )
    result = read_assets(
        write("trafford_sport_facilities_active_places.csv", header + rows)
    )
    [site] = result.records
    assert (
        site.cost == "free"
        and "Grass pitches, Outdoor tennis courts" in site.description
    )
    assert site.accessibility == ("wheelchair", "accessible-toilet")
    assert result.skipped[0].line == 4
