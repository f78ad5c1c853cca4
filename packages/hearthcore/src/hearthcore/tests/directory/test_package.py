"""The package loads its names lazily and needs neither Django nor the scientific stack."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

from hearthcore import directory


def test_every_public_name_resolves_and_none_is_shadowed_by_a_submodule():
    submodules = {m.name for m in pkgutil.iter_modules(directory.__path__)}
    assert not set(directory.__all__) & submodules
    for name in directory.__all__:
        getattr(directory, name)
    for sub in submodules:
        importlib.import_module(f"hearthcore.directory.{sub}")
    for name in directory.__all__:
        assert type(getattr(directory, name)).__name__ != "module", name


def test_importing_serialising_and_reading_pulls_in_no_heavy_modules():
    code = (
        "import sys\n"
        "from hearthcore import directory\n"
        'feed = directory.read_feed(b\'[{"id": "1", "name": "x", "status": "active"}]\')\n'
        "directory.service_json(feed.services[0], full=True)\n"
        "directory.matches(feed.services[0], search='x')\n"
        "directory.lga_services()\n"
        "heavy = ('numpy', 'pandas', 'scipy', 'shapely', 'django', 'jsonschema', 'referencing')\n"
        "print(','.join(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
