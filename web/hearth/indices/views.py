from __future__ import annotations

import math
from dataclasses import replace

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from hearth.accounts.permissions import Capability, requires, user_has
from hearth.areas.models import Area
from hearth.areas.queries import find_lad
from hearth.core.forms import GovUKFormMixin
from hearthcore import composite

from . import recipes, services


def _recipe(name: str) -> composite.Recipe:
    try:
        return recipes.load_recipe(name)
    except composite.RecipeError as error:
        raise Http404(str(error)) from error


@require_GET
def index_list(request: HttpRequest) -> HttpResponse:
    return render(request, "indices/list.html", {"recipes": recipes.available()})


@require_GET
def methodology(request: HttpRequest, name: str) -> HttpResponse:
    recipe = _recipe(name)
    return render(
        request,
        "indices/methodology.html",
        {"recipe": recipe, "markdown": composite.explain(recipe)},
    )


def _what_if(
    request: HttpRequest, recipe: composite.Recipe
) -> tuple[composite.Recipe | None, list[str]]:
    """Read changed domain weights from the query; return the changed recipe."""
    if "what_if" not in request.GET:
        return None, []
    errors = []
    domains = []
    for domain in recipe.domains:
        raw = request.GET.get(f"weight_{domain.id}", "")
        try:
            weight = float(raw) / 100
            if not math.isfinite(weight) or weight < 0:
                raise ValueError
        except ValueError:
            errors.append(
                f"Enter the weight for {domain.title} as a percentage, like 20"
            )
            weight = domain.weight or 0.0
        domains.append(replace(domain, weight=weight))
    total = sum(d.weight or 0.0 for d in domains)
    if not errors and total <= 0:
        errors.append("At least one weight must be more than 0")
    if errors:
        return None, errors
    # Weights are taken as shares of their total, so they need not add to 100.
    changed = replace(
        recipe,
        domains=tuple(replace(d, weight=(d.weight or 0.0) / total) for d in domains),
        aggregation="arithmetic" if recipe.aggregation == "sum" else recipe.aggregation,
        weighting="manual",
        text="",
    )
    return changed, []


@require_GET
def lad_geojson(request: HttpRequest, name: str, code: str) -> HttpResponse:
    recipe = _recipe(name)
    try:
        body = services.geojson(recipe, code)
    except composite.RecipeError as error:
        raise Http404(str(error)) from error
    return HttpResponse(body, content_type="application/geo+json")


@require_GET
def lad(request: HttpRequest, name: str, code: str) -> HttpResponse:
    recipe = _recipe(name)
    area = find_lad(code)
    if area is None:
        raise Http404("No such local authority")
    try:
        base = services.run(recipe)
    except composite.RecipeError as error:
        return render(
            request,
            "indices/unavailable.html",
            {"recipe": recipe, "area": area, "error": str(error)},
            status=409,
        )
    scores = base.result.scores
    local = scores[scores["group"] == code].copy()
    if local.empty:
        country = {"W": "Wales", "S": "Scotland", "N": "Northern Ireland"}.get(code[:1])
        ranked = int(scores["rank"].notna().sum())
        reason = (
            f"{area.name} is in {country}, and {recipe.title} ranks the {ranked:,} "
            f"{recipe.geography.upper()} areas of England only, so it has no figures here."
            if country
            else f"{recipe.title} has no {recipe.geography.upper()} areas of {area.name}: "
            "its data may not be loaded."
        )
        return render(
            request,
            "indices/unavailable.html",
            {"recipe": recipe, "area": area, "error": reason},
            status=404,
        )
    names = dict(
        Area.objects.filter(
            geography=recipe.geography, code__in=list(local.index)
        ).values_list("code", "name")
    )
    can_what_if = user_has(request.user, Capability.VIEW_ANALYSIS)
    changed, errors = _what_if(request, recipe) if can_what_if else (None, [])
    if changed is not None:
        data = services.frame_for(recipe)
        alt = composite.compute_index(
            changed, data, groups=services.groups_for(recipe.geography)
        ).scores
        local["what_if_rank"] = alt["rank"].reindex(local.index)
        local["rank_change"] = local["rank"] - local["what_if_rank"]
    band = services.bands(recipe)
    local["rank_p05"] = band["rank_p05"].reindex(local.index)
    local["rank_p95"] = band["rank_p95"].reindex(local.index)
    local = local.sort_values("rank")
    domain_columns = [c for c in local.columns if c.startswith("domain.")]
    rows = []
    for code_, row in local.iterrows():
        rows.append(
            {
                "area_code": code_,
                "area_name": names.get(str(code_), str(code_)),
                **{str(k).replace("domain.", "domain_"): v for k, v in row.items()},
            }
        )
    weights = {
        d.id: round(100 * base.result.weights.get(d.id, 0.0), 1) for d in recipe.domains
    }
    summary_frame = composite.summarise(
        base.result, services.groups_for(recipe.geography), base.population
    )
    summary = None
    if code in summary_frame.index:
        summary = {**summary_frame.loc[code].to_dict(), "of": len(summary_frame)}
    return render(
        request,
        "indices/lad.html",
        {
            "recipe": recipe,
            "area": area,
            "rows": rows,
            "domains": [
                d for d in recipe.domains if f"domain.{d.id}" in domain_columns
            ],
            "weights": weights,
            "what_if": changed is not None,
            "errors": errors,
            "can_what_if": can_what_if,
            "query": request.GET,
            "summary": summary,
            "geojson_url": reverse("indices:lad-geojson", args=[recipe.name, code]),
            "skipped": base.result.skipped,
            "missing": base.result.missing,
        },
    )


class RecipeForm(GovUKFormMixin, forms.Form):
    text = forms.CharField(
        label="Recipe (TOML)",
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}),
        help_text="Start from a shipped recipe, change its name, indicators and weights.",
    )


@requires(Capability.EDIT_RECIPES)
def edit_recipe(request: HttpRequest) -> HttpResponse:
    """Create or change a recipe; shipped recipes are copied, never changed."""
    start = request.GET.get("from", "resilience")
    try:
        initial = _recipe(start).text
    except Http404:
        initial = ""
    form = RecipeForm(request.POST or None, initial={"text": initial})
    if request.method == "POST" and form.is_valid():
        try:
            recipe = recipes.save_recipe(form.cleaned_data["text"], user=request.user)
        except composite.RecipeError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, f"Saved the recipe '{recipe.name}'.")
            return redirect("indices:methodology", recipe.name)
    return render(request, "indices/edit.html", {"form": form})
