"""`hearth directory import FILE`: ORUK feeds, all or nothing."""

from __future__ import annotations

import gzip
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hearth.assets.models import Asset
from hearth.assets.tests.factories import make_asset
from hearth.directory.models import FeedImport, Service
from hearthcore import directory as core

S1 = "3121dd2f-3900-4c90-b529-4c265f026d6f"
S2 = "7bd0d4e5-6f3c-4a1d-8a0e-2b6a5d7c9e10"
ORG = "a1b2c3d4-0000-4000-8000-000000000001"
HALL = "a1b2c3d4-0000-4000-8000-0000000000aa"
NEW_PLACE = "a1b2c3d4-0000-4000-8000-0000000000bb"


def v3_service(uuid: str, name: str, *, location: dict | None = None, **extra) -> dict:
    service = {
        "id": uuid,
        "name": name,
        "status": "active",
        "description": "<p>Come along</p>",
        "organization": {
            "id": ORG,
            "name": "Chorley Together",
            "description": "A charity",
        },
        "schedules": [
            {
                "id": f"{uuid[:-4]}0001",
                "freq": "WEEKLY",
                "byday": "WE",
                "opens_at": "10:00",
                "closes_at": "12:00",
            }
        ],
        "attributes": [
            {
                "id": f"{uuid[:-4]}0002",
                "taxonomy_term": {
                    "id": "a1b2c3d4-0000-4000-8000-00000000cccc",
                    "name": "Loneliness",
                    "taxonomy": "Chorley needs",
                    "taxonomy_id": "a1b2c3d4-0000-4000-8000-00000000dddd",
                },
            }
        ],
        **extra,
    }
    if location:
        service["service_at_locations"] = [
            {"id": f"{uuid[:-4]}0003", "location": location}
        ]
    return service


def write(tmp_path, records, name="chorley_together_2025-01-01.json", gz=False):
    path = tmp_path / (name + (".gz" if gz else ""))
    data = json.dumps({"total_items": len(records), "contents": records}).encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


