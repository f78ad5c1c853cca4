"""Constants shared by every app's tests (importable from any layer)."""

from __future__ import annotations

# The password every test persona signs in with.
PASSWORD = "correct horse battery staple"  # noqa: S105 - tests only
