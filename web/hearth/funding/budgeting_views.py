"""Participatory budgeting pages: the ballot, its code, the results explained."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from hearth.accounts.permissions import Capability, requires, user_has
from hearth.core.exports import download
from hearth.core.requests import whole_number
from hearthcore import pb

from . import budgeting
from .forms import CodeForm, CodeRequestForm, ImportForm, PaperCodesForm, ProcessForm
from .models import Count, Process, Project
from .services import FundingError
from .views import _limited, can_manage

SESSION_KEY = "funding_voter_{}"


def _process(request: HttpRequest, pk: int) -> Process:
    process = get_object_or_404(Process.objects.prefetch_related("communities"), pk=pk)
    if process.imported_from and not (
        can_manage(request) or user_has(request.user, Capability.VIEW_ANALYSIS)
    ):
        raise Http404  # another place's election, imported for study
    return process


@require_GET
def processes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "funding/processes.html",
        {
            "processes": Process.objects.filter(imported_from="").prefetch_related(
                "communities"
            )
        },
    )


@require_GET
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    process = _process(request, pk)
    if process.phase in (Process.Phase.PROPOSALS, Process.Phase.REVIEW):
        projects = process.projects.filter(status=Project.Status.ON_BALLOT)
    else:
        projects = process.ballot_projects()
    return render(
        request,
        "funding/process.html",
        {
            "process": process,
            "projects": projects.order_by("title"),
            "waiting": process.projects.filter(status=Project.Status.SUBMITTED).count()
            if can_manage(request)
            else 0,
            "can_manage": can_manage(request),
            "result": process.counts.filter(published=True).first(),
        },
    )


def request_code(request: HttpRequest, pk: int) -> HttpResponse:
    """Residents check their postcode and get a code by e-mail."""
    process = _process(request, pk)
    form = CodeRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if _limited(request, "vote-code-request"):
                form.add_error(
                    None,
                    "You have asked for several codes in the last hour. Please try again later.",
                )
                status = 429
            elif form.is_spam():
                return redirect("funding:code-sent", pk=pk)
            else:
                try:
                    budgeting.issue_email_code(
                        process,
                        email=form.cleaned_data["email"],
                        postcode=form.cleaned_data["postcode"],
                        link=request.build_absolute_uri(
                            reverse("funding:vote", args=[pk])
                        ),
                    )
                except budgeting.NotEligible as error:
                    form.add_error("postcode", str(error))
                    status = 400
                except FundingError as error:
                    form.add_error(None, str(error))
                    status = 400
                else:
                    return redirect("funding:code-sent", pk=pk)
        else:
            status = 400
    return render(
        request,
        "funding/request_code.html",
        {"process": process, "form": form},
        status=status,
    )


@require_GET
def code_sent(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "funding/code_sent.html", {"process": _process(request, pk)})


def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a one-time code (and, for a paper code, a postcode)."""
    process = _process(request, pk)
    if process.phase != Process.Phase.VOTING or process.imported_from:
        return render(request, "funding/vote_closed.html", {"process": process})
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if _limited(request, "vote-code"):
                form.add_error(
                    "code",
                    "Too many tries from here in the last hour. Please try again later.",
                )
                status = 429
            else:
                try:
                    voter = budgeting.verify_code(
                        process,
                        code=form.cleaned_data["code"],
                        postcode=form.cleaned_data["postcode"],
                    )
                except budgeting.NotEligible as error:
                    form.add_error("postcode", str(error))
                    status = 400
                except FundingError as error:
                    form.add_error("code", str(error))
                    status = 400
                else:
                    request.session[SESSION_KEY.format(pk)] = voter.pk
                    return redirect("funding:ballot", pk=pk)
        else:
            status = 400
    return render(
        request, "funding/vote.html", {"process": process, "form": form}, status=status
    )


