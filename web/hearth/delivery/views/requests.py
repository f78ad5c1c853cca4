"""Household requests: record them at an event, import returned sheets, and
work a queue (status in bulk, export). Contact details are shown only to the
organisation asked and the person who recorded the request; each showing is
audited (``AuditEvent.Action.VIEW``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hearth.accounts.models import Organisation
from hearth.accounts.permissions import (
    Capability,
    organisations_of,
    signed_in,
    user_has,
)
from hearth.audit.services import record_view
from hearth.core import exports
from hearthcore import delivery as core

from .. import addresses, forms, services
from ..models import Event, Request, Service
from ..permissions import (
    can_see_contact,
    can_work,
    import_organisations,
    may_record,
    organisation_names,
    visible_events,
    visible_requests,
    workable_requests,
)
from .common import event_for

STATUS_TAGS = {
    "requested": "govuk-tag--blue",
    "accepted": "govuk-tag--light-blue",
    "booked": "govuk-tag--purple",
    "done": "govuk-tag--green",
    "declined": "govuk-tag--grey",
    "no_access": "govuk-tag--orange",
}
PAGE_SIZE = 100


def _contact(data: dict[str, Any]) -> services.Contact:
    return services.Contact(
        phone=data.get("contact_phone", ""),
        email=data.get("contact_email", ""),
        note=data.get("contact_note", ""),
    )


@signed_in
def request_new(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk)
    if not may_record(request.user, event) or event.status == Event.Status.CANCELLED:
        raise PermissionDenied
    mine = organisations_of(request.user)
    initial: dict[str, Any] = {"requested": timezone.localdate(), "status": "requested"}
    own = [o for o in services.taking_part(event) if o.pk in mine]
    if own and not user_has(request.user, Capability.MANAGE_EVENTS):
        initial["organisation"] = own[0]
    form = forms.RequestForm(
        request.POST or None,
        organisations=Organisation.objects.order_by("name"),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = services.record_request(
                event,
                service=data["service"],
                organisation=data["organisation"],
                uprn=data["uprn"],
                postcode=data["postcode"],
                requested=data["requested"],
                status=data["status"],
                outcome=data["outcome"],
                contact=_contact(data),
                by=request.user,
            )
        except services.DeliveryError as error:
            form.add_error(
                "uprn" if data["uprn"] is not None else "postcode", str(error)
            )
        else:
            messages.success(
                request,
                f"Request {found.pk} recorded: {found.service.name} from {found.organisation.name}.",
            )
            if request.POST.get("then") == "another":
                return redirect("delivery:request-new", event.pk)
            return redirect("delivery:event", event.pk)
    return render(
        request,
        "delivery/request_form.html",
        {"event": event, "form": form},
        status=400 if form.errors else 200,
    )


@signed_in
def request_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import a returned spreadsheet of requests into the event (all or nothing)."""
    event = event_for(request, pk)
    if not may_record(request.user, event):
        raise PermissionDenied
    only = import_organisations(request.user)
    can_create = only is None
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = core.read_request_file(upload.read(), upload.name)
            outcome = services.import_requests(
                event,
                rows,
                by=request.user,
                create_missing=can_create and form.cleaned_data["create_missing"],
                only_organisations=only,
                source=upload.name,
            )
        except (core.DeliveryFileError, services.RequestImportError) as error:
            problems = [str(p) for p in error.problems[:30]]
            if len(error.problems) > 30:
                problems.append(f"… and {len(error.problems) - 30} more")
            form.add_error(
                "file", f"{upload.name} was not imported: nothing has changed"
            )
        else:
            messages.success(request, f"{upload.name}: {outcome.describe()}")
            return redirect("delivery:event", event.pk)
    return render(
        request,
        "delivery/request_import.html",
        {
            "event": event,
            "form": form,
            "problems": problems,
            "can_create": can_create,
            "own": organisation_names(only) if only is not None else None,
            "statuses": core.REQUEST_STATUSES,
            "services": list(Service.objects.filter(active=True).order_by("name")),
        },
        status=400 if form.errors else 200,
    )


# --- the queue -----------------------------------------------------------------------


