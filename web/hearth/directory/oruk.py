"""The Open Referral UK 3.0 API at ``/openreferral/``.

Open to everyone (no key), with open CORS; every response is ORUK 3.0 JSON
(``hearthcore.directory.oruk3``) and the tests validate each endpoint
against the vendored ORUK 3.0 schemas. Lists are pages
(``page``, ``per_page`` 1-100, default 20). Errors are ORUK's
``ErrorResponse``: ``{"error": ..., "message": ...}`` with 400 or 404,
never a 500.

Parameters ``full``, ``minimal``, ``full_service`` and ``format`` are
accepted and ignored (``format`` must be ``json``): ``service_list.json``
forbids the nested arrays a "full" list item would carry, so lists are
always the list form, and ``/services/{id}`` is always full.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import lru_cache, wraps
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from hearthcore import directory as core
from hearthcore.directory.validation import schema_documents

from . import queries
from .models import Taxonomy, TaxonomyTerm

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
JSON_TYPE = "application/json; charset=utf-8"


class BadRequest(Exception):
    def __init__(
        self, message: str, status: int = 400, error: str = "Bad request"
    ) -> None:
        super().__init__(message)
        self.message, self.status, self.error = message, status, error


def _response(data: Any, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type=JSON_TYPE,
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    return response


def _error(status: int, error: str, message: str) -> HttpResponse:
    response = _response({"error": error, "message": message}, status)
    response["Cache-Control"] = "no-store"
    return response


View = Callable[..., HttpResponse]


def endpoint(view: View) -> View:
    """GET (and HEAD) only, CORS for everyone, ORUK errors instead of exceptions."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "*"
            response["Access-Control-Max-Age"] = "86400"
            return response
        if request.method not in ("GET", "HEAD"):
            response = _error(
                405, "Method not allowed", "This API only answers GET requests."
            )
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        fmt = request.GET.get("format", "json").strip().lower()
        if fmt not in ("", "json"):
            return _error(
                400,
                "Bad request",
                f"format {fmt!r} is not offered: this API serves json",
            )
        try:
            return view(request, *args, **kwargs)
        except queries.QueryError as error:
            return _error(400, "Bad request", error.message)
        except BadRequest as error:
            return _error(error.status, error.error, error.message)

    return wrapper


