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


class IndexRun(models.Model):
    """An index computed once per recipe and data: every area's score, rank
    and uncertainty band, kept so that later work can compare before and
    after and re-rank when new data arrives.

    Figures are stored column-wise (compressed float64 arrays in the order
    of ``area_codes``), like the datasets they come from.
    """

    recipe = models.CharField(max_length=60, db_index=True)
    title = models.CharField(max_length=200)
    recipe_checksum = models.CharField(max_length=64, help_text="SHA-256 of the recipe")
    data_key = models.CharField(
        max_length=64, help_text="SHA-256 of the datasets read (kind and checksum)"
    )
    datasets = models.JSONField(
        default=dict, help_text="Each dataset read: its release and checksum"
    )
    geography = models.CharField(max_length=10)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    areas = models.PositiveIntegerField()
    area_codes = models.BinaryField()
    groups = models.BinaryField(help_text="Each area's local authority code")
    score = models.BinaryField()
    rank = models.BinaryField()
    decile = models.BinaryField()
    local_rank = models.BinaryField()
    local_decile = models.BinaryField()
    band_runs = models.PositiveIntegerField(
        default=0, help_text="Monte Carlo runs behind the bands (0: none yet)"
    )
    band_low = models.BinaryField(null=True)
    band_high = models.BinaryField(null=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipe", "recipe_checksum", "data_key"],
                name="unique_index_run",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipe} run {self.pk} ({self.created:%Y-%m-%d})"
