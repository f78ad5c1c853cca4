"""Residents' photos: check what they are, and strip where they were taken.

A photo is opened with Pillow (never trusted by its name or declared type),
must be a JPEG, PNG or WebP within the size and dimension limits, and is
re-encoded from its pixels alone, so EXIF (including GPS position), XMP and
other metadata are dropped.
"""

from __future__ import annotations

import io

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MIN_PIXELS = 50


class PhotoError(ValueError):
    pass


def clean_photo(data: bytes) -> tuple[bytes, str]:
    """Return the photo re-encoded without metadata, and its content type."""
    if len(data) > settings.HEARTH_PHOTO_MAX_BYTES:
        limit = settings.HEARTH_PHOTO_MAX_BYTES / 1_000_000
        raise PhotoError(f"The photo must be smaller than {limit:g} MB")
    limit = settings.HEARTH_PHOTO_MAX_PIXELS
    try:
        # Image.open reads only the header: the declared format and size are
        # checked before a single pixel is decoded, so a small file that
        # claims 20000 x 20000 pixels (a decompression bomb) costs nothing.
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format or ""
            width, height = probe.size
            if kind not in ALLOWED:
                raise PhotoError("The photo must be a JPEG, PNG or WebP image")
            if width > limit or height > limit:
                raise PhotoError(
                    f"The photo must be at most {limit:,} pixels wide and high"
                )
            if width < MIN_PIXELS or height < MIN_PIXELS:
                raise PhotoError(
                    f"The photo must be at least {MIN_PIXELS} pixels wide and high"
                )
            probe.verify()
        image: Image.Image = Image.open(io.BytesIO(data))
        image.load()
    except PhotoError:
        raise
    except Image.DecompressionBombError:
        # Far beyond any limit: Pillow refuses it from the header alone.
        raise PhotoError(
            f"The photo must be at most {limit:,} pixels wide and high"
        ) from None
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
    ):
        raise PhotoError("The photo must be a JPEG, PNG or WebP image") from None
    # Apply the camera's rotation before the EXIF that records it is dropped.
    image = ImageOps.exif_transpose(image)
    if image.mode not in {"RGB", "RGBA", "L", "LA"}:
        image = image.convert(
            "RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB"
        )
    # A new image from the raw pixels carries no metadata at all.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    if kind == "JPEG" and clean.mode not in {"RGB", "L"}:
        clean = clean.convert("RGB")
    out = io.BytesIO()
    clean.save(
        out, format=kind, **({"quality": 85} if kind in {"JPEG", "WEBP"} else {})
    )
    return out.getvalue(), ALLOWED[kind]
