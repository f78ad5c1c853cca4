from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text (optionally gzipped) or JSON into tmp_path."""

    def _write(name: str, content: str | Any, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else json.dumps(content)
        data = text.encode(encoding)
        if name.endswith(".gz"):
            data = gzip.compress(data)
        path.write_bytes(data)
        return path

    return _write
