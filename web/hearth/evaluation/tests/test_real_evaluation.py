"""An evaluation of a real Chorley community: the IoD 2019 to 2025 change
from the real files, and the PDF."""

from __future__ import annotations

from datetime import date

import pytest

from hearth.communities import curation
from hearth.communities.services import propose_for
from hearth.evaluation import queries, services
from hearth.evaluation.pdf import render

pytestmark = pytest.mark.realdata


def test_a_real_community_has_its_indicators_before_and_after(db, real_data, personas):
    proposal = next(p for p in propose_for("E07000118")["communities"])
    community = curation.accept(
        proposal, lad_code="E07000118", geography="lsoa21", by=None, note="Test"
    )
    evaluation = services.create_evaluation(
        community,
        title="Year 1",
        period_start=date(2025, 4, 1),
        period_end=date(2026, 3, 31),
        by=None,
    )
    report = queries.report(evaluation, with_stories=True)
    indicators = report.indicators
    assert indicators.error == ""
    assert 0 < indicators.mapped <= indicators.total == len(community.area_codes())
    domains = {row["domain"]: row for row in indicators.summary}
    imd = next(row for name, row in domains.items() if "Multiple" in name)
    # A focus community is among the most deprived: high need percentiles.
    assert imd["before"] > 50 and imd["after"] > 50
    assert imd["change"] == pytest.approx(imd["after"] - imd["before"])
    assert {d.kind for d in indicators.sources} == {"iod2019_domains", "iod2025"}
    # Reach against the real Census: no records yet, so no one is counted.
    assert report.reach is not None and report.reach.reach.people_reached == 0
    assert render(report).startswith(b"%PDF")
