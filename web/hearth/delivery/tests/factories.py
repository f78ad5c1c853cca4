"""Events, partners, requests and a small gazetteer for tests.

The tiny England of ``hearth.areas.tests.factories`` has ten LSOAs drawn as
squares of 0.01 degrees: LSOA i spans longitude -2.60 + 0.01 i to -2.59 +
0.01 i and latitude 53.60 to 53.61. A property at (-2.595, 53.605) is in
E01000000, at (-2.555, 53.605) in E01000004 (Preston), and so on. Every
address here is made up for the test.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from hearth.accounts.models import Organisation
from hearth.accounts.tests.factories import OrganisationFactory, council
from hearth.areas.models import Postcode
from hearth.communities.models import Community
from hearth.delivery import services
from hearth.delivery.models import Address, Event, Service
from hearth.plans.tests.factories import community as make_community


def lsoa_point(i: int) -> tuple[float, float]:
    """The middle of test LSOA i (lon, lat)."""
    return -2.595 + i * 0.01, 53.605


def event(
    community: Community | None = None,
    *,
    name: str = "Clayton Brook Week of Action",
    lead: Organisation | None = None,
    start: date | None = None,
    days: int = 5,
    by: Any = None,
    **extra: Any,
) -> Event:
    start = start or timezone.localdate() - timedelta(days=2)
    return services.create_event(
        services.EventFields(
            name=name,
            kind=extra.pop("kind", "week_of_action"),
            start=start,
            end=start + timedelta(days=days - 1),
            lead=lead or council(),
            communities=[community or make_community()],
            **extra,
        ),
        by=by,
    )


def partner(
    event_: Event,
    organisation: Organisation | None = None,
    *,
    name: str = "Lancashire Fire and Rescue Service",
    kind: str = Organisation.Kind.FIRE_RESCUE,
    by: Any = None,
) -> Organisation:
    """Invite an organisation and have it accept."""
    organisation = organisation or OrganisationFactory(name=name, kind=kind)
    services.invite(event_, [organisation], by=by)
    invitation = event_.invitations.get(organisation=organisation)
    services.respond(invitation, accept=True, by=by)
    return organisation


def service(name: str = "Smoke alarm fitting") -> Service:
    found = Service.objects.filter(name=name).first()
    return found or Service.objects.create(name=name)


def address(
    uprn: int,
    lsoa: int = 0,
    *,
    text: str = "",
    classification: str = "RD04",
    postcode: str = "PR71DP",
    street: str = "",
) -> Address:
    lon, lat = lsoa_point(lsoa)
    from hearthcore.delivery import street_of

    text = text or f"{uprn % 1000} Test Street, Chorley"
    return Address.objects.create(
        uprn=uprn,
        address=text,
        postcode=postcode,
        street=street or street_of(text)[0],
        classification=classification,
        x=0.0,
        y=0.0,
        lon=lon,
        lat=lat,
        lsoa21=f"E0100000{lsoa}",
    )


def postcode(code: str, lsoa: int) -> Postcode:
    lon, lat = lsoa_point(lsoa)
    return Postcode.objects.create(
        postcode=code,
        lon=lon,
        lat=lat,
        lsoa21=f"E0100000{lsoa}",
        lsoa11="",
        placement="within",
    )


def request(
    event_: Event,
    organisation: Organisation,
    *,
    service_name: str = "Smoke alarm fitting",
    uprn: int | None = None,
    postcode_: str = "PR71DP",
    status: str = "requested",
    by: Any = None,
    phone: str = "",
    **extra: Any,
) -> Any:
    return services.record_request(
        event_,
        service=service(service_name),
        organisation=organisation,
        uprn=uprn,
        postcode=postcode_ if uprn is None else "",
        requested=extra.pop("requested", event_.start),
        status=status,
        by=by,
        contact=services.Contact(phone=phone),
        **extra,
    )
