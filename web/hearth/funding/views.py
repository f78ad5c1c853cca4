"""Crowdfunding pages: residents browse, propose and pledge; officers review
projects and run council funds; councillors and analysts read the figures."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count as DbCount
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.permissions import Capability, requires, user_has
from hearth.audit.services import record, record_view
from hearth.core import ratelimit
from hearth.core.clients import client_address
from hearth.core.exports import CSV_TYPE, csv_text, download
from hearth.core.requests import whole_number

from . import exports, queries, services
from .forms import FundForm, PledgeForm, ProjectForm, ReviewForm
from .models import Fund, Pledge, Process, Project, ProjectPhoto, Theme
from .services import FundingError


def can_manage(request: HttpRequest) -> bool:
    return user_has(request.user, Capability.MANAGE_FUNDING)


def can_read_figures(request: HttpRequest) -> bool:
    return can_manage(request) or user_has(request.user, Capability.VIEW_ANALYSIS)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Live projects to back, funded ones, the council's funds and votes."""
    theme = request.GET.get("theme", "")
    live = queries.live_projects()
    if theme in Theme.values:
        live = [p for p in live if p.project.theme == theme]
    funded = (
        queries.public_projects()
        .filter(status=Project.Status.FUNDED)
        .select_related("process")
        .order_by("-closed")[:12]
    )
    return render(
        request,
        "funding/index.html",
        {
            "live": live,
            "funded": funded,
            "funds": Fund.objects.filter(active=True),
            "processes": Process.objects.filter(imported_from="").order_by("-created")[
                :6
            ],
            "themes": Theme.choices,
            "theme": theme,
            "can_manage": can_manage(request),
            "can_read_figures": can_read_figures(request),
        },
    )


def _project_visible(request: HttpRequest, project: Project) -> bool:
    if can_manage(request):
        return True
    if project.process is not None and project.process.imported_from:
        # Another place's election, imported for study: staff only.
        return user_has(request.user, Capability.VIEW_ANALYSIS)
    return project.is_public


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.select_related("community", "process"), pk=pk
    )
    if not _project_visible(request, project):
        raise Http404
    standing = project.pledges.filter(status__in=Pledge.STANDING)
    funds = []
    if project.is_crowdfunding:
        current = queries.progress(project)
        pledged_funds = {p.fund_id: p for p in standing.filter(kind=Pledge.Kind.FUND)}
        from hearthcore.funding import match_decision

        for fund in services.eligible_funds(project):
            decision = match_decision(
                fund.rule(),
                target=project.target,
                raised=current.totals.others,
                backers=current.totals.backers,
            )
            funds.append(
                {
                    "fund": fund,
                    "pledge": pledged_funds.pop(fund.pk, None),
                    "decision": decision,
                }
            )
        for pledge in pledged_funds.values():
            funds.append({"fund": pledge.fund, "pledge": pledge, "decision": None})
    else:
        current = None
    return render(
        request,
        "funding/project.html",
        {
            "project": project,
            "progress": current,
            "lines": project.budget_lines.all(),
            "photos": project.photos.defer("image"),
            "backers": standing.exclude(kind=Pledge.Kind.FUND).order_by("-pledged_at")[
                :20
            ],
            "funds": funds,
            "taking_pledges": project.status == Project.Status.LIVE,
            "can_manage": can_manage(request),
        },
    )


@require_GET
def project_photo(request: HttpRequest, pk: int, photo: int) -> HttpResponse:
    item = get_object_or_404(
        ProjectPhoto.objects.select_related("project__process"), pk=photo, project_id=pk
    )
    if not _project_visible(request, item.project):
        raise Http404
    response = HttpResponse(bytes(item.image), content_type=item.content_type)
    response["Cache-Control"] = (
        "public, max-age=3600" if item.project.is_public else "private, no-store"
    )
    return response


def _limited(request: HttpRequest, scope: str) -> bool:
    """Count one more try from this address; True when over the hourly limit."""
    address = client_address(request)
    limit = settings.HEARTH_VOTE_CODE_ATTEMPTS_PER_HOUR
    return ratelimit.add(scope, address, window=3600) > limit