def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballot: approve up to K projects, or projects within the budget."""
    process = _process(request, pk)
    voter = request.session.get(SESSION_KEY.format(pk))
    if process.phase != Process.Phase.VOTING or process.imported_from:
        return render(request, "funding/vote_closed.html", {"process": process})
    if voter is None:
        return redirect("funding:vote", pk=pk)
    projects = list(
        process.ballot_projects().prefetch_related("budget_lines").order_by("title")
    )
    error = ""
    chosen: set[int] = set()
    status = 200
    if request.method == "POST":
        chosen = {
            int(v)
            for v in request.POST.getlist("projects")
            if v.isdigit() and len(v) < 19
        }
        try:
            budgeting.cast_ballot(process, voter=int(voter), project_ids=chosen)
        except FundingError as problem:
            error = str(problem)
            status = 400
            if isinstance(problem, budgeting.AlreadyVoted):
                request.session.pop(SESSION_KEY.format(pk), None)
        else:
            request.session.pop(SESSION_KEY.format(pk), None)
            return redirect("funding:voted", pk=pk)
    return render(
        request,
        "funding/ballot.html",
        {
            "process": process,
            "projects": projects,
            "chosen": chosen,
            "error": error,
            "within_budget": process.ballot_kind == Process.BallotKind.WITHIN_BUDGET,
        },
        status=status,
    )


@require_GET
def voted(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "funding/voted.html", {"process": _process(request, pk)})


def _money(amount: float, currency: str) -> str:
    symbol = {"GBP": "£", "EUR": "€", "USD": "$"}.get(currency, "")
    return f"{symbol}{amount:,.0f}" if symbol else f"{amount:,.0f} {currency}"


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """What was funded and why, in plain English, for residents."""
    process = _process(request, pk)
    result: Count | None = process.counts.filter(published=True).first()
    preview = False
    if result is None and can_manage(request):
        wanted = whole_number(request.GET, "count")
        result = (
            process.counts.filter(pk=wanted).first()
            if wanted
            else process.latest_count()
        )
        preview = result is not None
    if result is None:
        return render(
            request,
            "funding/results_pending.html",
            {"process": process},
            status=404 if process.phase == Process.Phase.RESULTS else 200,
        )
    story = result.explanation
    names = {p.ballot_id(): p for p in process.ballot_projects()}
    rows = [
        {
            **item,
            "project": names.get(item["project_id"]),
            "cost_text": _money(item["cost"], story.get("currency", "")),
        }
        for item in story["projects"]
    ]
    return render(
        request,
        "funding/results.html",
        {
            "process": process,
            "result": result,
            "story": story,
            "funded": [r for r in rows if r["funded"]],
            "unfunded": [r for r in rows if not r["funded"]],
            "preview": preview,
            "budget_text": _money(story["budget"], story.get("currency", "")),
            "spent_text": _money(float(result.cost), story.get("currency", "")),
            "left_text": _money(
                story["budget"] - float(result.cost), story.get("currency", "")
            ),
            "rule_label": dict(Process.Rule.choices).get(result.rule, result.rule),
            "can_manage": can_manage(request),
        },
    )


@require_GET
def election_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballots as a Pabulib file: anonymous, in random order."""
    process = _process(request, pk)
    if not (process.counts.filter(published=True).exists() or can_manage(request)):
        raise Http404
    name = f"hearth_process_{process.pk}.pb"
    return download(budgeting.export_pb(process), "text/plain; charset=utf-8", name)


# --- Officers -----------------------------------------------------------


@requires(Capability.MANAGE_FUNDING)
def process_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    process = get_object_or_404(Process, pk=pk) if pk else None
    if process is not None and process.phase in (
        Process.Phase.VOTING,
        Process.Phase.RESULTS,
    ):
        messages.error(
            request, "The rules of a vote cannot change once voting has opened."
        )
        return redirect("funding:process-manage", pk=process.pk)
    form = ProcessForm(request.POST or None, instance=process)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if process is None:
            saved.created_by = request.user
        saved.save()
        form.save_m2m()
        messages.success(request, f"{saved.name} is saved.")
        return redirect("funding:process-manage", pk=saved.pk)
    return render(
        request,
        "funding/process_edit.html",
        {"form": form, "process": process},
        status=400 if form.is_bound else 200,
    )


