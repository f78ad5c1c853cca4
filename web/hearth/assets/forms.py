from __future__ import annotations

import math
from typing import Any

from django import forms
from django.core import signing

from hearth.core.forms import GovUKFormMixin
from hearthcore.assets import format_postcode

from .models import (
    ACCESSIBILITY_CHOICES,
    CATEGORY_CHOICES,
    COST_CHOICES,
    FIVE_WAYS_CHOICES,
    Asset,
)
from .photos import PhotoError, clean_photo
from .placement import geocode


def _postcode(value: str) -> str:
    if not (value or "").strip():
        return ""
    code = format_postcode(value)
    if not code:
        raise forms.ValidationError("Enter a full UK postcode, like PR7 1DP")
    return code


class AssetForm(GovUKFormMixin, forms.ModelForm):
    five_ways = forms.MultipleChoiceField(
        label="Five Ways to Wellbeing",
        choices=FIVE_WAYS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accessibility = forms.MultipleChoiceField(
        label="Accessibility",
        choices=ACCESSIBILITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    url = forms.URLField(
        label="Website", required=False, max_length=500, assume_scheme="https"
    )
    note = forms.CharField(
        label="Why you are making this change",
        required=False,
        max_length=500,
        help_text="Kept in the record's history",
    )

    class Meta:
        model = Asset
        fields = [
            "name",
            "description",
            "category",
            "asset_type",
            "five_ways",
            "postcode",
            "address",
            "lat",
            "lon",
            "opening_hours",
            "opening_hours_text",
            "cost",
            "accessibility",
            "phone",
            "email",
            "url",
            "organisation_name",
            "owner",
            "sensitive",
            "status",
        ]
        labels = {
            "lat": "Latitude",
            "lon": "Longitude",
            "opening_hours": "Opening times",
            "opening_hours_text": "Opening times as published (optional)",
            "url": "Website",
            "organisation_name": "Run by",
            "owner": "Organisation that keeps this record up to date",
            "sensitive": "Sensitive: show only an approximate location in public",
        }
        help_texts = {
            "postcode": "Used to place the asset if you leave latitude and longitude empty",
            "lat": "Decimal degrees, e.g. 53.6531 (optional)",
            "lon": "Decimal degrees, e.g. -2.6325 (optional)",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_postcode(self) -> str:
        return _postcode(self.cleaned_data.get("postcode", ""))

    def clean_opening_hours(self) -> str:
        text = (self.cleaned_data.get("opening_hours") or "").strip()
        if text:
            from hearthcore import hours

            try:
                hours.parse(text)
            except hours.HoursError as error:
                raise forms.ValidationError(f"Opening times: {error}") from None
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None):
            raise forms.ValidationError("Enter both latitude and longitude, or neither")
        if (
            lat is not None
            and lon is not None
            and not (49.8 <= lat <= 60.95 and -8.7 <= lon <= 1.9)
        ):
            self.add_error("lat", "The location must be in the UK")
        if (
            lat is None
            and not data.get("postcode")
            and data.get("status") == Asset.Status.PUBLISHED
        ):
            self.add_error(
                "postcode", "Enter a postcode or a location to publish the asset"
            )
        return data


class SuggestionForm(GovUKFormMixin, forms.Form):
    """What residents fill in: no account, no personal details asked for."""

    name = forms.CharField(label="What is it called?", max_length=200)
    why = forms.CharField(
        label="Why does it matter to you?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Please do not include anyone's personal details",
    )
    category = forms.ChoiceField(
        label="What kind of place or group is it? (optional)",
        choices=[("", "Not sure"), *CATEGORY_CHOICES],
        required=False,
    )
    postcode = forms.CharField(
        label="Postcode (optional if you choose a place on the map)",
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "spellcheck": "false"}
        ),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    photo = forms.FileField(
        label="A photo (optional)",
        required=False,
        help_text="JPEG, PNG or WebP, up to 5 MB. We remove where and when it was taken.",
    )
    # Spam resistance: a field people never see, and a signed start time.
    website = forms.CharField(required=False, label="Leave this empty")
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    MIN_SECONDS = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off"}
        )
        if not self.is_bound:
            self.initial["started"] = signing.TimestampSigner(salt="suggest").sign(
                "form"
            )

    def clean_postcode(self) -> str:
        return _postcode(self.cleaned_data.get("postcode", ""))

    def clean_photo(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            return clean_photo(upload.read())
        except PhotoError as error:
            raise forms.ValidationError(str(error)) from None

    def is_spam(self) -> bool:
        """True for the honeypot filled in, a forged or stale form, or one
        sent within seconds of loading (a script, not a person)."""
        if self.data.get("website"):
            return True
        signer = signing.TimestampSigner(salt="suggest")
        value = self.data.get("started", "")
        try:
            signer.unsign(value, max_age=60 * 60 * 6)
        except signing.BadSignature:  # includes SignatureExpired
            return True
        try:
            signer.unsign(value, max_age=self.MIN_SECONDS)
        except signing.SignatureExpired:
            return False
        return True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("lat"), data.get("lon")
        chosen = (
            lat is not None
            and lon is not None
            and math.isfinite(lat)
            and math.isfinite(lon)
        )
        if not chosen:
            data["lat"] = data["lon"] = None
        postcode = data.get("postcode")
        if not postcode and not chosen:
            self.add_error(
                "postcode", "Enter a postcode, or choose the place on the map"
            )
        elif chosen and not (49.8 <= lat <= 60.95 and -8.7 <= lon <= 1.9):  # type: ignore[operator]
            self.add_error("postcode", "The place must be in the UK")
        elif postcode and not chosen:
            # A suggestion must be placeable, or it can never be accepted.
            hit = geocode([postcode]).get(postcode.replace(" ", ""))
            if hit is None:
                self.add_error(
                    "postcode",
                    f"We could not find the postcode {postcode}. Check it, or "
                    "choose the place on the map instead",
                )
            else:
                data["lon"], data["lat"] = hit[0], hit[1]
        return data


class FilterForm(GovUKFormMixin, forms.Form):
    """The public map's filters (GET)."""

    q = forms.CharField(label="Search by name", required=False, max_length=100)
    category = forms.MultipleChoiceField(
        label="Category",
        choices=CATEGORY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    five_ways = forms.MultipleChoiceField(
        label="Five Ways to Wellbeing",
        choices=FIVE_WAYS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cost = forms.ChoiceField(
        label="Cost",
        choices=[("", "Any"), *[c for c in COST_CHOICES if c[0]]],
        required=False,
    )
    open_now = forms.BooleanField(label="Open now", required=False)
    near = forms.CharField(label="Near postcode", required=False, max_length=10)

    def clean_near(self) -> str:
        return _postcode(self.cleaned_data.get("near", ""))
