"""Check JSON against the vendored Open Referral UK 3.0 schemas, offline.

The schemas in ``schemas/oruk3/`` are verbatim copies of those ORUK serves
at ``https://openreferraluk.org/specifications/3.0/schema/``; every
cross-file ``$ref`` in them is an absolute URL there, so a ``referencing``
registry keyed by those URLs resolves them all without a network. Formats
(``uuid``, ``date``, ``date-time``, ``email``, ``uri``) are checked.

``jsonschema`` is a development dependency of Hearth: it is imported when a
check runs, by tests and by validation commands, never by the web app's
request path.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any, Final

#: Where ORUK serves the schemas; their ``$id``s and ``$ref``s use it.
BASE_URL: Final = "https://openreferraluk.org/specifications/3.0/schema/"
#: Where ORUK serves its OpenAPI document.
OPENAPI_URL: Final = "https://openreferraluk.org/specifications/3.0/openapi.json"
_MAX_MESSAGE = 300


@lru_cache(maxsize=1)
def schema_documents() -> dict[str, Any]:
    """Return the vendored ORUK 3.0 schema files, parsed, by file name.

    Returns
    -------
    dict
        File name (``"service.json"``, ..., ``"openapi.json"``) to its JSON.

    Examples
    --------
    >>> schema_documents()["service.json"]["required"]
    ['id', 'name', 'status']
    """
    folder = (
        resources.files("hearthcore.directory").joinpath("schemas").joinpath("oruk3")
    )
    return {
        item.name: json.loads(item.read_text(encoding="utf-8"))
        for item in folder.iterdir()
        if item.name.endswith(".json")
    }


def schema_names() -> list[str]:
    """Return the names :func:`validate` accepts.

    Returns
    -------
    list of str
        Schema names without ``.json`` (``"service"``, ``"service_list"``,
        ...) followed by the OpenAPI paths (``"/"``, ``"/services"``,
        ``"/services/{id}"``, ...), whose 200 response schemas are used.

    Examples
    --------
    >>> "service_list" in schema_names() and "/services/{id}" in schema_names()
    True
    """
    documents = schema_documents()
    files = sorted(n.removesuffix(".json") for n in documents if n != "openapi.json")
    return files + list(documents["openapi.json"]["paths"])


@lru_cache(maxsize=1)
def _registry() -> Any:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    # Half the files declare no $schema: read them as draft 2020-12, the
    # dialect the ORUK OpenAPI document declares.
    return Registry().with_resources(
        (
            BASE_URL + name,
            Resource.from_contents(doc, default_specification=DRAFT202012),
        )
        for name, doc in schema_documents().items()
        if name != "openapi.json"
    )


def _schema_for(schema: str) -> dict[str, Any]:
    documents = schema_documents()
    if schema.startswith("/"):
        paths = documents["openapi.json"]["paths"]
        if schema not in paths:
            raise ValueError(
                f"no ORUK 3.0 endpoint {schema!r}: try one of {list(paths)}"
            )
        found: dict[str, Any] = paths[schema]["get"]["responses"]["200"]["content"][
            "application/json"
        ]["schema"]
        return found
    name = schema if schema.endswith(".json") else schema + ".json"
    if name not in documents or name == "openapi.json":
        raise ValueError(f"no ORUK 3.0 schema {schema!r}: try one of {schema_names()}")
    return {"$ref": BASE_URL + name}


@lru_cache(maxsize=64)
def _validator(schema_text: str) -> Any:
    from jsonschema import (  # type: ignore[import-untyped]
        Draft202012Validator,
        FormatChecker,
    )

    return Draft202012Validator(
        json.loads(schema_text), registry=_registry(), format_checker=FormatChecker()
    )


def _where(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(document)"


@lru_cache(maxsize=1)
def _forbidden_in_lists() -> frozenset[str]:
    names: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if value is False:
                    names.add(key)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name, doc in schema_documents().items():
        if name.endswith("_list.json"):
            walk(doc)
    return frozenset(names)


def _locate(error: Any, document: object) -> tuple[list[str | int], str]:
    """Where an error is, and what it says, in a readable form."""
    path: list[str | int] = list(error.absolute_path)
    if error.schema is False:
        # jsonschema reports a property whose schema is `false` at its parent,
        # so find the property by its value.
        parent: Any = document
        for part in path:
            parent = parent[part]
        if isinstance(parent, dict):
            for key in sorted(_forbidden_in_lists()):
                if key in parent and parent[key] == error.instance:
                    return [
                        *path,
                        key,
                    ], "is not allowed in a list item (only in the full object)"
        return path, "is not allowed here"
    message = str(error.message)
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    return path, message


def _problems(document: object, schema: dict[str, Any]) -> list[str]:
    validator = _validator(json.dumps(schema, sort_keys=True))
    found: set[tuple[tuple[tuple[int, int, str], ...], str, str]] = set()
    for error in validator.iter_errors(document):
        path, message = _locate(error, document)
        order = tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in path)
        found.add((order, _where(path), message))
    return [f"{where}: {message}" for _, where, message in sorted(found)]


def validate(document: object, schema: str) -> list[str]:
    """Check a JSON document against an ORUK 3.0 schema.

    Parameters
    ----------
    document : object
        Parsed JSON (dicts, lists, strings, numbers ...).
    schema : str
        A schema name from :func:`schema_names`: a file such as
        ``"service"``, ``"service_list"`` or ``"organization"`` (``.json``
        optional), or an endpoint such as ``"/services"`` or
        ``"/services/{id}"`` for the schema of its 200 response.

    Returns
    -------
    list of str
        One readable line per problem, ``"<where>: <what>"`` (e.g.
        ``"schedules[0].freq: 'DAILY' is not one of ['WEEKLY', 'MONTHLY']"``),
        sorted by place; empty when the document is valid.

    Raises
    ------
    ValueError
        For an unknown schema name.

    Examples
    --------
    >>> validate({"id": "1", "name": "Lunch club", "status": "open"}, "service")
    ["id: '1' is not a 'uuid'", "status: 'open' is not one of ['active', 'inactive', 'defunct', 'temporarily closed']"]
    >>> validate({"id": "3121dd2f-3900-4c90-b529-4c265f026d6f", "name": "Lunch club",
    ...           "status": "active"}, "/services/{id}")
    []
    """
    return _problems(document, _schema_for(schema))


def check_page(
    document: object, item_schema: str, *, per_page: int | None = None
) -> list[str]:
    """Check a paginated list response: the schema and its page arithmetic.

    Besides ``page.json`` with every item valid against ``item_schema``,
    the ORUK validator relies on the page fields to walk the pages, so this
    also checks that all of them are present and agree: ``size`` is the
    number of ``contents``, ``empty`` is true exactly when there are none,
    ``first_page`` and ``last_page`` follow ``page_number`` and
    ``total_pages``, and item ids are unique on the page. With ``per_page``,
    ``total_pages`` and the number of items must also match it.

    Parameters
    ----------
    document : object
        Parsed JSON of the response.
    item_schema : str
        Schema of each item, e.g. ``"service_list"`` for ``/services``,
        ``"organization_list"``, ``"service_at_location_list"``,
        ``"taxonomy"``, ``"taxonomy_term"``.
    per_page : int, optional
        The page size that was requested.

    Returns
    -------
    list of str
        Readable problems; empty when the page is valid.

    Examples
    --------
    >>> check_page({"total_items": 0, "total_pages": 1, "page_number": 1, "size": 0,
    ...             "first_page": True, "last_page": True, "empty": True,
    ...             "contents": []}, "service_list", per_page=20)
    []
    >>> check_page({"empty": False, "contents": []}, "service_list")[:2]
    ['(document): page field total_items is missing', '(document): page field total_pages is missing']
    """
    item = _schema_for(item_schema)
    schema = {
        "allOf": [
            {"$ref": BASE_URL + "page.json"},
            {
                "type": "object",
                "properties": {"contents": {"type": "array", "items": item}},
                "required": ["contents"],
            },
        ]
    }
    problems = _problems(document, schema)
    if not isinstance(document, dict):
        return problems
    fields = (
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
    )
    missing = [f for f in fields if f not in document]
    problems += [f"(document): page field {f} is missing" for f in missing]
    contents = document.get("contents")
    if missing or not isinstance(contents, list) or problems:
        return problems
    total_items, total_pages = document["total_items"], document["total_pages"]
    page_number, size = document["page_number"], document["size"]
    if size != len(contents):
        problems.append(f"size: {size} but the page has {len(contents)} items")
    if document["empty"] != (not contents):
        problems.append(
            f"empty: {document['empty']} but the page has {len(contents)} items"
        )
    if page_number < 1:
        problems.append(f"page_number: {page_number} (pages are numbered from 1)")
    if total_pages < 1:
        problems.append(
            f"total_pages: {total_pages} (an empty result is one empty page)"
        )
    if document["first_page"] != (page_number == 1):
        problems.append(f"first_page: {document['first_page']} on page {page_number}")
    if document["last_page"] != (page_number >= total_pages):
        problems.append(
            f"last_page: {document['last_page']} on page {page_number} of {total_pages}"
        )
    if total_items < len(contents):
        problems.append(
            f"total_items: {total_items} but this page alone has {len(contents)}"
        )
    if per_page is not None:
        expected_pages = max(1, math.ceil(total_items / per_page))
        if total_pages != expected_pages:
            problems.append(
                f"total_pages: {total_pages} but {total_items} items at {per_page} "
                f"a page make {expected_pages}"
            )
        expected = min(per_page, max(0, total_items - (page_number - 1) * per_page))
        if len(contents) != expected:
            problems.append(
                f"contents: {len(contents)} items but page {page_number} should have {expected}"
            )
    ids = [c.get("id") for c in contents if isinstance(c, dict)]
    repeated = sorted({str(i) for i in ids if ids.count(i) > 1})
    problems += [f"contents: id {i} appears more than once" for i in repeated]
    return problems
