"""Engagement and stories."""

from __future__ import annotations
