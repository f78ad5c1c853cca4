"""Crowdfunding and participatory budgeting."""

from __future__ import annotations
