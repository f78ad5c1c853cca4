"""Events, requests and addresses."""

from __future__ import annotations