def _views(request: HttpRequest) -> list[tuple[str, str]]:
    out = []
    if user_has(request.user, Capability.WORK_REQUESTS):
        names = [o.name for o in organisation_names(organisations_of(request.user))]
        if names:
            out.append(("mine", f"Asked of {' and '.join(names)}"))
    out.append(("recorded", "Recorded by you"))
    if user_has(request.user, Capability.MANAGE_EVENTS):
        out.append(("all", "All requests"))
    return out


def _base(request: HttpRequest, view: str) -> QuerySet[Request]:
    if view == "mine":
        return Request.objects.filter(organisation__in=organisations_of(request.user))
    if view == "recorded":
        return Request.objects.filter(recorded_by_id=request.user.pk)
    return visible_requests(request.user)


def _filtered(request: HttpRequest) -> tuple[str, QuerySet[Request], dict[str, Any]]:
    if not (
        user_has(request.user, Capability.WORK_REQUESTS)
        or user_has(request.user, Capability.MANAGE_EVENTS)
    ):
        raise PermissionDenied
    views = dict(_views(request))
    view = request.GET.get("view") or next(iter(views))
    if view not in views:
        raise Http404("No such list")
    found = _base(request, view).select_related("event", "service", "organisation")
    filters: dict[str, Any] = {"view": view}
    event = request.GET.get("event", "")
    if event.isdigit():
        found = found.filter(event_id=int(event))
        filters["event"] = int(event)
    service = request.GET.get("service", "")
    if service.isdigit():
        found = found.filter(service_id=int(service))
        filters["service"] = int(service)
    statuses = [s for s in request.GET.getlist("status") if s in core.REQUEST_STATUSES]
    if statuses:
        found = found.filter(status__in=statuses)
        filters["status"] = statuses
    if request.GET.get("open") == "1":
        found = found.exclude(status__in=core.CLOSED_STATUSES)
        filters["open"] = "1"
    return view, found.order_by("-requested", "-pk"), filters


