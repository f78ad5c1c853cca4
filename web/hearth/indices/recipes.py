"""Index recipes: shipped, in var/recipes/, or saved from the web.

Kept apart from the runs (services.py) so that listing and reading
recipes needs neither pandas nor the stored figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from hearthcore import composite
from hearthcore.composite import Recipe, RecipeError


def recipe_folders() -> list[Path]:
    folder = settings.VAR_DIR / "recipes"
    return [folder] if folder.exists() else []


def load_recipe(name: str) -> Recipe:
    """A recipe saved from the web, else a user file, else a shipped one."""
    from .models import SavedRecipe

    saved = SavedRecipe.objects.filter(name=name).first()
    if saved is not None:
        return composite.loads(saved.text)
    return composite.load(name, folders=recipe_folders())


def available() -> list[Recipe]:
    from .models import SavedRecipe

    names = set(composite.shipped())
    for folder in recipe_folders():
        names |= {p.stem for p in folder.glob("*.toml")}
    names |= set(SavedRecipe.objects.values_list("name", flat=True))
    return [load_recipe(n) for n in sorted(names)]


def save_recipe(text: str, *, user: Any) -> Recipe:
    """Validate and save a recipe from the web; raise RecipeError if invalid."""
    from django.utils.text import slugify

    from .models import SavedRecipe

    recipe = composite.loads(text)
    if slugify(recipe.name) != recipe.name:
        raise RecipeError(
            f"Recipe names use lower-case letters, digits and hyphens, like 'my-index' (not '{recipe.name}')."
        )
    if recipe.name in composite.shipped():
        raise RecipeError(
            f"'{recipe.name}' is a recipe shipped with Hearth; give yours another name."
        )
    SavedRecipe.objects.update_or_create(
        name=recipe.name, defaults={"text": text, "created_by": user}
    )
    return recipe


__all__ = ["RecipeError", "available", "load_recipe", "recipe_folders", "save_recipe"]
