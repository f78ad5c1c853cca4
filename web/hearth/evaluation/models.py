"""Evaluation and review."""

from __future__ import annotations
