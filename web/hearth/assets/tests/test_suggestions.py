from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from hearth.areas.tests.factories import build_england
from hearth.assets.forms import SuggestionForm
from hearth.assets.models import Asset, Suggestion


@pytest.fixture
def england(db, monkeypatch, settings):
    monkeypatch.setattr(SuggestionForm, "MIN_SECONDS", 0)
    settings.HEARTH_SUGGESTIONS_PER_HOUR = 3
    from django.core.cache import cache

    cache.clear()
    return build_england()["lsoas"]


def _form(client) -> dict[str, str]:
    page = client.get(reverse("assets:suggest"))
    assert page.status_code == 200
    started = page.context["form"].initial["started"]
    return {
        "name": "The bench on Moor Road",
        "why": "Everyone stops to talk there",
        "postcode": "pr7 1dp",
        "started": started,
    }


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (120, 80), (200, 100, 50))
    exif = Image.Exif()
    exif[0x8825] = {
        1: "N",
        2: (53.0, 36.0, 18.0),
        3: "W",
        4: (2.0, 35.0, 42.0),
    }  # GPS IFD
    exif[0x010F] = "Camera maker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_resident_suggests_an_asset_without_an_account(england, client):
    data = _form(client)
    photo = _jpeg_with_gps()
    assert Image.open(io.BytesIO(photo)).getexif()  # the upload carries EXIF
    data["photo"] = SimpleUploadedFile("bench.jpg", photo, content_type="image/jpeg")
    response = client.post(reverse("assets:suggest"), data)
    assert response.status_code == 302 and response.url == reverse("assets:thanks")
    suggestion = Suggestion.objects.get()
    assert suggestion.postcode == "PR7 1DP" and suggestion.lat == 53.605
    stored = Image.open(io.BytesIO(bytes(suggestion.photo)))
    assert stored.format == "JPEG" and not stored.getexif() and stored.size == (120, 80)


def test_bad_photos_and_missing_places_are_explained(england, client):
    data = _form(client)
    data["postcode"] = ""
    data["photo"] = SimpleUploadedFile(
        "notes.jpg", b"not an image at all", content_type="image/jpeg"
    )
    body = client.post(reverse("assets:suggest"), data).content.decode()
    assert "govuk-error-summary" in body
    assert "JPEG, PNG or WebP" in body and "choose the place on the map" in body
    assert not Suggestion.objects.exists()


def test_huge_images_are_refused(england, client, settings):
    settings.HEARTH_PHOTO_MAX_PIXELS = 100
    data = _form(client)
    out = io.BytesIO()
    Image.new("RGB", (300, 60)).save(out, format="PNG")
    data["photo"] = SimpleUploadedFile(
        "wide.png", out.getvalue(), content_type="image/png"
    )
    assert (
        "at most 100 pixels"
        in client.post(reverse("assets:suggest"), data).content.decode()
    )


def test_spam_is_thanked_but_not_kept_and_senders_are_rate_limited(england, client):
    data = _form(client)
    data["website"] = "http://spam.example"
    assert client.post(reverse("assets:suggest"), data).status_code == 302
    forged = _form(client)
    forged["started"] = "forged:value"
    client.post(reverse("assets:suggest"), forged)
    assert not Suggestion.objects.exists()
    client.post(reverse("assets:suggest"), _form(client))
    assert Suggestion.objects.count() == 1
    assert client.post(reverse("assets:suggest"), _form(client)).status_code == 429


def test_moderators_accept_or_reject(england, client, personas):
    client.post(reverse("assets:suggest"), _form(client))
    second = _form(client)
    second["name"] = "Buy my stuff"
    client.post(reverse("assets:suggest"), second)
    good, bad = Suggestion.objects.order_by("pk")
    url = reverse("assets:moderation")
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(personas.priya)
    assert client.get(url).status_code == 403
    client.force_login(personas.max)
    assert "The bench on Moor Road" in client.get(url).content.decode()
    response = client.post(
        url, {"suggestion": good.pk, "decision": "accept", "category": "park"}
    )
    assert response.status_code == 302
    asset = Asset.objects.get()
    assert (
        asset.status == Asset.Status.PUBLISHED
        and asset.category == "park"
        and asset.lsoa21 == "E01000000"
    )
    no_reason = client.post(
        url, {"suggestion": bad.pk, "decision": "reject", "note": ""}
    )
    assert no_reason.status_code == 400 and "Say why" in no_reason.content.decode()
    client.post(
        url, {"suggestion": bad.pk, "decision": "reject", "note": "Advertising"}
    )
    bad.refresh_from_db()
    assert bad.status == Suggestion.Status.REJECTED and bad.photo is None


def test_an_unknown_postcode_is_an_error_not_a_thank_you(england, client):
    form = {**_form(client), "postcode": "PR7 9ZZ"}
    response = client.post(reverse("assets:suggest"), form)
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "We could not find the postcode PR7 9ZZ" in body
    assert not Suggestion.objects.exists()


def test_a_known_postcode_places_the_suggestion_so_it_can_be_accepted(
    england, client, personas
):
    client.post(reverse("assets:suggest"), _form(client))
    suggestion = Suggestion.objects.get()
    assert (suggestion.lon, suggestion.lat) == (-2.595, 53.605)
    from hearth.assets import services

    asset = services.accept_suggestion(
        suggestion, by=personas.max, category="other", note="ok"
    )
    assert asset.lsoa21 == england[0]


def test_a_point_that_is_not_a_number_is_ignored(england, client):
    form = {**_form(client), "postcode": "", "lat": "nan", "lon": "inf"}
    response = client.post(reverse("assets:suggest"), form)
    assert response.status_code == 200
    assert (
        "Enter a postcode, or choose the place on the map" in response.content.decode()
    )
