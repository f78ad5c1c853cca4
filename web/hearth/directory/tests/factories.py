"""Directory records on the tiny test England (see hearth.areas.tests.factories)."""

from __future__ import annotations

from typing import Any

from hearth.directory import services
from hearth.directory.models import Organization, Service, Taxonomy, TaxonomyTerm


def make_organization(
    name: str = "Chorley Walking Group", **fields: Any
) -> Organization:
    return Organization.objects.create(name=name, **fields)


def draft(organization: Organization, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organization": organization.pk,
        "name": "Walk and talk",
        "description": "A friendly walk round the park, then tea.",
        "status": "active",
        "url": "",
        "email": "",
        "fees": "",
        "minimum_age": None,
        "maximum_age": None,
        "alert": "",
        "capacity_per_week": None,
        "accepts_referrals": True,
        "locations": [],
        "schedules": [],
        "contacts": [],
        "cost_options": [],
        "languages": [],
        "terms": [],
    }
    values.update(fields)
    return values


def make_service(
    organization: Organization | None = None, *, by: Any = None, **fields: Any
) -> Service:
    """A published service, made the way an officer makes one."""
    organization = organization or make_organization()
    return services.create_service(draft(organization, **fields), by=by, note="test")


def needs_taxonomy(*names: str) -> tuple[Taxonomy, list[TaxonomyTerm]]:
    taxonomy = Taxonomy.objects.create(name="Chorley needs", local=True)
    terms = [TaxonomyTerm.objects.create(taxonomy=taxonomy, name=n) for n in names]
    return taxonomy, terms
