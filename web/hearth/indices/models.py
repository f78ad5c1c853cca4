"""Recipes saved from the web by analysts (shipped recipes live in hearthcore)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SavedRecipe(models.Model):
    name = models.SlugField(max_length=60, unique=True)
    text = models.TextField(help_text="The recipe as TOML")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
