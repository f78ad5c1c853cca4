"""Import every hearthcore module and fail if Django (or hearth) got imported."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import hearthcore

for module in pkgutil.walk_packages(hearthcore.__path__, "hearthcore."):
    if ".tests" in module.name:
        continue
    importlib.import_module(module.name)

leaked = sorted(
    m for m in sys.modules if m.split(".")[0] in {"django", "hearth", "ninja"}
)
if leaked:
    sys.exit(f"hearthcore imported web modules: {', '.join(leaked[:10])}")
print(f"hearthcore is independent of Django ({len(sys.modules)} modules loaded).")
