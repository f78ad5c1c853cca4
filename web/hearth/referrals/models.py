"""Social prescribing referrals."""

from __future__ import annotations