def pledge(request: HttpRequest, pk: int) -> HttpResponse:
    """Residents and organisations record a pledge (paid outside Hearth)."""
    project = get_object_or_404(Project, pk=pk, process__isnull=True)
    if not project.is_public:
        raise Http404
    if project.status != Project.Status.LIVE:
        messages.info(request, "This project is not taking pledges.")
        return redirect("funding:project", pk=pk)
    form = PledgeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if _limited(request, "pledge"):
                form.add_error(
                    None,
                    "You have made several pledges in the last hour. Please try again later.",
                )
                status = 429
            elif form.is_spam():
                return redirect("funding:pledged", pk=pk)
            else:
                data = form.cleaned_data
                try:
                    made, token = services.record_pledge(
                        project,
                        kind=data["kind"],
                        amount=data["amount"],
                        email=data["email"],
                        display_name=data["display_name"],
                        in_kind=data["in_kind"],
                        in_kind_description=data["in_kind_description"],
                        by=request.user,
                    )
                except FundingError as error:
                    form.add_error(None, str(error))
                    status = 400
                else:
                    link = request.build_absolute_uri(
                        reverse("funding:confirm-pledge", args=[token])
                    )
                    services.send_pledge_confirmation(made, link)
                    return redirect("funding:pledged", pk=pk)
        else:
            status = 400
    return render(
        request,
        "funding/pledge.html",
        {"project": project, "form": form, "progress": queries.progress(project)},
        status=status,
    )


