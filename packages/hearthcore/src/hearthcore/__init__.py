"""Hearth's analytics core: small-area data, composite indices, spatial analysis.

This package never imports Django (an import-linter contract and a test check it),
so analysts can use it from a notebook.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
