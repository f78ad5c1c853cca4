"""Service directory (Open Referral UK)."""

from __future__ import annotations