@require_GET
def pledged(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your e-mail: the pledge counts once the backer confirms it."""
    project = get_object_or_404(Project, pk=pk, process__isnull=True)
    if not project.is_public:
        raise Http404
    return render(request, "funding/pledged.html", {"project": project})


def confirm_pledge(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: a button to confirm (a link scanner's GET changes nothing)."""
    try:
        found = services.find_unconfirmed(token)
    except FundingError as error:
        return render(
            request, "funding/confirm_pledge.html", {"problem": str(error)}, status=404
        )
    if request.method == "POST":
        try:
            _, changes = services.confirm_pledge(token, by=request.user)
        except FundingError as error:
            return render(
                request,
                "funding/confirm_pledge.html",
                {"problem": str(error), "pledge": found},
                status=400,
            )
        request.session["funding_matched"] = changes
        return redirect("funding:confirmed", pk=found.project_id)
    return render(request, "funding/confirm_pledge.html", {"pledge": found})


@require_GET
def confirmed(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk, process__isnull=True)
    if not project.is_public:
        raise Http404
    return render(
        request,
        "funding/confirmed.html",
        {
            "project": project,
            "matched": request.session.pop("funding_matched", []),
            "progress": queries.progress(project),
        },
    )


def propose(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A resident group or VCS organisation proposes a project (no account)."""
    target = None
    if pk is not None:
        target = get_object_or_404(Process, pk=pk, imported_from="")
        if target.phase != Process.Phase.PROPOSALS:
            messages.info(request, "This process is not taking proposals.")
            return redirect("funding:process", pk=target.pk)
    form = ProjectForm(request.POST or None, request.FILES or None, process=target)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if _limited(request, "propose"):
                form.add_error(
                    None,
                    "You have sent several proposals in the last hour. Please try again later.",
                )
                status = 429
            elif form.is_spam():
                return redirect("funding:proposed")
            else:
                data = form.project_data()
                photo = form.cleaned_data.get("photo")
                data["lsoa21"] = _lsoa(data.get("postcode", ""))
                project = services.submit_project(
                    data=data,
                    budget_lines=form.cleaned_data["budget_lines"],
                    photos=[(photo[0], photo[1], form.cleaned_data["photo_caption"])]
                    if photo
                    else [],
                    by=request.user,
                )
                request.session["funding_proposed"] = project.pk
                return redirect("funding:proposed")
        else:
            status = 400
    return render(
        request,
        "funding/propose.html",
        {"form": form, "process": target},
        status=status,
    )


@require_GET
def proposed(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "funding/proposed.html",
        {"reference": request.session.get("funding_proposed")},
    )


@require_GET
def funds(request: HttpRequest) -> HttpResponse:
    """The council's funds and their published rules."""
    return render(
        request,
        "funding/funds.html",
        {"funds": Fund.objects.filter(active=True).prefetch_related("communities")},
    )


# --- Officers -----------------------------------------------------------


@requires(Capability.MANAGE_FUNDING)
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    """Projects waiting for review, funds against their budgets, votes."""
    return render(
        request,
        "funding/manage.html",
        {
            "waiting": Project.objects.filter(status=Project.Status.SUBMITTED)
            .select_related("process", "community")
            .order_by("created"),
            "commitments": queries.commitments(),
            "live": queries.live_projects(),
            "processes": Process.objects.annotate(
                n_ballots=DbCount("ballots")
            ).order_by("-created"),
        },
    )


@requires(Capability.MANAGE_FUNDING)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.select_related("process", "community"), pk=pk
    )
    record_view(request.user, project)  # the proposer's name and e-mail are on it
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    services.approve_project(
                        project, by=request.user, note=form.cleaned_data["note"]
                    )
                    messages.success(request, f"{project.title} is approved.")
                else:
                    services.reject_project(
                        project, by=request.user, note=form.cleaned_data["note"]
                    )
                    messages.success(request, f"{project.title} was turned down.")
            except FundingError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                return redirect("funding:manage")
        else:
            status = 400
    return render(
        request,
        "funding/review.html",
        {
            "project": project,
            "form": form,
            "lines": project.budget_lines.all(),
            "photos": project.photos.defer("image"),
            "events": project.events.select_related("by")[:30],
            "funds": services.eligible_funds(project)
            if project.is_crowdfunding
            else [],
        },
        status=status,
    )


@requires(Capability.MANAGE_FUNDING)
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Officers change a proposal before approving it (agreed with the proposer)."""
    project = get_object_or_404(Project.objects.select_related("process"), pk=pk)
    if project.status != Project.Status.SUBMITTED:
        messages.error(request, "Only a project waiting for review can be changed.")
        return redirect("funding:review", pk=pk)
    record_view(request.user, project)
    initial = {
        name: getattr(project, name) for name in services.EDITABLE if name != "lsoa21"
    }
    initial["community"] = project.community_id
    initial["budget_lines"] = "\n".join(
        f"{line.item}, {line.amount}" for line in project.budget_lines.all()
    )
    form = ProjectForm(request.POST or None, initial=initial, process=project.process)
    if request.method == "POST" and form.is_valid():
        data = form.project_data()
        data.pop("process", None)
        data["lsoa21"] = _lsoa(data.get("postcode", ""))
        try:
            services.edit_project(
                project,
                data=data,
                budget_lines=form.cleaned_data["budget_lines"],
                by=request.user,
            )
        except FundingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{data['title']} is changed.")
        return redirect("funding:review", pk=pk)
    return render(
        request,
        "funding/project_edit.html",
        {"form": form, "project": project},
        status=400 if form.is_bound else 200,
    )


def _lsoa(postcode: str) -> str:
    if not postcode:
        return ""
    from hearth.assets.placement import geocode

    hit = geocode([postcode]).get(postcode.replace(" ", ""))
    return hit[2] if hit else ""


@requires(Capability.MANAGE_FUNDING)
def pledges(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's pledges with backers' e-mail addresses (personal: audited)."""
    project = get_object_or_404(Project, pk=pk, process__isnull=True)
    if request.method == "POST":
        target = get_object_or_404(
            Pledge, pk=whole_number(request.POST, "pledge") or 0, project=project
        )
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                changes = services.withdraw_pledge(
                    target, by=request.user, note=request.POST.get("note", "")
                )
                messages.success(
                    request, " ".join([f"Pledge {target.pk} withdrawn.", *changes])
                )
            elif action == "hide-name":
                services.hide_name(target, by=request.user)
                messages.success(
                    request, f"Pledge {target.pk} is now shown as Anonymous."
                )
            elif action == "received":
                from django.utils import timezone

                services.mark_received(
                    target, day=timezone.localdate(), by=request.user
                )
                messages.success(request, f"Pledge {target.pk} marked as received.")
            else:
                return HttpResponse("Unknown action", status=400)
        except FundingError as error:
            messages.error(request, str(error))
        return redirect("funding:pledges", pk=pk)
    rows = list(project.pledges.select_related("fund"))
    record(
        "view",
        obj=project,
        actor=request.user,
        personal=True,
        label=f"Pledges to project {project.pk} (backers' e-mail addresses)",
    )
    return render(
        request,
        "funding/pledges.html",
        {
            "project": project,
            "pledges": rows,
            "progress": queries.progress(project),
            "events": project.events.select_related("by")[:50],
        },
    )


@requires(Capability.MANAGE_FUNDING)
def fund_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    fund = get_object_or_404(Fund, pk=pk) if pk else None
    form = FundForm(request.POST or None, instance=fund)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = form.save(commit=False)
            if fund is None:
                saved.created_by = request.user
            saved.save()
            form.save_m2m()
            # The new rule may be met already on live projects.
            changes: list[str] = []
            for project in Project.objects.filter(
                status=Project.Status.LIVE, process__isnull=True
            ):
                changes += services.reconcile_matches(project, by=request.user)
            messages.success(request, " ".join([f"{saved.name} is saved.", *changes]))
            return redirect("funding:fund", pk=saved.pk)
        status = 400
    return render(
        request, "funding/fund_edit.html", {"form": form, "fund": fund}, status=status
    )


@require_GET
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A fund's published rules; officers also see its commitments."""
    fund = get_object_or_404(Fund.objects.prefetch_related("communities"), pk=pk)
    if not fund.active and not can_manage(request):
        raise Http404
    commitment = next((c for c in queries.commitments() if c.fund.pk == fund.pk), None)
    return render(
        request,
        "funding/fund.html",
        {
            "fund": fund,
            "commitment": commitment if can_read_figures(request) else None,
            "pledges": fund.pledges.select_related("project").order_by("-pledged_at")
            if can_read_figures(request)
            else [],
            "can_manage": can_manage(request),
        },
    )


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """Leverage per fund and overall, commitments, and the smaller-groups share."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not can_read_figures(request):
        raise PermissionDenied
    return render(
        request,
        "funding/report.html",
        {
            "leverage": queries.leverage_report(),
            "commitments": queries.commitments(),
            "awards": queries.awards(),
            "threshold": settings.HEARTH_FUNDING_SMALLER_INCOME,
            "counts": {
                "live": Project.objects.filter(
                    status=Project.Status.LIVE, process__isnull=True
                ).count(),
                "funded": Project.objects.filter(
                    status=Project.Status.FUNDED, process__isnull=True
                ).count(),
                "failed": Project.objects.filter(status=Project.Status.FAILED).count(),
            },
        },
    )


@require_GET
def giving360(request: HttpRequest, fmt: str) -> HttpResponse:
    """The council's awards as 360Giving open data (no personal data in it)."""
    try:
        if fmt == "json":
            return download(
                exports.json_text(), "application/json; charset=utf-8", "360giving.json"
            )
        if fmt == "csv":
            header, rows = exports.csv_table()
            return download(csv_text(header, rows), CSV_TYPE, "360giving.csv")
    except exports.NoGrants as error:
        return HttpResponse(
            str(error), status=404, content_type="text/plain; charset=utf-8"
        )
    raise Http404


@requires(Capability.MANAGE_FUNDING)
@require_POST
def close_now(request: HttpRequest) -> HttpResponse:
    """Run what the nightly `hearth funding close` does, from the page."""
    done = services.close_due()
    messages.success(
        request, " ".join(done) if done else "No live project is past its deadline."
    )
    return redirect("funding:manage")
