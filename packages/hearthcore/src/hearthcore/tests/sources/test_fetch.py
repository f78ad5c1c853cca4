from __future__ import annotations

import hashlib
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hearthcore.sources import FetchError, fetch_files


@pytest.fixture
def mirror(tmp_path):
    root = tmp_path / "mirror"
    (root / "imd2025").mkdir(parents=True)
    (root / "imd2025" / "a.csv").write_text("lsoa21_code,x\nE01000001,1\n")
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()


def test_it_downloads_and_verifies_checksums(mirror, tmp_path):
    url, root = mirror
    good = hashlib.sha256((root / "imd2025" / "a.csv").read_bytes()).hexdigest()
    dest = tmp_path / "data"
    written = fetch_files(
        ["imd2025/a.csv"], dest, base_url=url, checksums={"imd2025/a.csv": good}
    )
    assert written == [dest / "imd2025" / "a.csv"]
    assert written[0].read_text().startswith("lsoa21_code")


def test_a_corrupted_download_is_not_saved(mirror, tmp_path):
    url, _root = mirror
    dest = tmp_path / "data"
    with pytest.raises(FetchError, match="SHA-256"):
        fetch_files(
            ["imd2025/a.csv"], dest, base_url=url, checksums={"imd2025/a.csv": "0" * 64}
        )
    assert not (dest / "imd2025" / "a.csv").exists()
    assert list((dest / "imd2025").iterdir()) == []


def test_offline_or_missing_files_give_a_clear_error(mirror, tmp_path):
    url, _root = mirror
    with pytest.raises(FetchError, match="could not download"):
        fetch_files(["imd2025/missing.csv"], tmp_path, base_url=url, checksums={})
