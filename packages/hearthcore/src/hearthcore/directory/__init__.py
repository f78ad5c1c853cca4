"""A directory of local services, published and read as Open Referral UK.

The model (:mod:`.model`) is plain frozen dataclasses; :mod:`.oruk3` writes
ORUK 3.0 JSON for the API; :mod:`.validation` checks JSON against the
vendored ORUK 3.0 schemas; :mod:`.feeds` imports ORUK v1, v2 and v3 feeds;
:mod:`.taxonomies` seeds the LGA Services List; :mod:`.filters` holds the
search used by both the API and the public directory page.

>>> from hearthcore import directory
>>> feed = directory.read_feed(b'{"id": "7", "name": "Lunch club", "status": "active"}')
>>> directory.service_json(feed.services[0], full=False)["name"]
'Lunch club'

Names load on first use; nothing here imports numpy or pandas, and
``jsonschema`` (a development dependency) only when a check runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import loader, public_names

if TYPE_CHECKING:
    from .feeds import Feed as Feed
    from .feeds import FeedError as FeedError
    from .feeds import parse_feed as parse_feed
    from .feeds import read_feed as read_feed
    from .filters import distance_m as distance_m
    from .filters import matches as matches
    from .filters import nearby as nearby
    from .filters import service_distance_m as service_distance_m
    from .model import DAYS as DAYS
    from .model import FREQUENCIES as FREQUENCIES
    from .model import LOCATION_TYPES as LOCATION_TYPES
    from .model import STATUSES as STATUSES
    from .model import Accessibility as Accessibility
    from .model import Address as Address
    from .model import Attribute as Attribute
    from .model import Contact as Contact
    from .model import CostOption as CostOption
    from .model import Funding as Funding
    from .model import Language as Language
    from .model import Location as Location
    from .model import Organization as Organization
    from .model import OrganizationIdentifier as OrganizationIdentifier
    from .model import Phone as Phone
    from .model import Schedule as Schedule
    from .model import Service as Service
    from .model import ServiceArea as ServiceArea
    from .model import ServiceAtLocation as ServiceAtLocation
    from .model import Taxonomy as Taxonomy
    from .model import TaxonomyTerm as TaxonomyTerm
    from .model import is_uuid as is_uuid
    from .model import stable_uuid as stable_uuid
    from .oruk3 import PROFILE_URL as PROFILE_URL
    from .oruk3 import VERSION as VERSION
    from .oruk3 import api_details_json as api_details_json
    from .oruk3 import location_json as location_json
    from .oruk3 import organization_json as organization_json
    from .oruk3 import page_json as page_json
    from .oruk3 import service_at_location_json as service_at_location_json
    from .oruk3 import service_json as service_json
    from .oruk3 import taxonomy_json as taxonomy_json
    from .oruk3 import taxonomy_term_json as taxonomy_term_json
    from .plaintext import html_to_text as html_to_text
    from .taxonomies import lga_functions as lga_functions
    from .taxonomies import lga_services as lga_services
    from .validation import check_page as check_page
    from .validation import schema_names as schema_names
    from .validation import validate as validate

_WHERE = {
    "feeds": ("Feed", "FeedError", "parse_feed", "read_feed"),
    "filters": ("distance_m", "matches", "nearby", "service_distance_m"),
    "model": (
        "DAYS",
        "FREQUENCIES",
        "LOCATION_TYPES",
        "STATUSES",
        "Accessibility",
        "Address",
        "Attribute",
        "Contact",
        "CostOption",
        "Funding",
        "Language",
        "Location",
        "Organization",
        "OrganizationIdentifier",
        "Phone",
        "Schedule",
        "Service",
        "ServiceArea",
        "ServiceAtLocation",
        "Taxonomy",
        "TaxonomyTerm",
        "is_uuid",
        "stable_uuid",
    ),
    "oruk3": (
        "PROFILE_URL",
        "VERSION",
        "api_details_json",
        "location_json",
        "organization_json",
        "page_json",
        "service_at_location_json",
        "service_json",
        "taxonomy_json",
        "taxonomy_term_json",
    ),
    "plaintext": ("html_to_text",),
    "taxonomies": ("lga_functions", "lga_services"),
    "validation": ("check_page", "schema_names", "validate"),
}
__all__ = public_names(_WHERE)
__getattr__ = loader(__name__, globals(), _WHERE)
