from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.permissions import Capability, requires
from hearthcore import directory as core
from hearthcore.directory.taxonomies import ATTRIBUTION

from . import drafts, queries, services
from .forms import (
    CapacityForm,
    DecisionForm,
    OrganizationForm,
    SearchForm,
    ServiceForm,
    TaxonomyForm,
    TermForm,
    apply_parts,
    part_formsets,
)
from .models import (
    FeedImport,
    Organization,
    Service,
    ServiceProposal,
    Taxonomy,
)
from .permissions import (
    can_manage,
    can_propose,
    can_see_unpublished,
    is_provider,
    provider_accounts,
)

PER_PAGE = 20
LGA_SOURCE = "lga"


def schedule_text(schedule: core.Schedule) -> str:
    return drafts.describe_schedule(
        {
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "bymonthday": schedule.bymonthday,
            "opens_at": schedule.opens_at.strftime("%H:%M")
            if schedule.opens_at
            else "",
            "closes_at": schedule.closes_at.strftime("%H:%M")
            if schedule.closes_at
            else "",
            "description": schedule.description or "",
        }
    )


def _summary(distance: float | None, service: core.Service) -> dict[str, Any]:
    free = any(c.amount == 0 for c in service.cost_options)
    return {
        "service": service,
        "distance": distance,
        "miles": None if distance is None else distance / 1609.344,
        "when": [schedule_text(s) for s in service.schedules[:3]],
        "free": free,
        "places": [loc.name for loc in service.locations if loc.name][:2],
    }


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The public directory: search by words, need, postcode, day and age.

    The answers are the ORUK API's filters, run by the same code, so the
    page and ``/openreferral/services`` give the same services.
    """
    needs = queries.needs()
    form = SearchForm(request.GET or None, needs=needs)
    query = queries.ServiceQuery()
    params: dict[str, str] = {}
    if form.is_bound:
        if form.is_valid():
            params = form.api_params()
            try:
                query = queries.parse_query(params)
            except queries.QueryError as error:
                field = {"minimum_age": "age", "maximum_age": "age"}.get(
                    error.param, error.param
                )
                form.add_error(field if field in form.fields else None, error.message)
    found = [] if form.errors else queries.find_services(query)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    rest = request.GET.copy()
    rest.pop("page", None)
    return render(
        request,
        "directory/search.html",
        {
            "form": form,
            "page": page,
            "results": [_summary(d, s) for d, s in page.object_list],
            "total": len(found),
            "searched": form.is_bound and not form.errors,
            "query": rest.urlencode(),
            "api_query": urlencode(params),
            "near": query.postcode,
            "attribution": ATTRIBUTION,
        },
        status=400 if form.errors else 200,
    )


def _core_of(service: Service) -> core.Service:
    built = queries.build(Service.objects.filter(pk=service.pk))
    if not built:
        raise Http404
    return built[0]


@require_GET
def service_page(request: HttpRequest, uuid: str) -> HttpResponse:
    row = get_object_or_404(
        Service.objects.select_related("organization__account"), uuid=uuid.lower()
    )
    staff = can_see_unpublished(request.user, row)
    if not row.is_public and not staff:
        raise Http404
    item = _core_of(row)
    sal_assets = {
        sal.uuid: sal.asset for sal in row.service_at_locations.select_related("asset")
    }
    places = [
        {"location": sal.location, "asset": sal_assets.get(sal.id)}
        for sal in item.service_at_locations
    ]
    terms = [a.taxonomy_term for a in item.attributes]
    context: dict[str, Any] = {
        "row": row,
        "service": item,
        "places": places,
        "when": [schedule_text(s) for s in item.schedules],
        "terms": terms,
        "lga": any((t.taxonomy or "").startswith("LGA ") for t in terms),
        "attribution": ATTRIBUTION,
        "staff": staff,
        "manager": can_manage(request.user),
        "provider": can_propose(request.user, row),
    }
    if staff:
        context["revisions"] = row.revisions.select_related("by")[:50]
        context["proposals"] = row.proposals.filter(
            status=ServiceProposal.Status.PENDING
        ).select_related("by")
    return render(request, "directory/service.html", context)


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """How to use the ORUK API (for developers of other directories and apps)."""
    return render(
        request,
        "directory/api.html",
        {
            "base": request.build_absolute_uri(reverse("openreferral:details")),
            "filters": queries.FILTERS,
            "taxonomies": Taxonomy.objects.annotate(n=Count("terms")).order_by("name"),
        },
    )


# --- staff pages ---------------------------------------------------------------------


def _staff(request: HttpRequest) -> HttpResponse | None:
    """Sign-in for visitors; 403 for anyone who neither manages nor provides."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (can_manage(request.user) or is_provider(request.user)):
        raise PermissionDenied
    return None


