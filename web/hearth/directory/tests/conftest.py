from __future__ import annotations

from pathlib import Path

import pytest

FEEDS = Path(__file__).resolve().parent / "feeds"


@pytest.fixture
def england(db):
    from hearth.areas.tests.factories import build_england

    return build_england()["lsoas"]
