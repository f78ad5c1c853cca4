"""A whole neighbourhood profile from the published files, without Django."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from hearthcore import profile

DATA = Path(os.environ.get("HEARTH_DATA_DIR", "/work/shared/data"))


def tiny_inputs() -> profile.Inputs:
    codes = ["E01000001", "E01000002", "E01000003", "E01000004"]
    census = profile.Dataset(
        pd.DataFrame(
            {
                "disabled_under_the_equality_act": [100.0, 200.0, 300.0, 400.0],
                "not_disabled_under_the_equality_act": [900.0, 800.0, 700.0, 600.0],
                "total": [1000.0, 1000.0, 1000.0, 1000.0],
            },
            index=codes,
        ),
        {"disabled_under_the_equality_act": "Disabled"},
    )
    iod = profile.Dataset(
        pd.DataFrame(
            {"imd_score": [40.0, 30.0, 20.0, 10.0], "imd_rank": [1.0, 2.0, 3.0, 4.0]},
            index=codes,
        )
    )
    return profile.prepare(
        {"census2021_disability": census, "iod2025": iod},
        lad_of=pd.Series(["A", "A", "B", "B"], index=codes),
        links=pd.DataFrame(columns=["old", "new", "change"]),
        lad_names={"A": "Alpha", "B": "Beta"},
    )


def test_a_profile_is_built_from_plain_frames():
    inputs = tiny_inputs()
    chosen = profile.selection(inputs, ["E01000001"], label="Estate")
    assert (chosen.lad_code, chosen.lad_name) == ("A", "Alpha")
    result = profile.build(inputs, chosen)
    assert result.population == {
        "Estate": 1000.0,
        "Authority": 2000.0,
        "England": 4000.0,
    }
    disability = {t: table for t, table, _u in result.sections}["Disability"]
    assert disability.loc["Disabled", "Estate"] == pytest.approx(0.1)
    assert disability.loc["Disabled", "Authority"] == pytest.approx(0.15)
    assert disability.loc["Disabled", "England"] == pytest.approx(0.25)
    # Rank 1 of 4 is the 100th need percentile; the authority averages 87.5.
    assert result.radar.loc["Index of Multiple Deprivation"].tolist() == [
        100.0,
        87.5,
        62.5,
    ]
    frame = result.to_frame()
    assert {"section", "measure", "unit", "Estate", "Authority", "England"} <= set(
        frame.columns
    )


@pytest.mark.realdata
@pytest.mark.skipif(not DATA.exists(), reason="no HEARTH_DATA_DIR")
def test_an_analyst_profiles_chorley_from_the_published_files():
    inputs = profile.inputs_from_folder(DATA)
    chorley = list(inputs.lad_of.index[inputs.lad_of == "E07000118"])
    assert len(chorley) == 70
    chosen = profile.selection(inputs, chorley, label="Chorley")
    assert chosen.lad_name == "Chorley"
    result = profile.build(inputs, chosen)
    # Census 2021 usual residents of Chorley's 70 LSOAs.
    assert result.population["Chorley"] == 117_743
    assert result.population["England"] == pytest.approx(56_490_048)
    assert result.radar is not None and result.change is not None
    assert result.change.attrs["mapped"] > 60
    assert result.resilience is not None and result.neighbours is not None