def _whole(request: HttpRequest, name: str, default: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, not {text!r}") from None


def _paging(request: HttpRequest) -> tuple[int, int]:
    page = max(1, _whole(request, "page", 1))
    per_page = min(MAX_PER_PAGE, max(1, _whole(request, "per_page", DEFAULT_PER_PAGE)))
    return page, per_page


def _page(
    request: HttpRequest,
    items: Sequence[Any],
    serialise: Callable[[Any], dict[str, Any]],
) -> HttpResponse:
    page, per_page = _paging(request)
    start = (page - 1) * per_page
    contents = [serialise(item) for item in items[start : start + per_page]]
    return _response(
        core.page_json(
            contents, page_number=page, per_page=per_page, total_items=len(items)
        )
    )


def _not_found(what: str, uuid: str) -> HttpResponse:
    return _error(
        404, "Not found", f"There is no {what} with the id {uuid} in this directory."
    )


@endpoint
def api_details(request: HttpRequest) -> HttpResponse:
    return _response(
        core.api_details_json(
            request.build_absolute_uri(reverse("openreferral:openapi"))
        )
    )


@lru_cache(maxsize=8)
def _openapi(base: str) -> str:
    document = json.loads(json.dumps(schema_documents()["openapi.json"]))
    document["servers"] = [
        {"url": base, "description": "This Hearth's service directory"}
    ]
    return json.dumps(document, ensure_ascii=False)


@endpoint
def openapi(request: HttpRequest) -> HttpResponse:
    """The ORUK 3.0 OpenAPI document, with this server's address."""
    base = request.build_absolute_uri(reverse("openreferral:details")).rstrip("/")
    response = HttpResponse(_openapi(base), content_type=JSON_TYPE)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@endpoint
def services(request: HttpRequest) -> HttpResponse:
    found = queries.find_services(queries.parse_query(request.GET))
    return _page(request, found, lambda pair: core.service_json(pair[1], full=False))


@endpoint
def service(request: HttpRequest, uuid: str) -> HttpResponse:
    found = queries.published().by_id.get(uuid.lower())
    if found is None:
        return _not_found("service", uuid)
    return _response(core.service_json(found, full=True))


@endpoint
def service_at_locations(request: HttpRequest) -> HttpResponse:
    query = queries.parse_query(request.GET)
    found = queries.find_services(query)
    rows: list[tuple[float | None, core.ServiceAtLocation, core.Service]] = []
    for _distance, item in found:
        for sal in item.service_at_locations:
            distance = None
            if query.point is not None:
                location = sal.location
                if location.latitude is None or location.longitude is None:
                    continue
                distance = core.distance_m(
                    query.point[0],
                    query.point[1],
                    location.latitude,
                    location.longitude,
                )
                if query.proximity is not None and distance > query.proximity:
                    continue
            rows.append((distance, sal, item))
    if query.point is not None:
        rows.sort(key=lambda r: (r[0], r[2].name.casefold(), r[1].id))
    return _page(
        request,
        rows,
        lambda r: core.service_at_location_json(r[1], r[2], include_service=True),
    )


@endpoint
def service_at_location(request: HttpRequest, uuid: str) -> HttpResponse:
    found = queries.published().sal_index.get(uuid.lower())
    if found is None:
        return _not_found("service at location", uuid)
    return _response(core.service_at_location_json(found[0], found[1]))


@endpoint
def organizations(request: HttpRequest) -> HttpResponse:
    directory = queries.published()
    words = (request.GET.get("search") or "").casefold().split()
    found = [
        org
        for org in directory.organizations
        if all(w in f"{org.name}\n{org.description or ''}".casefold() for w in words)
    ]
    return _page(request, found, lambda org: core.organization_json(org, full=False))


@endpoint
def organization(request: HttpRequest, uuid: str) -> HttpResponse:
    found = queries.published().organization_by_id.get(uuid.lower())
    if found is None:
        return _not_found("organization", uuid)
    return _response(core.organization_json(found, full=True))


def _taxonomy_core(taxonomy: Taxonomy) -> core.Taxonomy:
    return core.Taxonomy(
        id=taxonomy.uuid,
        name=taxonomy.name,
        description=taxonomy.description or None,
        uri=taxonomy.uri or None,
        version=taxonomy.version or None,
    )


def _search(queryset: Any, request: HttpRequest, *fields: str) -> Any:
    for word in (request.GET.get("search") or "").split()[:10]:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


@endpoint
def taxonomies(request: HttpRequest) -> HttpResponse:
    found = list(
        _search(Taxonomy.objects.order_by("name", "pk"), request, "name", "description")
    )
    return _page(request, found, lambda t: core.taxonomy_json(_taxonomy_core(t)))


@endpoint
def taxonomy(request: HttpRequest, uuid: str) -> HttpResponse:
    found = Taxonomy.objects.filter(uuid=uuid.lower()).first()
    if found is None:
        return _not_found("taxonomy", uuid)
    return _response(core.taxonomy_json(_taxonomy_core(found)))


def _terms() -> Any:
    return TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by(
        "taxonomy__name", "name", "pk"
    )


@endpoint
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    terms = _search(_terms(), request, "name", "description", "code")
    for name in ("taxonomy_id", "parent_id"):
        value = request.GET.get(name, "").strip()
        if value:
            if not core.is_uuid(value):
                raise BadRequest(f"{name} must be a UUID, not {value!r}")
            field = "taxonomy__uuid" if name == "taxonomy_id" else "parent__uuid"
            terms = terms.filter(**{field: value.lower()})
    top_only = request.GET.get("top_only", "").strip().lower()
    if top_only not in ("", "true", "false", "1", "0"):
        raise BadRequest(f"top_only must be true or false, not {top_only!r}")
    if top_only in ("true", "1"):
        terms = terms.filter(parent__isnull=True)
    page, per_page = _paging(request)
    total = terms.count()
    start = (page - 1) * per_page
    contents = [
        core.taxonomy_term_json(queries.term_core(t))
        for t in terms[start : start + per_page]
    ]
    return _response(
        core.page_json(contents, page_number=page, per_page=per_page, total_items=total)
    )


@endpoint
def taxonomy_term(request: HttpRequest, uuid: str) -> HttpResponse:
    found = _terms().filter(uuid=uuid.lower()).first()
    if found is None:
        return _not_found("taxonomy term", uuid)
    return _response(core.taxonomy_term_json(queries.term_core(found)))
