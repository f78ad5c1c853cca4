"""The vendored ORUK 3.0 schemas: verbatim, complete offline, and readable problems."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources

import pytest

from hearthcore.directory import (
    Service,
    check_page,
    page_json,
    schema_names,
    service_json,
    stable_uuid,
    validate,
)
from hearthcore.directory.validation import BASE_URL, _registry, schema_documents

GOOD_ID = "3121dd2f-3900-4c90-b529-4c265f026d6f"
SCHEMAS = resources.files("hearthcore.directory").joinpath("schemas")


def test_the_schema_files_are_the_verbatim_copies_listed_in_source_txt():
    folder = SCHEMAS.joinpath("oruk3")
    source = folder.joinpath("SOURCE.txt").read_text(encoding="utf-8")
    listed = dict(
        re.findall(r"^(\S+\.json)\s+[0-9a-f]{40}\s+([0-9a-f]{64})$", source, re.M)
    )
    present = {item.name for item in folder.iterdir() if item.name.endswith(".json")}
    assert set(listed) == present and len(present) == 28
    for name, digest in listed.items():
        assert (
            hashlib.sha256(folder.joinpath(name).read_bytes()).hexdigest() == digest
        ), name
    assert (
        "BSD 3-Clause" in source
        and "cb9f775248428c0bab2910d33d00a33d6a5bd344" in source
    )


def test_the_taxonomy_files_are_the_verbatim_copies_listed_in_source_txt():
    folder = SCHEMAS.joinpath("taxonomies")
    source = folder.joinpath("SOURCE.txt").read_text(encoding="utf-8")
    for name in ("services.csv", "functions.csv"):
        digest = re.search(rf"{re.escape(name)}\s+([0-9a-f]{{64}})", source)
        assert digest is not None
        assert (
            hashlib.sha256(folder.joinpath(name).read_bytes()).hexdigest() == digest[1]
        )
    assert "Open Government Licence" in source


def _refs(node: object):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_every_reference_resolves_offline():
    registry = _registry()
    refs = {ref for doc in schema_documents().values() for ref in _refs(doc)}
    external = {r for r in refs if not r.startswith("#")}
    assert external and all(r.startswith(BASE_URL) for r in external)
    for ref in external:
        resolver = registry.resolver()
        assert resolver.lookup(ref).contents is not None, ref


def test_every_endpoint_schema_and_file_name_is_usable():
    for name in schema_names():
        validate({}, name)  # resolves without a network; problems are fine
    with pytest.raises(ValueError, match=r"no ORUK 3\.0 schema"):
        validate({}, "services")
    with pytest.raises(ValueError, match=r"no ORUK 3\.0 endpoint"):
        validate({}, "/nowhere")


def test_a_broken_service_fails_with_readable_messages():
    broken = {
        "id": "3456",
        "status": "open",
        "organization": {"id": GOOD_ID, "name": "Org"},
        "email": "",
        "schedules": [{"id": GOOD_ID, "freq": "DAILY", "valid_from": "1 May"}],
        "minimum_age": "18",
    }
    assert validate(broken, "service") == [
        "(document): 'name' is a required property",
        "email: '' is not a 'email'",
        "id: '3456' is not a 'uuid'",
        "minimum_age: '18' is not of type 'number'",
        "organization: 'description' is a required property",
        "schedules[0].freq: 'DAILY' is not one of ['WEEKLY', 'MONTHLY']",
        "schedules[0].valid_from: '1 May' is not a 'date'",
        "status: 'open' is not one of ['active', 'inactive', 'defunct', 'temporarily closed']",
    ]


def test_a_serialised_service_with_one_fault_fails():
    good = service_json(Service(id=GOOD_ID, name="Lunch club"), full=True)
    assert validate(good, "service") == []
    assert validate({k: v for k, v in good.items() if k != "name"}, "service") == [
        "(document): 'name' is a required property"
    ]
    assert validate(dict(good, status="closed"), "service")[0].startswith(
        "status: 'closed'"
    )
    assert validate(dict(good, id=5), "service") == ["id: 5 is not of type 'string'"]


def test_problems_are_sorted_by_place_with_list_indices_in_order():
    items = [{"id": f"x{i}", "name": "n", "status": "active"} for i in range(12)]
    page = {
        "total_items": 12,
        "total_pages": 1,
        "page_number": 1,
        "size": 12,
        "first_page": True,
        "last_page": True,
        "empty": False,
        "contents": items,
    }
    problems = check_page(page, "service_list")
    assert problems[:3] == [
        "contents[0].id: 'x0' is not a 'uuid'",
        "contents[1].id: 'x1' is not a 'uuid'",
        "contents[2].id: 'x2' is not a 'uuid'",
    ]
    assert problems[-1] == "contents[11].id: 'x11' is not a 'uuid'"


def test_check_page_finds_inconsistent_page_fields():
    items = [
        service_json(Service(id=stable_uuid("t", str(i)), name="S"), full=False)
        for i in range(3)
    ]
    good = page_json(items, page_number=2, per_page=3, total_items=7)
    assert check_page(good, "service_list", per_page=3) == []
    bad = dict(good, size=2, empty=True, first_page=True, last_page=True, total_pages=2)
    assert check_page(bad, "service_list", per_page=3) == [
        "size: 2 but the page has 3 items",
        "empty: True but the page has 3 items",
        "first_page: True on page 2",
        "total_pages: 2 but 7 items at 3 a page make 3",
    ]
    short = page_json(items[:2], page_number=2, per_page=3, total_items=7)
    assert check_page(short, "service_list", per_page=3) == [
        "contents: 2 items but page 2 should have 3"
    ]
    repeated = page_json([items[0], items[0]], page_number=1, per_page=3, total_items=2)
    assert check_page(repeated, "service_list") == [
        f"contents: id {items[0]['id']} appears more than once"
    ]
    assert check_page({"empty": True}, "service_list")[0] == (
        "(document): 'contents' is a required property"
    )
    assert check_page([], "service_list") == ["(document): [] is not of type 'object'"]


def test_the_validator_never_fetches(monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    assert (
        validate(
            json.loads(json.dumps({"id": GOOD_ID, "name": "n", "status": "active"})),
            "/services/{id}",
        )
        == []
    )
