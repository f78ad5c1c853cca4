"""Caches shared by every worker process.

Per-process memory (functools.lru_cache) is fast but each gunicorn worker
fills its own, and a deploy empties them all. The "shared" cache (a folder
of files under var/cache/shared, so it needs no server) holds what is
expensive to compute, keyed by the version of the data it came from, so a
new import simply starts new keys:

- ``versioned()``: a function's result, in memory and in the shared cache;
- ``PublicPageCacheMiddleware``: whole public pages for visitors who are not
  signed in;
- ``prepared_file()``: big downloads built once per data version, served as
  files, with at most one build at a time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase

log = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()


def shared() -> Any:
    return caches["shared"]


def _key(*parts: object) -> str:
    return "hearth:" + hashlib.sha256(repr(parts).encode()).hexdigest()


class Versioned(Generic[T]):
    """A memoised function: results in this process and in the shared cache."""

    def __init__(
        self, name: str, function: Callable[..., T], memory: int, timeout: int | None
    ) -> None:
        self.name, self.function = name, function
        self.memory, self.timeout = memory, timeout
        self.local: OrderedDict[tuple[Any, ...], T] = OrderedDict()
        wraps(function)(self)

    def __call__(self, *args: Any) -> T:
        if args in self.local:
            self.local.move_to_end(args)
            return self.local[args]
        key = _key(self.name, *args)
        found: Any = shared().get(key, _MISSING)
        if found is _MISSING:
            value = self.function(*args)
            try:
                shared().set(key, value, self.timeout)
            except Exception:  # noqa: BLE001 - a full disk must not break pages
                log.warning("could not store %s in the shared cache", self.name)
        else:
            value = found
        self.local[args] = value
        while len(self.local) > self.memory:
            self.local.popitem(last=False)
        return value

    def cache_clear(self) -> None:
        """Forget this process's copies (the shared cache keeps its own)."""
        self.local.clear()


def versioned(
    name: str, *, memory: int = 8, timeout: int | None = None
) -> Callable[[Callable[..., T]], Versioned[T]]:
    """Memoise a function of hashable arguments (one of them a data version).

    Results live in this process (the ``memory`` most recent) and in the
    shared cache, so the next worker, or the next deploy, reads instead of
    computing. Callers put the data version in the arguments.
    """

    def decorate(function: Callable[..., T]) -> Versioned[T]:
        return Versioned(name, function, memory, timeout)

    return decorate


# --- whole public pages --------------------------------------------------------

#: Paths whose pages are the same for every visitor who is not signed in,
#: with how long they may be kept. Asset pages say "open now", so briefly.
PUBLIC_PREFIXES: tuple[tuple[str, int], ...] = (
    ("/areas/", 900),
    ("/profiles/", 900),
    ("/indices/", 900),
    ("/api/v1/areas", 900),
    ("/api/v1/lads/", 900),
    ("/api/v1/values", 900),
    ("/api/v1/datasets", 900),
    ("/api/v1/indicators", 900),
    ("/api/v1/assets", 60),
    ("/assets/map.geojson", 60),
    ("/assets/outline/", 900),
)
#: The communities dashboard draws on every app's records, which have no
#: version here, so it is kept for a minute only.
EXACT: dict[str, int] = {"/assets/": 60, "/evaluation/": 60}
MAX_PAGE_BYTES = 5_000_000
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control")


def _timeout(path: str) -> int | None:
    if path in EXACT:
        return EXACT[path]
    for prefix, seconds in PUBLIC_PREFIXES:
        if path.startswith(prefix):
            return seconds
    return None


# What public pages depend on: each app that changes them (imported data,
# the asset register) registers a function giving its current version.
_VERSION_SOURCES: dict[str, Callable[[], object]] = {}


def register_version_source(name: str, source: Callable[[], object]) -> None:
    """Make public pages depend on ``source()`` (called from AppConfig.ready)."""
    _VERSION_SOURCES[name] = source


def page_versions() -> tuple[object, ...]:
    """The current version of everything public pages depend on."""
    return tuple(source() for _name, source in sorted(_VERSION_SOURCES.items()))


class PublicPageCacheMiddleware:
    """Serve public pages to visitors who are not signed in from the shared cache.

    Only GET and HEAD, only the paths above, only 200 responses that set no
    cookie and are not private; keys hold the data and asset versions, so
    an import or an edit shows at once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = _timeout(request.path)
        if (
            timeout is None
            or request.method not in ("GET", "HEAD")
            or not settings.HEARTH_PAGE_CACHE
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or request.user.is_authenticated
        ):
            return self.get_response(request)
        key = _key("page", request.get_full_path(), *page_versions())
        cached = shared().get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Hearth-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and len(response.content) <= MAX_PAGE_BYTES
        ):
            headers = [(h, response[h]) for h in KEPT_HEADERS if h in response]
            shared().set(
                key, (response.status_code, headers, response.content), timeout
            )
        return response


# --- big downloads ---------------------------------------------------------------


class Busy(Exception):
    """Another process is preparing this file; try again shortly."""


def prepared_file(
    name: str,
    version: object,
    build: Callable[[Path], None],
    *,
    filename: str,
    content_type: str,
    attachment: bool = True,
) -> HttpResponseBase:
    """Serve a big download built once per version, at most one build at a time.

    The file is written to var/exports/ by ``build(path)`` (into a temporary
    name, then moved into place), and then served from disk to everyone. While
    one process builds it, others get 503 with Retry-After rather than tying
    up a worker: exports of all England cannot starve the site.
    """
    folder = Path(settings.VAR_DIR) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(repr((name, version)).encode()).hexdigest()[:16]
    target = folder / f"{digest}-{filename}"
    if not target.exists():
        lock = folder / f"{digest}.lock"
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            # A lock left by a killed build is stale after ten minutes.
            if time.time() - lock.stat().st_mtime < 600:
                return _busy()
            lock.unlink(missing_ok=True)
            return _busy()
        try:
            os.close(descriptor)
            with tempfile.NamedTemporaryFile(dir=folder, delete=False) as handle:
                partial = Path(handle.name)
            build(partial)
            partial.replace(target)
        finally:
            lock.unlink(missing_ok=True)
            if "partial" in locals() and partial.exists():
                partial.unlink()
    response = FileResponse(
        target.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
    return response


def _busy() -> HttpResponse:
    response = HttpResponse(
        "This download is being prepared. Try again in a minute.",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "30"
    return response
