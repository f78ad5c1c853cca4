"""Evaluation pages: a community's evaluations, SROI analyses and the
authority dashboard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.permissions import signed_in
from hearth.audit.services import record_view
from hearth.communities.models import Community
from hearth.core import exports
from hearth.engagement.models import Story
from hearth.engagement.queries import LABELS
from hearth.funding.models import Project
from hearth.plans.models import Outcome, Plan
from hearthcore import sroi as sroi_core

from . import forms, queries, services
from .models import Evaluation, OutcomeEvidence, SroiAnalysis
from .permissions import can_read, can_read_stories, can_write

MAX_UPLOAD = 5 * 1024 * 1024


def _reader(request: HttpRequest) -> None:
    if not can_read(request.user):
        raise PermissionDenied


def _writer(request: HttpRequest, community: Community) -> None:
    if not can_write(request.user, community):
        raise PermissionDenied


# --- the dashboard (public) --------------------------------------------------------


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every community's headline figures: public, with no personal data and
    counts under 5 suppressed; staff also get links to the evaluations."""
    rows = queries.dashboard()
    staff = can_read(request.user)
    if request.GET.get("format") == "csv":
        return exports.csv_response(
            "hearth-communities-dashboard.csv",
            *queries.dashboard_rows(rows),
        )
    return render(request, "evaluation/dashboard.html", {"rows": rows, "staff": staff})


# --- a community's evaluations ----------------------------------------------------


@signed_in
@require_GET
def community_page(request: HttpRequest, community_id: int) -> HttpResponse:
    _reader(request)
    community = get_object_or_404(Community, pk=community_id)
    return render(
        request,
        "evaluation/community.html",
        {
            "community": community,
            "evaluations": Evaluation.objects.filter(community=community),
            "analyses": SroiAnalysis.objects.filter(community=community),
            "can_write": can_write(request.user, community),
        },
    )