@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    """Officers: what to approve and review. Providers: their own services."""
    refused = _staff(request)
    if refused:
        return refused
    mine = provider_accounts(request.user)
    context: dict[str, Any] = {
        "manager": can_manage(request.user),
        "provider": bool(mine),
    }
    if mine:
        own = Service.objects.provided_by(mine).select_related("organization")
        context["own"] = own.order_by("name")[:300]
        context["own_proposals"] = (
            ServiceProposal.objects.filter(service__in=own)
            .exclude(status=ServiceProposal.Status.SUPERSEDED)
            .select_related("service", "decided_by")
            .order_by("-at")[:30]
        )
    if context["manager"]:
        context["waiting"] = ServiceProposal.objects.filter(
            status=ServiceProposal.Status.PENDING
        ).select_related("service__organization", "by")
        due = Service.objects.review_due().select_related("organization")
        context["due"] = due.order_by("review_due", "name")[:50]
        context["due_count"] = due.count()
        context["expired_count"] = Service.objects.filter(
            state=Service.State.PUBLISHED, expires__lt=timezone.localdate()
        ).count()
        context["imports"] = FeedImport.objects.all()[:10]
        context["counts"] = dict(
            Service.objects.values_list("state")
            .annotate(n=Count("pk"))
            .values_list("state", "n")
        )
    return render(request, "directory/manage.html", context)


@require_GET
@requires(Capability.MANAGE_ASSETS)
def service_list(request: HttpRequest) -> HttpResponse:
    """Every service, any state, for officers."""
    rows = Service.objects.select_related("organization").order_by("name", "pk")
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(organization__name__icontains=q))
    state = request.GET.get("state", "")
    if state in Service.State.values:
        rows = rows.filter(state=state)
    source = request.GET.get("source", "")
    if source:
        rows = rows.filter(source="" if source == "hearth" else source)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    rest = request.GET.copy()
    rest.pop("page", None)
    return render(
        request,
        "directory/service_list.html",
        {
            "page": page,
            "q": q,
            "state": state,
            "source": source,
            "states": Service.State.choices,
            "sources": Service.objects.exclude(source="")
            .values_list("source", flat=True)
            .distinct()
            .order_by("source"),
            "query": rest.urlencode(),
        },
    )


def _organizations_for(request: HttpRequest, service: Service | None) -> Any:
    if can_manage(request.user):
        condition = Q(source="") | Q(account__isnull=False)
        if service is not None:
            condition |= Q(pk=service.organization_id)
        return Organization.objects.filter(condition).order_by("name")
    accounts = provider_accounts(request.user)
    from hearth.accounts.models import Organisation

    for account in Organisation.objects.filter(pk__in=accounts):
        services.organization_for(account)
    return Organization.objects.filter(account_id__in=accounts).order_by("name")


