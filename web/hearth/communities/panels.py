"""Panels on the community page that other apps contribute.

``communities`` sits below the apps that attach to a community (assets,
plans, engagement, delivery, referrals, funding), so it never imports them.
Each registers a panel from its ``AppConfig.ready()``; the page asks the
registry for the panels its user may see, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import Community


@dataclass(frozen=True)
class Panel:
    """A section of the community page.

    ``context`` returns the template's context, or None to leave the panel
    out (nothing to show); ``visible`` says whether the user may see it.
    """

    key: str
    title: str
    template: str
    context: Callable[[Community, HttpRequest], dict[str, Any] | None]
    visible: Callable[[HttpRequest], bool] = lambda request: True
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    title: str
    html: SafeString


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Add (or replace, by key) a panel."""
    _PANELS[panel.key] = panel


def registered() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def for_community(community: Community, request: HttpRequest) -> list[RenderedPanel]:
    """The panels this user may see on this community's page, rendered."""
    out = []
    for panel in registered():
        if not panel.visible(request):
            continue
        context = panel.context(community, request)
        if context is None:
            continue
        html = render_to_string(
            panel.template,
            {"community": community, "panel": panel, **context},
            request=request,
        )
        out.append(RenderedPanel(panel.key, panel.title, SafeString(html)))
    return out


# Sections of a community's *public* page (the published plan's page), which
# residents see: only public, non-personal content (published stories…).
_PUBLIC: dict[str, Panel] = {}


def register_public(panel: Panel) -> None:
    """Add (or replace, by key) a section of the community's public page."""
    _PUBLIC[panel.key] = panel


def public_for(community: Community, request: HttpRequest) -> list[RenderedPanel]:
    """The public sections for this community, rendered."""
    out = []
    for panel in sorted(_PUBLIC.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(community, request)
        if context is None:
            continue
        html = render_to_string(
            panel.template,
            {"community": community, "panel": panel, **context},
            request=request,
        )
        out.append(RenderedPanel(panel.key, panel.title, SafeString(html)))
    return out
