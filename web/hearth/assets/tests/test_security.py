"""Security findings on the asset register, kept fixed."""

from __future__ import annotations

import io
import threading
import time

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.areas.tests.factories import build_england
from hearth.assets import exports, queries
from hearth.assets.forms import SuggestionForm
from hearth.assets.models import Suggestion

from .factories import make_asset


@pytest.fixture
def england(db, monkeypatch):
    monkeypatch.setattr(SuggestionForm, "MIN_SECONDS", 0)
    return build_england()["lsoas"]


@pytest.fixture
def refuge(england, personas):
    return make_asset(
        1,
        name="Chorley refuge",
        description="Behind the church on Moor Road",
        phone="01257 000000",
        address="1 Moor Road",
        postcode="PR7 1DP",
        sensitive=True,
        owner=personas.council,
    )


def test_a_sensitive_asset_publishes_nothing_finer_than_a_kilometre(refuge, client):
    record = next(r for r in queries.public_assets("E07000118") if r["id"] == refuge.pk)
    assert (
        record["lsoa21"] == ""
        and record["address"] == ""
        and record["postcode"] == "PR7"
    )
    assert (record["lon"], record["lat"]) == (
        round(refuge.lon, 2),
        round(refuge.lat, 2),
    )
    api = client.get("/api/v1/assets", {"lad": "E07000118"}).json()
    props = next(
        f["properties"] for f in api["features"] if f["properties"]["id"] == refuge.pk
    )
    assert props["lsoa21"] == "" and "Moor Road" not in str(props)
    table = exports.frame(lad_code="E07000118")
    assert client.get(reverse("assets:export", args=["csv"])).status_code == 200
    row = table[table["id"] == refuge.pk].iloc[0]
    assert row["lsoa21"] == "" and row["description"] == "" and row["phone"] == ""
    page = client.get(reverse("assets:detail", args=[refuge.pk])).content.decode()
    assert "Moor Road" not in page and "01257" not in page and "E01000001" not in page


def test_only_the_owning_organisation_and_administrators_edit_an_owned_record(
    refuge, client, personas
):
    url = reverse("assets:edit", args=[refuge.pk])
    vcs_officer = UserFactory(
        username="vera", roles=[(personas.vcs, Role.COMMUNITY_OFFICER)]
    )
    client.force_login(vcs_officer)
    assert client.get(url).status_code == 403
    assert client.post(reverse("assets:verify", args=[refuge.pk])).status_code == 403
    client.force_login(personas.olivia)  # a council officer: the owner
    assert client.get(url).status_code == 200


def test_only_an_administrator_can_make_a_sensitive_record_public(
    refuge, client, personas
):
    url = reverse("assets:edit", args=[refuge.pk])
    client.force_login(personas.olivia)
    edit = client.get(url).context["form"]
    form = {}
    for name in edit.fields:
        value = edit[name].value()
        if value in (None, False) or name == "sensitive":
            continue  # unticked boxes are not sent
        form[name] = value
    form["note"] = "tidy"
    response = client.post(url, form)  # "sensitive" unticked
    assert (
        "Only an administrator can make a sensitive record public"
        in response.content.decode()
    )
    refuge.refresh_from_db()
    assert refuge.sensitive
    client.force_login(personas.alice)
    assert client.post(url, form).status_code == 302
    refuge.refresh_from_db()
    assert not refuge.sensitive
    from hearth.audit.models import AuditEvent

    change = AuditEvent.objects.filter(
        object_type="assets.asset", object_id=str(refuge.pk)
    ).first()
    assert (
        change.changes["sensitive"] == [True, False] and change.actor == personas.alice
    )


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, format="PNG")
    data = bytearray(out.getvalue())
    # Rewrite the IHDR width and height: a tiny file declaring a huge image.
    data[16:20] = width.to_bytes(4, "big")
    data[20:24] = height.to_bytes(4, "big")
    import zlib

    crc = zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF
    data[29:33] = crc.to_bytes(4, "big")
    return bytes(data)


@pytest.mark.parametrize("side", [20_000, 12_000])
def test_a_decompression_bomb_is_refused_from_its_header(england, client, side):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.get(reverse("assets:suggest"))
    form = {
        "name": "Bench",
        "why": "We talk there",
        "postcode": "PR7 1DP",
        "started": page.context["form"].initial["started"],
        "photo": SimpleUploadedFile("bomb.png", _png(side, side), "image/png"),
    }
    response = client.post(reverse("assets:suggest"), form)
    assert response.status_code == 200
    assert "at most 6,000 pixels" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_body_over_the_limit_is_refused_before_it_is_read(england, client, settings):
    settings.HEARTH_MAX_REQUEST_BYTES = 10_000
    response = client.generic(
        "POST",
        reverse("assets:suggest"),
        data=b"x" * 20_000,
        content_type="application/octet-stream",
    )
    assert response.status_code == 413