@pytest.fixture
def feed(tmp_path, england):
    make_asset(0, name="Moor Hall", postcode="PR7 1DP")
    return write(
        tmp_path,
        [
            v3_service(
                S1,
                "Chat cafe",
                location={
                    "id": HALL,
                    "name": "Moor Hall",
                    "latitude": 53.60501,
                    "longitude": -2.59499,
                },
            ),
            v3_service(
                S2,
                "Men's shed",
                location={
                    "id": NEW_PLACE,
                    "name": "The Shed",
                    "addresses": [
                        {
                            "id": "a1b2c3d4-0000-4000-8000-0000000000ee",
                            "address_1": "Back Lane",
                            "city": "Chorley",
                            "postal_code": "PR7 1DP",
                            "country": "GB",
                            "state_province": "",
                            "address_type": "physical",
                        }
                    ],
                },
            ),
        ],
        gz=True,
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command("directory", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_v3_feed_imports_and_its_locations_are_assets(client, feed):
    result = json.loads(run("import", str(feed), "--format", "json"))[0]
    assert (
        result["imported"]
        and result["created"] == 2
        and result["source"] == "chorley-together"
    )
    assert result["locations"] == {"reused": 1, "created": 1, "left_out": 0}
    # The hall was already in the register: reused, not copied.
    assert Asset.objects.filter(name="Moor Hall").count() == 1
    shed = Asset.objects.get(name="The Shed")
    assert (
        shed.postcode == "PR7 1DP"
        and shed.lat is not None
        and shed.lsoa21 == "E01000000"
    )
    body = client.get("/openreferral/services").json()
    assert [s["name"] for s in body["contents"]] == ["Chat cafe", "Men's shed"]
    full = client.get(f"/openreferral/services/{S1}").json()
    assert core.validate(full, "/services/{id}") == []
    assert full["description"] == "Come along"  # HTML became text
    assert full["service_at_locations"][0]["location"]["name"] == "Moor Hall"
    assert full["schedules"][0]["byday"] == "WE"
    assert full["attributes"][0]["taxonomy_term"]["name"] == "Loneliness"


def test_reimporting_the_same_feed_changes_nothing(feed):
    run("import", str(feed))
    again = json.loads(run("import", str(feed), "--format", "json"))[0]
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert again["locations"] == {"reused": 0, "created": 0, "left_out": 0}
    assert Asset.objects.filter(name="The Shed").count() == 1


def test_a_later_snapshot_updates_archives_and_restores(tmp_path, feed):
    run("import", str(feed))
    later = write(
        tmp_path,
        [v3_service(S1, "Chat cafe and games")],
        name="chorley_together_2025-02-01.json",
    )
    result = json.loads(run("import", str(later), "--format", "json"))[0]
    assert (result["updated"], result["archived"]) == (1, 1)
    assert Service.objects.get(uuid=S2).state == Service.State.ARCHIVED
    assert Service.objects.get(uuid=S1).name == "Chat cafe and games"
    result = json.loads(run("import", str(feed), "--format", "json"))[0]
    assert (
        result["restored"] == 1
        and Service.objects.get(uuid=S2).state == Service.State.PUBLISHED
    )


def test_a_bad_feed_changes_nothing_and_names_the_records(tmp_path, england):
    bad = write(
        tmp_path,
        [
            v3_service(S1, "Fine"),
            {"id": S2, "name": "Odd", "status": "open"},
            {"name": "No id"},
        ],
    )
    with pytest.raises(CommandError):
        call_command(
            "directory",
            "import",
            str(bad),
            stdout=StringIO(),
            stderr=(err := StringIO()),
        )
    text = err.getvalue()
    assert (
        "nothing changed" in text
        and "record 2" in text
        and "unknown status 'open'" in text
    )
    assert "record 3" in text
    assert not Service.objects.exists()
    assert FeedImport.objects.get().outcome == "failed"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "not JSON"),
        (b"[]", "holds no services"),
        (b"\x1f\x8b\x08broken", "not a readable gzip file"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(
    tmp_path, england, content, message
):
    path = tmp_path / "feed.json"
    path.write_bytes(content)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("directory", "import", str(path), stdout=StringIO(), stderr=err)
    assert message in err.getvalue()


def test_a_truncated_feed_cannot_empty_the_directory(tmp_path, england):
    uuids = [f"a1b2c3d4-0000-4000-8000-{i:012d}" for i in range(40)]
    full = write(
        tmp_path,
        [v3_service(u, f"Service {i}") for i, u in enumerate(uuids)],
        name="big.json",
    )
    run("import", str(full))
    short = write(
        tmp_path,
        [v3_service(u, f"Service {i}") for i, u in enumerate(uuids[:5])],
        name="big.json",
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("directory", "import", str(short), stdout=StringIO(), stderr=err)
    assert (
        "would archive 35 of the 40" in err.getvalue() and "--force" in err.getvalue()
    )
    assert Service.objects.filter(state=Service.State.PUBLISHED).count() == 40
    run("import", str(short), "--force")
    assert Service.objects.filter(state=Service.State.PUBLISHED).count() == 5


def test_a_service_held_from_another_source_is_not_taken_over(tmp_path, feed):
    run("import", str(feed))
    copy = write(tmp_path, [v3_service(S1, "Chat cafe")], name="someone_else.json")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("directory", "import", str(copy), stdout=StringIO(), stderr=err)
    assert "already in the directory from chorley-together" in err.getvalue()


def test_a_v1_feed_with_ids_that_are_not_uuids(tmp_path, england, client):
    path = tmp_path / "old.json"
    path.write_text(
        json.dumps(
            [
                {
                    "id": "17",
                    "name": "Lunch club",
                    "status": "active",
                    "organization": {"id": "4", "name": "WI"},
                }
            ]
        )
    )
    result = json.loads(
        run(
            "import",
            str(path),
            "--namespace",
            "https://example.org/api",
            "--format",
            "json",
        )
    )[0]
    assert result["created"] == 1
    service = Service.objects.get()
    assert service.uuid == core.stable_uuid("https://example.org/api/service", "17")
    assert client.get(f"/openreferral/services/{service.uuid}").status_code == 200


def test_the_taxonomies_and_review_commands(england):
    text = run("taxonomies")
    assert "LGA Services List: 1,519 terms (published)" in text
    assert json.loads(run("review", "--format", "json")) == {
        "changes_to_approve": 0,
        "new_services_to_approve": 0,
        "due_for_review": 0,
        "expired": 0,
    }


def test_imported_services_take_referrals_only_when_asked(tmp_path, feed):
    run("import", str(feed))
    assert not Service.objects.filter(accepts_referrals=True).exists()
    other = write(
        tmp_path,
        [v3_service("a1b2c3d4-0000-4000-8000-000000000777", "Lunch")],
        name="local_directory.json",
    )
    run("import", str(other), "--take-referrals")
    assert Service.objects.get(name="Lunch").accepts_referrals
