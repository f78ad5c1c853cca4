"""The service navigation: apps add their sections from ``AppConfig.ready()``.

``hearth.public``'s context processor shows the items a user may see, in
order, with only the most specific section marked current. Keeping the list
here lets each app own its entry without the apps importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    """One section of the service navigation.

    ``url_name`` is reversed when the page is drawn. ``capability`` is the
    value of an ``accounts.permissions.Capability`` the user needs (None:
    everyone, residents included); ``any_of`` lists alternatives;
    ``hide_with`` hides a residents' item from staff who have their own.
    """

    key: str
    text: str
    url_name: str
    order: int = 100
    capability: str | None = None
    any_of: tuple[str, ...] = ()
    hide_with: tuple[str, ...] = ()

    def visible_with(self, capabilities: frozenset[str]) -> bool:
        if any(c in capabilities for c in self.hide_with):
            return False
        needed = ((self.capability,) if self.capability else ()) + self.any_of
        return not needed or any(c in capabilities for c in needed)


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    """Add (or replace, by key) a navigation item."""
    _ITEMS[item.key] = item


def items() -> list[NavItem]:
    return sorted(_ITEMS.values(), key=lambda i: (i.order, i.key))


@dataclass(frozen=True)
class ResidentLink:
    """A public page listed on the home page under "For residents"."""

    key: str
    text: str
    url_name: str
    description: str
    order: int = 100


_RESIDENT_LINKS: dict[str, ResidentLink] = {}


def register_resident_link(link: ResidentLink) -> None:
    _RESIDENT_LINKS[link.key] = link


def resident_links() -> list[ResidentLink]:
    return sorted(_RESIDENT_LINKS.values(), key=lambda i: (i.order, i.key))