def test_csv_exports_neutralise_formulas(england, client):
    make_asset(
        1,
        name='=HYPERLINK("http://evil.example","Click")',
        source="resident",
        source_id="s1",
    )
    response = client.get(reverse("assets:export", args=["csv"]), {"lad": "E07000118"})
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body
    assert ",=HYPERLINK" not in body and '"=HYPERLINK' not in body


def test_non_numeric_ids_and_foreign_next_addresses_are_harmless(
    england, client, personas
):
    client.force_login(personas.alice)
    moderation = client.post(
        reverse("assets:moderation"), {"suggestion": "abc", "decision": "accept"}
    )
    assert moderation.status_code == 404
    duplicates = client.post(
        reverse("assets:duplicates"), {"pair": "abc", "decision": "same"}
    )
    assert duplicates.status_code == 404
    asset = make_asset(1)
    response = client.post(
        reverse("assets:verify", args=[asset.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "assets:review"
    )


@pytest.mark.skipif(
    "sqlite" in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="the in-memory SQLite test database has no concurrent writers "
    "(a file database serialises them with BEGIN IMMEDIATE); run on PostgreSQL",
)
def test_the_suggestion_limit_holds_under_concurrent_posts(
    england, settings, transactional_db, monkeypatch
):
    settings.HEARTH_SUGGESTIONS_PER_HOUR = 5
    # The limit counts per clock hour: hold the window, so a run across the
    # top of the hour does not see two.
    from hearth.core import ratelimit

    this_hour = (int(time.time()) // 3600) * 3600
    monkeypatch.setattr(ratelimit, "_window", lambda seconds, now=None: this_hour)
    client = Client()
    started = client.get(reverse("assets:suggest")).context["form"].initial["started"]
    results: list[int] = []

    def post() -> None:
        response = Client().post(
            reverse("assets:suggest"),
            {"name": "Bench", "why": "Talk", "postcode": "PR7 1DP", "started": started},
        )
        results.append(response.status_code)

    threads = [threading.Thread(target=post) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Suggestion.objects.count() == 5
    assert results.count(429) == 7


def test_behind_a_trusted_proxy_each_client_has_its_own_quota(england, settings):
    settings.HEARTH_SUGGESTIONS_PER_HOUR = 1
    settings.HEARTH_TRUSTED_PROXIES = 1
    client = Client()
    started = client.get(reverse("assets:suggest")).context["form"].initial["started"]
    form = {"name": "Bench", "why": "Talk", "postcode": "PR7 1DP", "started": started}
    first = client.post(
        reverse("assets:suggest"), form, HTTP_X_FORWARDED_FOR="203.0.113.1"
    )
    again = client.post(
        reverse("assets:suggest"), form, HTTP_X_FORWARDED_FOR="203.0.113.1"
    )
    other = client.post(
        reverse("assets:suggest"), form, HTTP_X_FORWARDED_FOR="203.0.113.2"
    )
    # A forged address to the left of the proxy's is not believed.
    forged = client.post(
        reverse("assets:suggest"),
        form,
        HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.1",
    )
    assert [r.status_code for r in (first, again, other, forged)] == [
        302,
        429,
        302,
        429,
    ]


def test_public_exports_are_built_once_and_never_in_parallel(england, client, settings):
    from hearth.core import cache

    make_asset(1, name="Moor Hall", source="t", source_id="1")
    calls = []
    real = exports.export

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    exports.export = counting
    try:
        first = client.get(reverse("assets:export", args=["geojson"]))
        again = client.get(reverse("assets:export", args=["geojson"]))
        assert first.status_code == again.status_code == 200
        assert len(calls) == 1  # the second came from the prepared file
        # While one process builds a file, others are told to come back.
        folder = settings.VAR_DIR / "exports"
        for lock in folder.glob("*.lock"):
            lock.unlink()
        import hashlib

        key = repr(("busy-test", 1)).encode()
        (folder / f"{hashlib.sha256(key).hexdigest()[:16]}.lock").write_text("")
        busy = cache.prepared_file(
            "busy-test",
            1,
            lambda p: p.write_text("x"),
            filename="x.txt",
            content_type="text/plain",
        )
        assert busy.status_code == 503 and busy["Retry-After"] == "30"
    finally:
        exports.export = real
