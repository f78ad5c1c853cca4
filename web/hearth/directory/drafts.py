"""The editable state of a service as plain JSON: a "draft".

Officers' edits, providers' proposals and the council's approvals all pass
through a draft: a form produces one, a proposal stores one, and
``services.apply_draft`` writes one to the service. Two drafts compare
field by field, in words, for the history and for the reviewer.

    {"organization": 3, "name": "...", "description": "...", "status": "active",
     "url": "", "email": "", "fees": "", "minimum_age": 18, "maximum_age": null,
     "alert": "", "capacity_per_week": 10, "accepts_referrals": true,
     "locations": [12, 40],                       # asset ids
     "schedules": [{"freq": "WEEKLY", "interval": null, "byday": "TU,TH",
                    "bymonthday": "", "opens_at": "10:00", "closes_at": "12:00",
                    "description": ""}],
     "contacts": [{"name": "", "title": "", "email": "", "phone": ""}],
     "cost_options": [{"option": "Free", "amount": "0", "amount_description": ""}],
     "languages": ["Polish"],
     "terms": ["<taxonomy term uuid>", ...]}

Fields a feed carries that no form edits (service areas, funding,
accreditations, contacts' further phones) are left as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Service

SCALARS = (
    "name",
    "description",
    "status",
    "url",
    "email",
    "fees",
    "minimum_age",
    "maximum_age",
    "alert",
    "capacity_per_week",
    "accepts_referrals",
)
LABELS = {
    "organization": "Organisation",
    "name": "Name",
    "description": "Description",
    "status": "Status",
    "url": "Website",
    "email": "E-mail",
    "fees": "Cost (in words)",
    "minimum_age": "Youngest age",
    "maximum_age": "Oldest age",
    "alert": "Notice",
    "capacity_per_week": "Places per week",
    "accepts_referrals": "Takes referrals through Hearth",
    "locations": "Where",
    "schedules": "When",
    "contacts": "Contacts",
    "cost_options": "Costs",
    "languages": "Languages",
    "terms": "Categories",
}
DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}


def _time(value: Any) -> str:
    return value.strftime("%H:%M") if value else ""


def draft_of(service: Service) -> dict[str, Any]:
    """Return the service's current editable state."""
    draft: dict[str, Any] = {"organization": service.organization_id}
    for name in SCALARS:
        draft[name] = getattr(service, name)
    draft["locations"] = [
        sal.asset_id for sal in service.service_at_locations.order_by("position")
    ]
    draft["schedules"] = [
        {
            "freq": s.freq,
            "interval": s.interval,
            "byday": s.byday,
            "bymonthday": s.bymonthday,
            "opens_at": _time(s.opens_at),
            "closes_at": _time(s.closes_at),
            "description": s.description,
        }
        for s in service.schedules.order_by("position")
    ]
    draft["contacts"] = [
        {
            "name": c.name,
            "title": c.title,
            "email": c.email,
            "phone": (c.phones[0].get("number", "") if c.phones else ""),
        }
        for c in service.contacts.order_by("position")
    ]
    draft["cost_options"] = [
        {
            "option": c.option,
            "amount": "" if c.amount is None else str(c.amount),
            "amount_description": c.amount_description,
        }
        for c in service.cost_options.order_by("position")
    ]
    draft["languages"] = [
        x.name for x in service.languages.order_by("position") if x.name
    ]
    draft["terms"] = [
        link.term.uuid
        for link in service.terms.select_related("term").order_by("position")
    ]
    return draft


def describe_schedule(schedule: dict[str, Any]) -> str:
    """A schedule in words: "Tuesdays and Thursdays, 10:00 to 12:00"."""
    byday = schedule.get("byday") or ""
    parts = [p for p in byday.split(",") if p]
    days = []
    for part in parts:
        ordinal, code = part[:-2], part[-2:]
        name = DAY_NAMES.get(code, code)
        days.append(
            f"the {ORDINALS.get(ordinal.lstrip('+'), ordinal)} {name} of the month"
            if ordinal
            else name + "s"
        )
    if days:
        when = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]
    elif schedule.get("bymonthday"):
        when = f"day {schedule['bymonthday']} of each month"
    else:
        when = "Times"
    interval = schedule.get("interval")
    if interval and int(interval) > 1:
        unit = "months" if schedule.get("freq") == "MONTHLY" else "weeks"
        when += f", every {interval} {unit}"
    opens, closes = schedule.get("opens_at") or "", schedule.get("closes_at") or ""
    if opens and closes:
        when += f", {opens} to {closes}"
    elif opens:
        when += f", from {opens}"
    elif closes:
        when += f", until {closes}"
    if schedule.get("description"):
        when += f" ({schedule['description']})"
    return when


def _words(name: str, value: Any, names: dict[str, dict[Any, str]]) -> str:
    """A draft value as text for people."""
    if value in (None, "", []):
        return ""
    if name == "organization":
        return str(names.get("organization", {}).get(value, value))
    if name == "accepts_referrals":
        return "Yes" if value else "No"
    if name == "locations":
        lookup = names.get("locations", {})
        return "; ".join(lookup.get(pk, f"asset {pk}") for pk in value)
    if name == "terms":
        lookup = names.get("terms", {})
        return "; ".join(sorted(lookup.get(uuid, uuid) for uuid in value))
    if name == "schedules":
        return "; ".join(describe_schedule(s) for s in value)
    if name == "contacts":
        return "; ".join(
            ", ".join(
                x
                for x in (c.get("name"), c.get("title"), c.get("phone"), c.get("email"))
                if x
            )
            for c in value
        )
    if name == "cost_options":
        out = []
        for c in value:
            amount = c.get("amount")
            text = c.get("option") or ""
            if amount not in (None, ""):
                text = f"{text} £{amount}".strip()
            if c.get("amount_description"):
                text += f" {c['amount_description']}"
            out.append(text)
        return "; ".join(out)
    if name == "languages":
        return ", ".join(value)
    if name == "status":
        from .models import STATUS_LABELS

        return str(STATUS_LABELS.get(value, value))
    return str(value)


def changes(
    old: dict[str, Any],
    new: dict[str, Any],
    names: dict[str, dict[Any, str]] | None = None,
) -> dict[str, list[str]]:
    """What differs between two drafts: {label: [before, after]}, in words."""
    names = names or {}
    out: dict[str, list[str]] = {}
    for key, label in LABELS.items():
        before, after = old.get(key), new.get(key)
        if key == "terms":
            before, after = sorted(before or []), sorted(after or [])
        if (before or None) != (after or None):
            out[label] = [_words(key, before, names), _words(key, after, names)]
    return out


def names_for(*drafts: dict[str, Any]) -> dict[str, dict[Any, str]]:
    """Names of the organisations, places and terms the drafts refer to."""
    from hearth.assets.models import Asset

    from .models import Organization, TaxonomyTerm

    orgs = {int(d["organization"]) for d in drafts if d.get("organization")}
    places = {pk for d in drafts for pk in d.get("locations") or []}
    terms = {u for d in drafts for u in d.get("terms") or []}
    return {
        "organization": dict(
            Organization.objects.filter(pk__in=orgs).values_list("pk", "name")
        ),
        "locations": {
            pk: f"{name} ({postcode})" if postcode else name
            for pk, name, postcode in Asset.objects.filter(pk__in=places).values_list(
                "pk", "name", "postcode"
            )
        },
        "terms": {
            uuid: f"{name} ({taxonomy})"
            for uuid, name, taxonomy in TaxonomyTerm.objects.filter(
                uuid__in=terms
            ).values_list("uuid", "name", "taxonomy__name")
        },
    }
