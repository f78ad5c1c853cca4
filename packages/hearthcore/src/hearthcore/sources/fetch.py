"""Download the data files from their publishers, verifying checksums."""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from .catalogue import known_checksums
from .errors import FetchError

Opener = Callable[..., IO[bytes]]


def fetch_files(
    names: Iterable[str],
    dest: Path,
    *,
    base_url: str,
    checksums: dict[str, str] | None = None,
    opener: Opener = urllib.request.urlopen,
    progress: Callable[[str], Any] | None = None,
    timeout: float = 60,
) -> list[Path]:
    """Download files by their path relative to the data folder.

    Each file is written to a temporary file beside its destination, its
    SHA-256 checked against the known release, and only then moved into
    place, so an interrupted or corrupted download never replaces a good file.

    Parameters
    ----------
    names : iterable of str
        Paths relative to ``base_url`` and ``dest`` (e.g. ``imd2019/File_1.csv``).
    dest : Path
        The data folder.
    base_url : str
        Where the files are published (or a mirror of the same layout).
    checksums : dict, optional
        Expected SHA-256 per name; defaults to the releases Hearth knows.
    opener : callable
        ``urllib.request.urlopen`` or a stand-in.
    progress : callable, optional
        Called with a message per file.
    timeout : float
        Seconds to wait for each connection.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    FetchError
        When offline, on an HTTP error, or when a file's checksum differs.
    """
    expected = known_checksums() if checksums is None else checksums
    written = []
    for name in names:
        url = base_url.rstrip("/") + "/" + name
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        handle, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".download-")
        try:
            with (
                os.fdopen(handle, "wb") as out,
                opener(url, timeout=timeout) as response,
            ):
                for block in iter(lambda: response.read(1 << 20), b""):
                    digest.update(block)
                    out.write(block)
            want = expected.get(name)
            if want and digest.hexdigest() != want:
                raise FetchError(
                    f"{name}: the download's SHA-256 is {digest.hexdigest()[:16]}…, "
                    f"not {want[:16]}… as published; the file was not saved."
                )
            os.replace(tmp_name, target)
        except (urllib.error.URLError, OSError, TimeoutError) as error:
            raise FetchError(
                f"{name}: could not download {url} ({error}). Are you online?"
            ) from None
        finally:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
        written.append(target)
        if progress:
            progress(f"{name}: {target.stat().st_size:,} bytes, checksum verified")
    return written
