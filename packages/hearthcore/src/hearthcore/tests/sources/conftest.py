from __future__ import annotations

from pathlib import Path

import pytest

IOD25_HEADER = "lsoa21_code,IMD_score,IMD_rank,Income_rank\n"


@pytest.fixture
def write(tmp_path: Path):
    def _write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return _write