def edit(request: HttpRequest, uuid: str | None = None) -> HttpResponse:
    """Add or change a service: officers directly, providers for approval."""
    refused = _staff(request)
    if refused:
        return refused
    service = (
        get_object_or_404(
            Service.objects.select_related("organization"), uuid=uuid.lower()
        )
        if uuid
        else None
    )
    manager = can_manage(request.user)
    if service is not None and not (manager or can_propose(request.user, service)):
        raise PermissionDenied
    if service is None and not manager and not provider_accounts(request.user):
        raise PermissionDenied
    current = drafts.draft_of(service) if service else {}
    waiting = (
        service.proposals.filter(status=ServiceProposal.Status.PENDING)
        .order_by("-at")
        .first()
        if service
        else None
    )
    # A provider continues from their change still waiting for approval.
    start = waiting.draft if (waiting and not manager) else current
    organizations = _organizations_for(request, service)
    data = request.POST if request.method == "POST" else None
    form = ServiceForm(data, organizations=organizations, initial_draft=start)
    schedules, contacts = part_formsets(data, start)
    if request.method == "POST":
        valid = form.is_valid() & schedules.is_valid() & contacts.is_valid()
        if valid:
            draft = form.draft()
            apply_parts(draft, schedules, contacts, start)
            note = form.cleaned_data["note"]
            try:
                if manager:
                    if service is None:
                        service = services.create_service(
                            draft, by=request.user, note=note
                        )
                        messages.success(
                            request, f"{service.name} is in the directory."
                        )
                    else:
                        services.apply_draft(service, draft, by=request.user, note=note)
                        messages.success(request, f"{service.name} has been saved.")
                    return redirect("directory:service", service.uuid)
                if service is None:
                    proposal = services.propose_service(
                        draft, by=request.user, note=note
                    )
                    messages.success(
                        request,
                        f"{proposal.service.name} has been sent to the council. It will be "
                        "published when they approve it.",
                    )
                    return redirect("directory:service", proposal.service.uuid)
                change = services.propose_change(
                    service, draft, by=request.user, note=note
                )
                if change is None:
                    messages.success(request, "Nothing changed.")
                else:
                    messages.success(
                        request,
                        "Your change has been sent to the council. The directory shows it "
                        "once they approve it.",
                    )
                return redirect("directory:service", service.uuid)
            except services.DirectoryError as error:
                form.add_error(None, str(error))
    return render(
        request,
        "directory/edit.html",
        {
            "form": form,
            "schedules": schedules,
            "contacts": contacts,
            "service": service,
            "manager": manager,
            "waiting": waiting,
            "big_taxonomies": form.big_taxonomies,
            "term_fields": [form[name] for _taxonomy, name in form.term_groups],
            "attribution": ATTRIBUTION,
        },
        status=400 if request.method == "POST" else 200,
    )


