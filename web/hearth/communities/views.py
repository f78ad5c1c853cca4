from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hearth.accounts.permissions import Capability, requires
from hearthcore.composite import RecipeError

from .services import FocusError, propose_for


@require_GET
@requires(Capability.VIEW_ANALYSIS)
def proposals(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Proposed focus communities for an authority (officers, analysts, partners)."""
    code = code or settings.HEARTH_COUNCIL_LAD
    recipe = request.GET.get("recipe", "imd2025")
    try:
        result = propose_for(code, recipe)
    except (FocusError, RecipeError) as error:
        return render(
            request,
            "communities/unavailable.html",
            {"error": str(error), "code": code},
            status=409,
        )
    return render(request, "communities/proposals.html", {"result": result})