@signed_in
def queue(request: HttpRequest) -> HttpResponse:
    """A partner's (or officer's) requests; the status of many can change at once."""
    view, found, filters = _filtered(request)
    bulk = forms.BulkForm(request.POST or None, prefix="bulk")
    if request.method == "POST":
        chosen = [int(i) for i in request.POST.getlist("request") if i.isdigit()]
        workable = list(workable_requests(request.user).filter(pk__in=chosen))
        if len(workable) != len(set(chosen)):
            raise PermissionDenied
        if not chosen:
            bulk.is_valid()
            bulk.add_error(None, "Choose the requests to update")
        elif bulk.is_valid():
            outcome = bulk.cleaned_data["outcome"].strip() or None
            changed = services.bulk_update(
                workable,
                status=bulk.cleaned_data["status"],
                outcome=outcome,
                by=request.user,
            )
            label = core.REQUEST_STATUSES[bulk.cleaned_data["status"]].lower()
            messages.success(
                request, f"{changed} request{'s' if changed != 1 else ''} now {label}."
            )
            return redirect(
                f"{reverse('delivery:requests')}?{urlencode(filters, doseq=True)}"
            )
    paginator = Paginator(found, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    known = addresses.addresses_for([r.uprn for r in rows if r.uprn is not None])
    workable_ids = set(
        workable_requests(request.user)
        .filter(pk__in=[r.pk for r in rows])
        .values_list("pk", flat=True)
    )
    table = [
        {
            "r": row,
            "address": known.get(row.uprn, "") if row.uprn is not None else "",
            "workable": row.pk in workable_ids,
            "contact": row.has_contact and can_see_contact(request.user, row),
        }
        for row in rows
    ]
    events = (
        visible_events(request.user)
        .filter(requests__in=_base(request, view))
        .distinct()
        .order_by("-start")
    )
    return render(
        request,
        "delivery/queue.html",
        {
            "view": view,
            "views": _views(request),
            "rows": table,
            "page": page,
            "total": paginator.count,
            "bulk": bulk,
            "form": bulk,
            "filters": filters,
            "query": urlencode(filters, doseq=True),
            "events": list(events[:200]),
            "services": list(Service.objects.order_by("name")),
            "statuses": core.REQUEST_STATUSES,
            "tags": STATUS_TAGS,
            "any_workable": bool(workable_ids),
            "first_box": next(
                (f"request-{r.pk}" for r in rows if r.pk in workable_ids), ""
            ),
        },
        status=400 if bulk.errors else 200,
    )


EXPORT_HEADER = [
    "reference",
    "event",
    "service",
    "organisation",
    "uprn",
    "postcode",
    "address",
    "lsoa21",
    "placed_by",
    "requested",
    "status",
    "outcome",
    "updated",
]
CONTACT_HEADER = ["contact_phone", "contact_email", "contact_note"]


@require_GET
@signed_in
def queue_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The queue as CSV or XLSX (it re-imports); with ``contacts=1`` the
    contact details the user may see, each showing audited."""
    view, found, _filters = _filtered(request)
    rows = list(found[:50_000])
    known = addresses.addresses_for([r.uprn for r in rows if r.uprn is not None])
    with_contacts = request.GET.get("contacts") == "1"
    header = EXPORT_HEADER + (CONTACT_HEADER if with_contacts else [])
    out = []
    for r in rows:
        line: list[Any] = [
            r.pk,
            r.event.name,
            r.service.name,
            r.organisation.name,
            r.uprn,
            r.postcode_display,
            known.get(r.uprn, "") if r.uprn is not None else "",
            r.lsoa21,
            r.placed_by,
            r.requested,
            r.status,
            r.outcome,
            timezone.localtime(r.updated).strftime("%Y-%m-%d %H:%M"),
        ]
        if with_contacts:
            if r.has_contact and can_see_contact(request.user, r):
                record_view(request.user, r)
                line += [r.contact_phone, r.contact_email, r.contact_note]
            else:
                line += ["", "", ""]
        out.append(line)
    name = f"requests-{view}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "xlsx":
        return exports.xlsx_response(f"{name}.xlsx", header, out, sheet="Requests")
    return exports.csv_response(f"{name}.csv", header, out)


@signed_in
def request_page(request: HttpRequest, request_id: int) -> HttpResponse:
    """One request: its history, its status, and (for those allowed, audited) its contact details."""
    found = (
        visible_requests(request.user)
        .select_related("event", "service", "organisation", "recorded_by")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise Http404("No request you can see")
    workable = can_work(request.user, found)
    sees_contact = can_see_contact(request.user, found)
    update = forms.UpdateForm(
        request.POST if request.POST.get("form") == "update" else None,
        prefix="update",
        initial={"status": found.status, "outcome": found.outcome},
    )
    contact = forms.ContactForm(
        request.POST if request.POST.get("form") == "contact" else None,
        prefix="contact",
        initial={
            "contact_phone": found.contact_phone,
            "contact_email": found.contact_email,
            "contact_note": found.contact_note,
        },
    )
    form: forms.UpdateForm | forms.ContactForm = update
    if request.method == "POST":
        if request.POST.get("form") == "update":
            if not workable:
                raise PermissionDenied
            if update.is_valid():
                services.update_request(
                    found,
                    status=update.cleaned_data["status"],
                    outcome=update.cleaned_data["outcome"],
                    note=update.cleaned_data["note"],
                    by=request.user,
                )
                messages.success(request, f"Request {found.pk} has been updated.")
                return redirect("delivery:request", found.pk)
        elif request.POST.get("form") == "contact":
            if not (workable and sees_contact):
                raise PermissionDenied
            form = contact
            if contact.is_valid():
                try:
                    services.edit_contact(
                        found, _contact(contact.cleaned_data), by=request.user
                    )
                except services.DeliveryError as error:
                    contact.add_error(None, str(error))
                else:
                    messages.success(request, "The contact details have been saved.")
                    return redirect("delivery:request", found.pk)
        else:
            raise Http404("No such form")
    if sees_contact and found.has_contact:
        record_view(request.user, found)
    address = (
        addresses.addresses_for([found.uprn]).get(found.uprn, "") if found.uprn else ""
    )
    return render(
        request,
        "delivery/request.html",
        {
            "r": found,
            "address": address,
            "workable": workable,
            "sees_contact": sees_contact,
            "update": update,
            "contact": contact,
            "form": form,
            "history": list(found.changes.select_related("by")),
            "tags": STATUS_TAGS,
            "retention_days": settings.HEARTH_REQUEST_CONTACT_RETENTION_DAYS,
        },
        status=400 if (update.errors or contact.errors) else 200,
    )