def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    """A provider's change: the council approves it or sends it back."""
    refused = _staff(request)
    if refused:
        return refused
    item: ServiceProposal = get_object_or_404(
        ServiceProposal.objects.select_related(
            "service__organization", "by", "decided_by"
        ),
        pk=pk,
    )
    manager = can_manage(request.user)
    if not (manager or can_propose(request.user, item.service)):
        raise PermissionDenied
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        if form.is_valid():
            note = form.cleaned_data["note"] or ""
            try:
                if request.POST.get("decision") == "approve":
                    services.approve(item, by=request.user, note=note)
                    messages.success(
                        request, f"The change to {item.service.name} is published."
                    )
                else:
                    services.reject(item, by=request.user, note=note)
                    messages.success(
                        request, f"The change to {item.service.name} was sent back."
                    )
                return redirect("directory:manage")
            except services.DirectoryError as error:
                form.add_error("note", str(error))
    current = drafts.draft_of(item.service)
    base = {} if item.new_service else (item.base or current)
    names = drafts.names_for(base, item.draft, current)
    return render(
        request,
        "directory/proposal.html",
        {
            "proposal": item,
            "form": form,
            "manager": manager,
            "changes": drafts.changes(base, item.draft, names),
            "moved_on": (not item.new_service)
            and item.status == ServiceProposal.Status.PENDING
            and drafts.changes(base, current, names),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def verify(request: HttpRequest, uuid: str) -> HttpResponse:
    refused = _staff(request)
    if refused:
        return refused
    service = get_object_or_404(Service, uuid=uuid.lower())
    if not (can_manage(request.user) or can_propose(request.user, service)):
        raise PermissionDenied
    try:
        services.verify(service, by=request.user, note=request.POST.get("note", ""))
        messages.success(
            request, f"{service.name} is checked until {service.review_due:%d %B %Y}."
        )
    except services.DirectoryError as error:
        messages.error(request, str(error))
    return redirect("directory:service", service.uuid)


@require_POST
@requires(Capability.MANAGE_ASSETS)
def archive(request: HttpRequest, uuid: str) -> HttpResponse:
    service = get_object_or_404(Service, uuid=uuid.lower())
    try:
        if request.POST.get("restore"):
            services.restore(service, by=request.user)
            messages.success(request, f"{service.name} is back in the directory.")
        else:
            services.archive(
                service, by=request.user, note=request.POST.get("note", "")
            )
            messages.success(request, f"{service.name} has been archived.")
    except services.DirectoryError as error:
        messages.error(request, str(error))
    return redirect("directory:service", service.uuid)


def capacity(request: HttpRequest, uuid: str) -> HttpResponse:
    """How many new people a week the service takes (no approval needed)."""
    refused = _staff(request)
    if refused:
        return refused
    service = get_object_or_404(Service, uuid=uuid.lower())
    if not (can_manage(request.user) or can_propose(request.user, service)):
        raise PermissionDenied
    form = CapacityForm(
        request.POST or None,
        initial={
            "capacity_per_week": service.capacity_per_week,
            "accepts_referrals": service.accepts_referrals,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.set_capacity(
            service,
            capacity=form.cleaned_data["capacity_per_week"],
            accepts_referrals=form.cleaned_data["accepts_referrals"],
            by=request.user,
        )
        messages.success(request, f"{service.name}'s places have been updated.")
        return redirect("directory:service", service.uuid)
    return render(
        request, "directory/capacity.html", {"form": form, "service": service}
    )


@require_GET
@requires(Capability.MANAGE_ASSETS)
def organization_list(request: HttpRequest) -> HttpResponse:
    rows = Organization.objects.annotate(n=Count("services")).select_related("account")
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(name__icontains=q)
    page = Paginator(rows.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/organizations.html",
        {"page": page, "q": q, "query": urlencode({"q": q}) if q else ""},
    )


@requires(Capability.MANAGE_ASSETS)
def organization_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk) if pk else Organization()
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved.name} has been saved.")
        return redirect("directory:organizations")
    return render(
        request,
        "directory/organization_edit.html",
        {"form": form, "organization": organization},
        status=400 if form.errors else 200,
    )


@requires(Capability.MANAGE_ASSETS)
def taxonomy_list(request: HttpRequest) -> HttpResponse:
    form = TaxonomyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        taxonomy = form.save(commit=False)
        taxonomy.local = True
        taxonomy.save()
        messages.success(request, f"{taxonomy.name} has been added: now add its terms.")
        return redirect("directory:taxonomy", taxonomy.pk)
    return render(
        request,
        "directory/taxonomies.html",
        {
            "taxonomies": Taxonomy.objects.annotate(
                n=Count("terms", distinct=True),
                used=Count("terms__service_links", distinct=True),
            ).order_by("-local", "name"),
            "form": form,
            "attribution": ATTRIBUTION,
        },
        status=400 if form.errors else 200,
    )


@requires(Capability.MANAGE_ASSETS)
def taxonomy_page(request: HttpRequest, pk: int) -> HttpResponse:
    taxonomy = get_object_or_404(Taxonomy, pk=pk)
    settings_form = TaxonomyForm(
        request.POST if request.POST.get("form") == "taxonomy" else None,
        instance=taxonomy,
        prefix="taxonomy",
    )
    term_form = TermForm(
        request.POST if request.POST.get("form") == "term" else None, taxonomy=taxonomy
    )
    if request.method == "POST":
        if request.POST.get("form") == "taxonomy" and settings_form.is_valid():
            settings_form.save()
            messages.success(request, f"{taxonomy.name} has been saved.")
            return redirect("directory:taxonomy", taxonomy.pk)
        if request.POST.get("form") == "term" and term_form.is_valid():
            try:
                term = services.save_term(
                    taxonomy,
                    name=term_form.cleaned_data["name"],
                    description=term_form.cleaned_data["description"],
                    parent=term_form.cleaned_data["parent"],
                )
                messages.success(request, f"{term.name} has been added.")
                return redirect("directory:taxonomy", taxonomy.pk)
            except services.DirectoryError as error:
                term_form.add_error("name", str(error))
    terms = taxonomy.terms.select_related("parent").annotate(
        used=Count("service_links")
    )
    q = request.GET.get("q", "").strip()
    if q:
        terms = terms.filter(Q(name__icontains=q) | Q(code=q))
    page = Paginator(terms.order_by("parent__name", "name"), 100).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "directory/taxonomy.html",
        {
            "taxonomy": taxonomy,
            "settings_form": settings_form,
            "term_form": term_form,
            "page": page,
            "q": q,
            "query": urlencode({"q": q}) if q else "",
            "attribution": ATTRIBUTION if taxonomy.source == LGA_SOURCE else "",
        },
        status=400 if (settings_form.errors or term_form.errors) else 200,
    )
