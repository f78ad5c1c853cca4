"""Labels and names reach the PDF as text, never as ReportLab markup."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hearth.profiles import queries

from .factories import profile_england


@pytest.fixture
def england(db):
    codes = profile_england()
    queries.clear_cache()
    yield codes
    queries.clear_cache()


@pytest.mark.parametrize(
    "label",
    [
        '<img src="/etc/hostname"/>',
        "<b>x",
        '<font name="x">Estate</font>',
        "Tom & Jerry's <estate>",
    ],
)
def test_markup_in_a_label_is_printed_as_text(england, client, label):
    response = client.get(
        reverse("profiles:custom"),
        {"areas": "E01000002 E01000003", "label": label, "format": "pdf"},
    )
    assert response.status_code == 200
    reader = PdfReader(BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert label in text
    # No image was embedded from the label.
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        assert "/XObject" not in resources
