"""The core's packages load their names on first use, and every name resolves."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

from hearthcore.composite.recipe import TRANSFORM_NAMES
from hearthcore.composite.transforms import TRANSFORMS

LAZY = ["hearthcore.sources", "hearthcore.assets", "hearthcore.composite"]


@pytest.mark.parametrize("name", LAZY)
def test_every_public_name_resolves_and_none_is_shadowed_by_a_submodule(name):
    package = importlib.import_module(name)
    submodules = {m.name for m in pkgutil.iter_modules(package.__path__)}
    # A submodule of the same name would replace the function once imported.
    assert not set(package.__all__) & submodules
    for public in package.__all__:
        getattr(package, public)
    # Importing every submodule must not change what the names are.
    for sub in submodules - {"tests"}:
        importlib.import_module(f"{name}.{sub}")
    for public in package.__all__:
        assert not type(getattr(package, public)).__name__ == "module", public


def test_recipe_transform_names_match_the_engine():
    assert set(TRANSFORM_NAMES) == set(TRANSFORMS)


def test_reading_recipes_and_asset_categories_imports_no_scientific_stack():
    code = (
        "import sys\n"
        "from hearthcore import composite\n"
        "from hearthcore.assets import CATEGORIES\n"
        "from hearthcore.sources import recognise\n"
        "assert composite.load('imd2025').name == 'imd2025'\n"
        "assert CATEGORIES\n"
        "heavy = sorted(m for m in ('pandas', 'numpy', 'scipy', 'shapely', 'pyogrio') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
