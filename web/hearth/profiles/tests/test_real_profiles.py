"""Profiles of real areas: wards, authorities, custom sets."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.realdata


def test_a_ward_profile_is_found_through_its_2024_ward(db, real_data, client):
    response = client.get(reverse("profiles:area", args=["E05013066"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chorley East (E05013066)" in body and "5 LSOA 2021 areas" in body
    change = body[body.index('id="change"') :]
    assert "IoD 2019" in change and "\u2013</td>" not in change.split("</table>")[0]


def test_the_chorley_pdf_shows_whole_residents(db, real_data, client):
    pdf = client.get(reverse("profiles:area", args=["E07000118"]), {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages
    )
    assert "117,743" in text and "117,743.000" not in text
