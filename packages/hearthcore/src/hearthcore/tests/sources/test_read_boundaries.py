from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest
import shapely

from hearthcore import sources
from hearthcore.sources import CATALOGUE, DataImportError

KIND = CATALOGUE["boundaries_lsoa21"]


def feature(code, coords, name="Area"):
    return {
        "type": "Feature",
        "properties": {"lsoa21_code": code, "lsoa21_name": name},
        "geometry": {"type": "Polygon", "coordinates": [coords]},
    }


def collection(features, crs=None):
    data = {"type": "FeatureCollection", "features": features}
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(data)


SQUARE_BNG = [
    [358000, 417000],
    [359000, 417000],
    [359000, 418000],
    [358000, 418000],
    [358000, 417000],
]


@pytest.mark.parametrize("crs", [None, "urn:ogc:def:crs:EPSG::27700"])
def test_british_national_grid_is_reprojected_to_wgs84(tmp_path, crs):
    path = tmp_path / "bng.geojson"
    path.write_text(collection([feature("E01000001", SQUARE_BNG)], crs))
    boundaries = sources.read_boundaries(path, KIND)
    lon, lat = shapely.get_coordinates(boundaries.geometries[0])[0]
    # 358000 E, 417000 N is near Chorley.
    assert -2.7 < lon < -2.5 and 53.6 < lat < 53.7
    assert boundaries.crs_read == "EPSG:27700"


def test_an_unexpected_coordinate_system_is_refused(tmp_path):
    path = tmp_path / "odd.geojson"
    path.write_text(
        collection(
            [
                feature(
                    "E01000001",
                    [[1e7, 1e7], [1e7 + 1, 1e7], [1e7, 1e7 + 1], [1e7, 1e7]],
                )
            ]
        )
    )
    with pytest.raises(
        DataImportError, match="neither longitude/latitude nor British National Grid"
    ):
        sources.read_boundaries(path, KIND)


def test_invalid_geometries_are_named_or_repaired(tmp_path):
    bowtie = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]
    path = tmp_path / "bow.geojson"
    path.write_text(
        collection(
            [
                feature("E01000001", [[0, 0], [0.1, 0], [0.1, 0.1], [0, 0]]),
                feature("E01000002", bowtie),
            ]
        )
    )
    with pytest.raises(
        DataImportError,
        match=r"feature 2 \(E01000002\) has an invalid geometry: Self-intersection",
    ):
        sources.read_boundaries(path, KIND)
    repaired = sources.read_boundaries(path, KIND, repair=True)
    assert repaired.repaired == 1 and shapely.is_valid(repaired.geometries).all()


def test_duplicated_codes_with_other_names_are_refused(tmp_path):
    path = tmp_path / "dup.geojson"
    square = [[0, 0], [0.1, 0], [0.1, 0.1], [0, 0]]
    path.write_text(
        collection(
            [feature("E01000001", square, "A"), feature("E01000001", square, "B")]
        )
    )
    with pytest.raises(DataImportError, match="feature 2: E01000001 appears again"):
        sources.read_boundaries(path, KIND)


def test_geopackage_and_zipped_shapefile(tmp_path):
    from pyogrio.raw import write

    geoms = np.array(
        [shapely.to_wkb(shapely.box(-2.6, 53.6, -2.59, 53.61))], dtype=object
    )
    fields = [
        np.array(["E01000001"], dtype=object),
        np.array(["Chorley 001A"], dtype=object),
    ]
    gpkg = tmp_path / "a.gpkg"
    write(
        str(gpkg),
        geoms,
        fields,
        ["lsoa21_code", "lsoa21_name"],
        driver="GPKG",
        geometry_type="Polygon",
        crs="EPSG:4326",
    )
    assert sources.recognise(gpkg).key == "boundaries_lsoa21"
    assert sources.read_boundaries(gpkg, KIND).codes == ["E01000001"]
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    write(
        str(shp_dir / "a.shp"),
        geoms,
        fields,
        ["LSOA11CD", "LSOA11NM"],  # ONS shapefiles use short names
        driver="ESRI Shapefile",
        geometry_type="Polygon",
        crs="EPSG:4326",
    )
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in shp_dir.iterdir():
            zf.write(part, part.name)
    assert sources.recognise(archive).key == "boundaries_lsoa11"
    assert sources.read_boundaries(archive, CATALOGUE["boundaries_lsoa11"]).names == [
        "Chorley 001A"
    ]


def test_points_are_placed_in_areas_with_a_coastal_fallback():
    squares = np.array([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)])
    placed = sources.assign_points_to_areas(
        np.array([0.5, 1.5, 2.003, 5.0, np.nan]),
        np.array([0.5, 0.5, 0.5, 5.0, np.nan]),
        squares,
        ["A", "B"],
    )
    assert placed.codes.tolist() == ["A", "B", "B", None, None]
    assert placed.nearest.tolist() == [False, False, True, False, False]


def test_adjacency_tolerates_slivers():
    boxes = np.array(
        [
            shapely.box(0, 0, 1, 1),
            shapely.box(1.00005, 0, 2, 1),
            shapely.box(3, 0, 4, 1),
        ]
    )
    assert sources.adjacency(boxes, ["A", "B", "C"]) == {
        "A": {"B"},
        "B": {"A"},
        "C": set(),
    }