@signed_in
def new_evaluation(request: HttpRequest, community_id: int) -> HttpResponse:
    community = get_object_or_404(Community, pk=community_id)
    _writer(request, community)
    today = timezone.localdate()
    form = forms.EvaluationForm(
        request.POST or None,
        initial={
            "period_start": today.replace(year=today.year - 1),
            "period_end": today,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.create_evaluation(
                community,
                title=form.cleaned_data["title"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                by=request.user,
            )
        except services.EvaluationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Started {evaluation.title}.")
            return redirect("evaluation:detail", evaluation.pk)
    return render(
        request,
        "evaluation/evaluation_form.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


def _report(request: HttpRequest, evaluation: Evaluation) -> queries.Report:
    with_stories = can_read_stories(request.user)
    report = queries.report(evaluation, with_stories=with_stories)
    for _label, stories in report.stories:
        for story in stories:
            record_view(request.user, story)
    return report


@signed_in
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("community"), pk=pk
    )
    report = _report(request, evaluation)
    if request.GET.get("format") == "pdf":
        from .pdf import render as render_pdf

        response = HttpResponse(render_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="hearth-evaluation-{evaluation.pk}.pdf"'
        )
        return response
    return render(
        request,
        "evaluation/detail.html",
        {
            "evaluation": evaluation,
            "community": evaluation.community,
            "report": report,
            "narrative": evaluation.narrative(),
            "can_write": can_write(request.user, evaluation.community),
            "labels": LABELS,
        },
    )


@signed_in
def narrative(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("community"), pk=pk
    )
    _writer(request, evaluation.community)
    current = evaluation.narrative()
    form = forms.NarrativeForm(
        request.POST or None, initial={"text": current.text if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_narrative(
                evaluation,
                text=form.cleaned_data["text"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except services.EvaluationError as error:
            form.add_error("text", str(error))
        else:
            messages.success(
                request, f"Saved version {saved.version} of the narrative."
            )
            return redirect("evaluation:detail", evaluation.pk)
    return render(
        request,
        "evaluation/narrative.html",
        {
            "evaluation": evaluation,
            "community": evaluation.community,
            "form": form,
            "versions": evaluation.narratives.select_related("by"),
        },
        status=400 if form.errors else 200,
    )


def _outcome(pk: int) -> Outcome:
    return get_object_or_404(Outcome.objects.select_related("plan__community"), pk=pk)


@signed_in
def add_evidence(request: HttpRequest, pk: int, outcome_id: int) -> HttpResponse:
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("community"), pk=pk
    )
    outcome = _outcome(outcome_id)
    community = evaluation.community
    if outcome.plan.community_id != community.pk:
        raise PermissionDenied
    _writer(request, community)
    stories = (
        Story.objects.consented().filter(community=community).order_by("-date")
        if can_read_stories(request.user)
        else Story.objects.none()
    )
    form = forms.EvidenceForm(request.POST or None, stories=stories)
    if request.method == "POST" and form.is_valid():
        story_id = form.cleaned_data.get("story")
        try:
            services.add_evidence(
                outcome,
                kind=form.cleaned_data["kind"],
                summary=form.cleaned_data["summary"],
                source=form.cleaned_data["source"],
                indicator=form.cleaned_data["indicator"],
                story=stories.filter(pk=story_id).first() if story_id else None,
                by=request.user,
            )
        except services.EvaluationError as error:
            field = "story" if "story" in str(error) else None
            form.add_error(field, str(error))
        else:
            messages.success(request, "Added the evidence.")
            return redirect(f"{evaluation_url(evaluation)}#outcome-{outcome.pk}")
    return render(
        request,
        "evaluation/evidence_form.html",
        {
            "evaluation": evaluation,
            "community": community,
            "outcome": outcome,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def evaluation_url(evaluation: Evaluation) -> str:
    from django.urls import reverse

    return reverse("evaluation:detail", args=[evaluation.pk])


@signed_in
@require_POST
def remove_evidence(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("community"), pk=pk
    )
    evidence = get_object_or_404(
        OutcomeEvidence.objects.select_related("outcome__plan"), pk=evidence_id
    )
    if evidence.outcome.plan.community_id != evaluation.community_id:
        raise PermissionDenied
    _writer(request, evaluation.community)
    services.remove_evidence(evidence, by=request.user)
    messages.success(request, "Removed the evidence.")
    return redirect(f"{evaluation_url(evaluation)}#outcome-{evidence.outcome_id}")


# --- SROI ------------------------------------------------------------------------


def _read_upload(form: Any, upload: Any, use: Any) -> Any:
    """Run ``use(content)`` on an uploaded impact map; problems go on the form."""
    if upload.size > MAX_UPLOAD:
        form.add_error("file", "The file must be smaller than 5 MB")
        return None, []
    try:
        return use(upload.read()), []
    except services.EvaluationError as error:
        form.add_error("file", "The impact map was not saved; nothing changed")
        return None, str(error).splitlines()


@signed_in
def new_sroi(request: HttpRequest, community_id: int) -> HttpResponse:
    community = get_object_or_404(Community, pk=community_id)
    _writer(request, community)
    projects = Project.objects.filter(community=community).order_by("title")
    form = forms.SroiForm(
        request.POST or None, request.FILES or None, projects=projects
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        project_id = form.cleaned_data.get("project")
        analysis, problems = _read_upload(
            form,
            upload,
            lambda content: services.create_sroi(
                community,
                name=form.cleaned_data["name"],
                content=content,
                source_name=upload.name,
                discount_rate=form.cleaned_data["discount_rate"],
                plan=Plan.objects.filter(community=community).first(),
                project=projects.filter(pk=project_id).first() if project_id else None,
                by=request.user,
            ),
        )
        if analysis is not None:
            messages.success(request, f"Added {analysis.name}.")
            return redirect("evaluation:sroi", analysis.pk)
    return render(
        request,
        "evaluation/sroi_form.html",
        {
            "community": community,
            "form": form,
            "problems": problems,
            "columns": sroi_core.COLUMNS,
        },
        status=400 if form.errors else 200,
    )


@signed_in
def sroi(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    analysis = get_object_or_404(
        SroiAnalysis.objects.select_related("community"), pk=pk
    )
    writer = can_write(request.user, analysis.community)
    form = forms.SroiSettingsForm(
        request.POST
        if request.method == "POST" and "settings" in request.POST
        else None,
        initial={
            "discount_rate": analysis.discount_rate,
            "wellby_people": analysis.wellby_people,
            "wellby_change": analysis.wellby_change,
            "wellby_uprating": analysis.wellby_uprating,
            "wellby_source": analysis.wellby_source,
        },
    )
    upload_form = forms.ImpactMapForm(
        request.POST if "replace" in request.POST else None, request.FILES or None
    )
    problems: list[str] = []
    if request.method == "POST":
        if not writer:
            raise PermissionDenied
        if "settings" in request.POST and form.is_valid():
            try:
                services.update_sroi(
                    analysis,
                    discount_rate=form.cleaned_data["discount_rate"],
                    wellby_people=form.cleaned_data.get("wellby_people"),
                    wellby_change=form.cleaned_data.get("wellby_change"),
                    wellby_uprating=form.cleaned_data["wellby_uprating"],
                    wellby_source=form.cleaned_data.get("wellby_source") or "",
                    by=request.user,
                )
            except services.EvaluationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Saved the settings.")
                return redirect("evaluation:sroi", analysis.pk)
        elif "replace" in request.POST and upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            done, problems = _read_upload(
                upload_form,
                upload,
                lambda content: services.replace_impact_map(
                    analysis, content=content, source_name=upload.name, by=request.user
                ),
            )
            if done is not None:
                messages.success(
                    request, f"Replaced the impact map with {upload.name}."
                )
                return redirect("evaluation:sroi", analysis.pk)
    failed = bool(form.errors or upload_form.errors)
    return render(
        request,
        "evaluation/sroi.html",
        {
            "analysis": analysis,
            "community": analysis.community,
            "view": queries.sroi_view(analysis),
            "form": form,
            "upload_form": upload_form,
            "problems": problems,
            "can_write": writer,
            "wellby_value": sroi_core.WELLBY_VALUE_2019,
            "columns": sroi_core.COLUMNS,
            "assumptions": queries.ASSUMPTION_LABELS,
        },
        status=400 if failed else 200,
    )


@signed_in
@require_GET
def sroi_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored impact map as the spreadsheet it came from."""
    _reader(request)
    analysis = get_object_or_404(SroiAnalysis, pk=pk)
    header = list(sroi_core.COLUMNS)
    rows = [[row.get(c) for c in header] for row in analysis.impact_map]
    return exports.csv_response(f"hearth-impact-map-{analysis.pk}.csv", header, rows)


@require_GET
def sroi_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        sroi_core.template_csv(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        'attachment; filename="hearth-impact-map-template.csv"'
    )
    return response