@requires(Capability.MANAGE_FUNDING)
def process_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Phases, the projects to review, paper codes, counts and publishing."""
    process = get_object_or_404(Process.objects.prefetch_related("communities"), pk=pk)
    codes: list[str] = []
    paper = PaperCodesForm(prefix="paper")
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "phase":
                budgeting.set_phase(
                    process, request.POST.get("phase", ""), by=request.user
                )
                messages.success(
                    request,
                    f"{process.name} is now in its {process.get_phase_display().lower()} phase.",
                )
            elif action == "count":
                result = budgeting.count(
                    process, by=request.user, rule=request.POST.get("rule") or None
                )
                messages.success(
                    request,
                    f"Counted {result.ballots:,} ballots by {result.rule}: {len(result.winners)} projects funded.",
                )
            elif action == "publish":
                chosen = process.counts.filter(
                    pk=whole_number(request.POST, "count") or 0
                ).first()
                if chosen is None:
                    raise FundingError("Choose a count to publish.")
                budgeting.publish(process, chosen, by=request.user)
                messages.success(
                    request,
                    "The results are published and the winning projects are funded.",
                )
            elif action == "paper":
                paper = PaperCodesForm(request.POST, prefix="paper")
                if paper.is_valid():
                    codes = budgeting.issue_paper_codes(
                        process,
                        count=paper.cleaned_data["count"],
                        batch=paper.cleaned_data["batch"],
                        by=request.user,
                    )
                    # Shown once, to print: only their hashes are kept.
                    return render(
                        request,
                        "funding/paper_codes.html",
                        {
                            "process": process,
                            "codes": codes,
                            "batch": paper.cleaned_data["batch"],
                        },
                    )
            else:
                return HttpResponse("Unknown action", status=400)
        except FundingError as error:
            messages.error(request, str(error))
        if action != "paper" or paper.is_valid():
            return redirect("funding:process-manage", pk=pk)
    if process.phase == Process.Phase.RESULTS:  # the codes are deleted by then
        issued = process.meta.get("codes_issued", 0)
        used = process.meta.get("codes_used", 0)
    else:
        issued = process.voter_codes.filter(revoked=False).count()
        used = process.voter_codes.filter(used=True).count()
    return render(
        request,
        "funding/process_manage.html",
        {
            "process": process,
            "waiting": process.projects.filter(status=Project.Status.SUBMITTED),
            "on_ballot": process.ballot_projects().order_by("title"),
            "counts": process.counts.select_related("counted_by"),
            "paper": paper,
            "ballots": process.ballots.count(),
            "codes_issued": issued,
            "codes_used": used,
            "rules": Process.Rule.choices,
            "phases": Process.Phase.choices,
            "next_phase": _neighbour(process, +1),
            "previous_phase": _neighbour(process, -1),
        },
        status=400 if request.method == "POST" else 200,
    )


def _neighbour(process: Process, step: int) -> tuple[str, str] | None:
    phases = list(Process.Phase.choices)
    index = [p[0] for p in phases].index(process.phase) + step
    if not 0 <= index < len(phases) or phases[index][0] == Process.Phase.RESULTS:
        return None
    if process.phase == Process.Phase.RESULTS:
        return None
    return (phases[index][0], str(phases[index][1]))


@requires(Capability.MANAGE_FUNDING)
def import_election(request: HttpRequest) -> HttpResponse:
    """Read a Pabulib file into a process (to study it, or to re-count it)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8")
            data = pb.loads(text)
            done = budgeting.import_pb(
                data,
                name=form.cleaned_data["name"],
                source=upload.name,
                by=request.user,
            )
        except UnicodeDecodeError:
            form.add_error(
                "file", "The file is not UTF-8 text: is it a Pabulib .pb file?"
            )
        except pb.PabulibError as error:
            form.add_error(
                "file", f"The file was not imported; nothing changed: {error}"
            )
        except (FundingError, ValueError) as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                f"Imported {done.projects} projects and {done.ballots:,} ballots.",
            )
            return redirect("funding:process-manage", pk=done.process.pk)
    return render(
        request,
        "funding/import.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )
