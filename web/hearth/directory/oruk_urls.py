"""The Open Referral UK 3.0 API, mounted at /openreferral/ (see oruk.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from . import oruk

app_name = "openreferral"

UUID = r"(?P<uuid>[^/]+)"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", oruk.api_details, name="details"),
    path("openapi.json", oruk.openapi, name="openapi"),
    re_path(r"^services/?$", oruk.services, name="services"),
    re_path(rf"^services/{UUID}/?$", oruk.service, name="service"),
    re_path(
        r"^service_at_locations/?$",
        oruk.service_at_locations,
        name="service-at-locations",
    ),
    re_path(
        rf"^service_at_locations/{UUID}/?$",
        oruk.service_at_location,
        name="service-at-location",
    ),
    re_path(r"^organizations/?$", oruk.organizations, name="organizations"),
    re_path(rf"^organizations/{UUID}/?$", oruk.organization, name="organization"),
    re_path(r"^taxonomies/?$", oruk.taxonomies, name="taxonomies"),
    re_path(rf"^taxonomies/{UUID}/?$", oruk.taxonomy, name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", oruk.taxonomy_terms, name="taxonomy-terms"),
    re_path(rf"^taxonomy_terms/{UUID}/?$", oruk.taxonomy_term, name="taxonomy-term"),
]
