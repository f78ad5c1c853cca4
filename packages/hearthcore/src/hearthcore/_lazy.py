"""Load a package's public names on first use (PEP 562).

Hearth's command-line tools import the core's packages for a few names; the
scientific stack behind the rest (pandas, scipy, shapely) costs seconds to
import, so a package lists where each name lives and loads it when asked.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def loader(
    package: str, namespace: dict[str, Any], where: Mapping[str, tuple[str, ...]]
) -> Callable[[str], Any]:
    """Return a module ``__getattr__`` that imports names from submodules.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    namespace : dict
        The package's ``globals()``, where loaded names are kept.
    where : mapping of str to tuple of str
        Submodule name (relative, e.g. ``"engine"`` or ``"uncertainty:run"``
        renames ``run``) to the public names it provides.

    Returns
    -------
    callable
        To assign to the package's ``__getattr__``.
    """
    module_of: dict[str, tuple[str, str]] = {}
    for module, names in where.items():
        for name in names:
            public, _, original = name.partition(":")
            module_of[public] = (module, original or public)

    def __getattr__(name: str) -> Any:
        found = module_of.get(name)
        if found is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, original = found
        value = getattr(importlib.import_module(f"{package}.{module}"), original)
        namespace[name] = value
        return value

    return __getattr__


def public_names(where: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Return the sorted public names of a ``where`` mapping (for ``__all__``).

    Parameters
    ----------
    where : mapping
        As for :func:`loader`.

    Returns
    -------
    list of str
        Public names.
    """
    return sorted(n.partition(":")[0] for names in where.values() for n in names)


class LazyModule:
    """A module imported on first attribute use.

    For a module that needs pandas or SciPy in its functions but whose
    constants are read at start-up (a Django model's choices):
    ``pd = LazyModule("pandas")`` under ``if not TYPE_CHECKING``.

    >>> json = LazyModule("json")
    >>> json.dumps([1])
    '[1]'
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: Any = None

    def __getattr__(self, attribute: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attribute)
