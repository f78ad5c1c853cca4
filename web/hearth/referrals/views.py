"""Referral pages. Every page showing a person's details writes an audit VIEW."""

from __future__ import annotations

import datetime
import json
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.models import Organisation, User
from hearth.accounts.permissions import Capability, requires, signed_in, user_has
from hearth.audit.models import AuditEvent
from hearth.audit.services import record, record_view
from hearth.core.exports import csv_response
from hearth.directory import queries as directory
from hearth.directory.forms import DAY_CHOICES
from hearth.directory.models import Service
from hearth.directory.permissions import provider_accounts
from hearthcore.outcomes import ONS4_QUESTIONS, SWEMWBS_NOTICE, ons4_band

from . import reports, services
from .forms import (
    AssignForm,
    CloseForm,
    ContactForm,
    ConversationForm,
    FollowUpForm,
    MeasuresForm,
    NoteForm,
    ReferOnForm,
    ReferralForm,
    ReplyForm,
    ReportForm,
    StartedForm,
    SubjectForm,
)
from .models import OnwardReferral, Referral, WellbeingMeasure
from .permissions import (
    can_answer_data_protection,
    can_see_reports,
    caseload_organisations,
    provider_onward,
    receiving_organisations,
    referral_for,
    roles_with,
    sees_every_organisations_reports,
    visible_referrals,
)


def _viewed(user: Any, objects: list[Any]) -> None:
    """Audit that this user saw these personal records (one event each)."""
    if not objects:
        return
    from hearth.audit.services import _actor_fields, object_label

    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action=AuditEvent.Action.VIEW,
                object_type=o._meta.label_lower,
                object_id=str(o.pk),
                object_label=object_label(o),
                personal=True,
                **_actor_fields(user),
            )
            for o in objects
        ]
    )


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


# --- caseload -------------------------------------------------------------------


@require_GET
@requires(Capability.MANAGE_REFERRALS)
def caseload(request: HttpRequest) -> HttpResponse:
    """The link worker's caseload: their organisation's open referrals."""
    rows = visible_referrals(request.user).select_related("link_worker", "organisation")
    show = request.GET.get("show", "mine")
    if show == "mine":
        rows = rows.filter(link_worker_id=request.user.pk)
    elif show == "unassigned":
        rows = rows.filter(link_worker__isnull=True)
    status = request.GET.get("status", "open")
    if status == "open":
        rows = rows.open()
    elif status in Referral.Status.values:
        rows = rows.filter(status=status)
    q = request.GET.get("q", "").strip()
    if q:
        words = q.split()[:4]
        for word in words:
            rows = rows.filter(
                Q(given_name__icontains=word) | Q(family_name__icontains=word)
            )
    page = Paginator(rows.order_by("received_on", "pk"), 50).get_page(
        request.GET.get("page")
    )
    shown = list(page.object_list)
    _viewed(request.user, shown)
    flag_before = timezone.now() - datetime.timedelta(
        days=settings.HEARTH_REFERRAL_REPLY_DAYS
    )
    overdue_ids = set(
        OnwardReferral.objects.unanswered_since(flag_before)
        .filter(referral__in=shown)
        .values_list("referral_id", flat=True)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return _private(
        render(
            request,
            "referrals/caseload.html",
            {
                "page": page,
                "shown": shown,
                "overdue": overdue_ids,
                "show": show,
                "status": status,
                "q": q,
                "statuses": Referral.Status.choices,
                "reply_days": settings.HEARTH_REFERRAL_REPLY_DAYS,
                "query": query.urlencode(),
                "flagged": OnwardReferral.objects.unanswered_since(flag_before)
                .filter(referral__in=visible_referrals(request.user).open())
                .count(),
            },
        )
    )


@signed_in
def new_referral(request: HttpRequest) -> HttpResponse:
    """Refer someone for social prescribing (partners), or take one in (link workers)."""
    if not user_has(request.user, Capability.MAKE_REFERRALS):
        raise PermissionDenied
    mine = caseload_organisations(request.user)
    link_worker = bool(mine)
    organisations = (
        Organisation.objects.filter(pk__in=mine)
        if link_worker
        else receiving_organisations()
    )
    if not organisations.exists():
        return render(request, "referrals/no_teams.html", status=409)
    form = ReferralForm(
        request.POST or None, organisations=organisations, link_worker=link_worker
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.receive(
                form.details(),
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                received_on=form.cleaned_data.get("received_on"),
                link_worker=cast("User", request.user) if link_worker else None,
            )
        except services.ReferralError as error:
            form.add_error(None, str(error))
        else:
            if link_worker:
                messages.success(
                    request, f"Referral {referral.reference} is in your caseload."
                )
                return redirect("referrals:detail", referral.pk)
            return redirect(
                f"{reverse('referrals:sent')}?reference={referral.reference}&to={referral.organisation.pk}"
            )
    return _private(
        render(
            request,
            "referrals/new.html",
            {"form": form, "link_worker": link_worker},
            status=400 if form.errors else 200,
        )
    )


@require_GET
@signed_in
def sent(request: HttpRequest) -> HttpResponse:
    """The referrer's confirmation: only the reference (they no longer see the details)."""
    reference = request.GET.get("reference", "")
    if not (reference.startswith("SP-") and reference[3:].isdigit()):
        raise Http404
    organisation = Organisation.objects.filter(
        pk=request.GET.get("to", "0") if str(request.GET.get("to", "")).isdigit() else 0
    ).first()
    return render(
        request,
        "referrals/sent.html",
        {"reference": reference, "organisation": organisation},
    )


# --- one referral -------------------------------------------------------------------


def _referral(request: HttpRequest, pk: int) -> Referral:
    """The referral, if the user's organisation holds it (404 otherwise).

    The views using it are wrapped in ``requires(MANAGE_REFERRALS)``, so a
    visitor is sent to sign in and anyone else without the capability gets
    403 before any referral is looked up.
    """
    return referral_for(request.user, pk)


def _measure_rows(referral: Referral) -> list[dict[str, Any]]:
    rows = []
    for m in referral.measures.all():
        bands = {
            name: ons4_band(name, getattr(m, name))
            for name in ONS4_QUESTIONS
            if getattr(m, name) is not None
        }
        rows.append({"measure": m, "bands": bands})
    return rows


@require_GET
@requires(Capability.MANAGE_REFERRALS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    record_view(request.user, referral)
    baseline = referral.measures.filter(stage=WellbeingMeasure.Stage.BASELINE).first()
    latest = referral.measures.filter(stage=WellbeingMeasure.Stage.FOLLOW_UP).last()
    change = None
    if (
        baseline
        and latest
        and baseline.swemwbs_metric is not None
        and latest.swemwbs_metric is not None
    ):
        change = latest.swemwbs_metric - baseline.swemwbs_metric
    return _private(
        render(
            request,
            "referrals/detail.html",
            {
                "referral": referral,
                "events": referral.events.select_related("by"),
                "onward": referral.onward.select_related("service__organization"),
                "measures": _measure_rows(referral),
                "swemwbs_change": change,
                "notice": SWEMWBS_NOTICE,
                "reply_days": settings.HEARTH_REFERRAL_REPLY_DAYS,
                "assign_form": AssignForm(
                    initial={"link_worker": referral.link_worker_id},
                    link_workers=_link_workers(referral),
                ),
            },
        )
    )


def _link_workers(referral: Referral) -> Any:
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=referral.organisation,
            memberships__role__in=roles_with(Capability.MANAGE_REFERRALS),
        )
        .distinct()
        .order_by("username")
    )


@requires(Capability.MANAGE_REFERRALS)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    initial = {name: getattr(referral, name) for name in services.DETAIL_FIELDS}
    form = ReferralForm(request.POST or None, initial=initial, intake=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_details(referral, form.details(), by=request.user)
        except services.ReferralError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The details have been saved.")
            return redirect("referrals:detail", referral.pk)
    record_view(request.user, referral)
    return _private(
        render(
            request,
            "referrals/edit.html",
            {"form": form, "referral": referral},
            status=400 if form.errors else 200,
        )
    )


@require_POST
@requires(Capability.MANAGE_REFERRALS)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    form = AssignForm(request.POST, link_workers=_link_workers(referral))
    if form.is_valid():
        try:
            services.assign(
                referral, link_worker=form.cleaned_data["link_worker"], by=request.user
            )
            messages.success(request, "The referral has been assigned.")
        except services.ReferralError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Choose a link worker of this organisation")
    return redirect("referrals:detail", referral.pk)


STEPS: dict[str, tuple[type, str]] = {
    "contact": (ContactForm, "Record contact"),
    "conversation": (ConversationForm, "Record the first conversation"),
    "follow-up": (FollowUpForm, "Record a follow-up"),
    "note": (NoteForm, "Add a note"),
    "close": (CloseForm, "Close the referral"),
}


@requires(Capability.MANAGE_REFERRALS)
def step(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """One step of the timeline: contact, first conversation, follow-up, note, close."""
    referral = _referral(request, pk)
    if kind not in STEPS:
        raise Http404
    form_class, title = STEPS[kind]
    form = form_class(
        request.POST or None, initial={"on": timezone.localdate(), "reached": "yes"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "contact":
                services.record_contact(
                    referral, on=data["on"], reached=data["reached"] == "yes",
                    way=dict(form.fields["way"].choices)[data["way"]].lower(), note=data["note"], by=request.user,
                )  # fmt: skip
            elif kind == "conversation":
                services.record_conversation(
                    referral, on=data["on"], note=data["note"], by=request.user
                )
            elif kind == "follow-up":
                services.record_follow_up(
                    referral, on=data["on"], note=data["note"], by=request.user
                )
            elif kind == "note":
                services.add_note(referral, note=data["note"], by=request.user)
            else:
                services.close(
                    referral,
                    on=data["on"],
                    reason=data["reason"],
                    note=data["note"],
                    by=request.user,
                )
        except services.ReferralError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{title}: saved.")
            return redirect("referrals:detail", referral.pk)
    record_view(request.user, referral)
    return _private(
        render(
            request,
            "referrals/step.html",
            {"form": form, "referral": referral, "title": title, "kind": kind},
            status=400 if form.errors else 200,
        )
    )


@require_POST
@requires(Capability.MANAGE_REFERRALS)
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    try:
        services.reopen(referral, by=request.user, note=request.POST.get("note", ""))
        messages.success(request, "The referral is open again.")
    except services.ReferralError as error:
        messages.error(request, str(error))
    return redirect("referrals:detail", referral.pk)


@requires(Capability.MANAGE_REFERRALS)
def measures(request: HttpRequest, pk: int) -> HttpResponse:
    """Wellbeing at first contact or follow-up: SWEMWBS, ONS4, loneliness."""
    referral = _referral(request, pk)
    stage = (
        WellbeingMeasure.Stage.FOLLOW_UP
        if referral.measures.filter(stage=WellbeingMeasure.Stage.BASELINE).exists()
        else WellbeingMeasure.Stage.BASELINE
    )
    form = MeasuresForm(
        request.POST or None, initial={"stage": stage, "on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measure = services.record_measures(
                referral,
                stage=data["stage"],
                on=data["on"],
                swemwbs_items=data["swemwbs_items"],
                ons4=data["ons4"],
                loneliness=data.get("loneliness") or "",
                by=request.user,
            )
        except services.ReferralError as error:
            form.add_error(None, str(error))
        else:
            text = "Wellbeing recorded."
            if measure.swemwbs_metric is not None:
                text += f" SWEMWBS {measure.swemwbs_raw} (metric score {measure.swemwbs_metric:.2f})."
            messages.success(request, text)
            return redirect("referrals:detail", referral.pk)
    record_view(request.user, referral)
    return _private(
        render(
            request,
            "referrals/measures.html",
            {
                "form": form,
                "referral": referral,
                "notice": SWEMWBS_NOTICE,
                "items": [form[name] for name in form.item_names],
                "ons4": [form[name] for name in form.ons4_names],
            },
            status=400 if form.errors else 200,
        )
    )


@requires(Capability.MANAGE_REFERRALS)
def refer_on(request: HttpRequest, pk: int) -> HttpResponse:
    """Find a service in the directory (with its places and waiting list) and refer on."""
    referral = _referral(request, pk)
    form = ReferOnForm(request.POST or None)
    chosen = None
    if request.method == "POST" and form.is_valid():
        chosen = (
            Service.objects.filter(uuid=form.cleaned_data["service"])
            .select_related("organization")
            .first()
        )
        if chosen is None:
            form.add_error(None, "Choose a service from the list")
        else:
            try:
                services.refer_on(
                    referral,
                    service=chosen,
                    message=form.cleaned_data["message"],
                    by=request.user,
                )
            except services.ReferralError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Referred to {chosen.name}.")
                return redirect("referrals:detail", referral.pk)
    params: dict[str, str] = {
        k: str(request.GET.get(k, "")) for k in directory.FILTERS if k in request.GET
    }
    if "postcode" not in request.GET and referral.postcode:
        params["postcode"] = referral.postcode
    search_error = ""
    # Services by phone, online or at home are offered too: with a postcode,
    # those with a place come nearest first, and the others after them.
    wanted = {k: v for k, v in params.items() if k not in ("postcode", "proximity")}
    try:
        query = directory.parse_query(wanted)
        place = directory.parse_query(
            {k: params[k] for k in ("postcode", "proximity") if params.get(k)}
        )
    except directory.QueryError as problem:
        search_error = problem.message
        query = directory.parse_query(
            {k: v for k, v in wanted.items() if k != problem.param}
        )
        place = directory.ServiceQuery()
    found: list[tuple[float | None, Any]] = directory.find_services(query)
    if place.point is not None:
        from hearthcore.directory import service_distance_m

        measured = [(service_distance_m(s, *place.point), s) for _d, s in found]
        near = sorted(
            (
                (distance, service)
                for distance, service in measured
                if distance is not None
                and (place.proximity is None or distance <= place.proximity)
            ),
            key=lambda pair: pair[0],
        )
        found = [*near, *((None, s) for d, s in measured if d is None)]
    found = found[:200]
    rows = {
        s.uuid: s for s in Service.objects.filter(uuid__in=[s.id for _d, s in found])
    }
    waiting = services.waiting_for(rows.values())
    results = [
        {
            "service": s,
            "row": rows[s.id],
            "miles": None if d is None else d / 1609.344,
            "waiting": waiting.get(rows[s.id].pk, 0),
        }
        for d, s in found
        if s.id in rows and rows[s.id].accepts_referrals and s.status == "active"
    ]
    record_view(request.user, referral)
    return _private(
        render(
            request,
            "referrals/refer_on.html",
            {
                "referral": referral,
                "form": form,
                "results": results[:20],
                "more": max(0, len(results) - 20),
                "needs": directory.needs(),
                "params": params,
                "error": search_error,
                "chosen": chosen,
                "days": DAY_CHOICES,
            },
            status=400 if form.errors else 200,
        )
    )


@requires(Capability.MANAGE_REFERRALS)
def onward(request: HttpRequest, pk: int, onward_pk: int) -> HttpResponse:
    """The link worker records the service's answer (by phone), a start, or withdraws."""
    referral = _referral(request, pk)
    item = get_object_or_404(referral.onward.select_related("service"), pk=onward_pk)
    reply_form = ReplyForm(
        request.POST if request.POST.get("action") == "reply" else None
    )
    started_form = StartedForm(
        request.POST if request.POST.get("action") == "started" else None
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "reply" and reply_form.is_valid():
                services.reply(
                    item,
                    accepted=reply_form.cleaned_data["decision"] == "accept",
                    message=reply_form.cleaned_data["message"],
                    by=request.user,
                    on_behalf=True,
                )
                messages.success(request, "The service's answer is recorded.")
                return redirect("referrals:detail", referral.pk)
            if action == "started" and started_form.is_valid():
                services.mark_started(
                    item, on=started_form.cleaned_data["on"], by=request.user
                )
                messages.success(request, "Recorded.")
                return redirect("referrals:detail", referral.pk)
            if action == "withdraw":
                services.withdraw(
                    item, by=request.user, note=request.POST.get("note", "")
                )
                messages.success(request, "The referral to the service is withdrawn.")
                return redirect("referrals:detail", referral.pk)
        except services.ReferralError as error:
            (reply_form if action == "reply" else started_form).add_error(
                None, str(error)
            )
    record_view(request.user, referral)
    return _private(
        render(
            request,
            "referrals/onward.html",
            {
                "referral": referral,
                "item": item,
                "reply_form": reply_form,
                "started_form": started_form,
            },
            status=400 if (reply_form.errors or started_form.errors) else 200,
        )
    )


# --- services: the provider's side -------------------------------------------------


@require_GET
@requires(Capability.PROVIDE_SERVICES)
def inbox(request: HttpRequest) -> HttpResponse:
    """Referrals to the user's organisation's services, with places and waiting lists."""
    rows = list(
        provider_onward(request.user)
        .select_related("referral", "service", "referral__organisation")
        .order_by("status", "-sent_at")[:300]
    )
    _viewed(request.user, rows)
    own = list(
        Service.objects.provided_by(provider_accounts(request.user))
        .filter(state=Service.State.PUBLISHED)
        .order_by("name")
    )
    waiting = services.waiting_for(own)
    return _private(
        render(
            request,
            "referrals/inbox.html",
            {
                "rows": rows,
                "services": [
                    {"service": s, "waiting": waiting.get(s.pk, 0)} for s in own
                ],
                "reply_days": settings.HEARTH_REFERRAL_REPLY_DAYS,
            },
        )
    )


@requires(Capability.PROVIDE_SERVICES)
def inbox_item(request: HttpRequest, onward_pk: int) -> HttpResponse:
    """The service sees who was referred (with their consent) and accepts or declines."""
    item = get_object_or_404(
        provider_onward(request.user).select_related(
            "referral__organisation", "service"
        ),
        pk=onward_pk,
    )
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply(
                item,
                accepted=form.cleaned_data["decision"] == "accept",
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except services.ReferralError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your answer has been sent to the link worker.")
            return redirect("referrals:inbox")
    record_view(request.user, item)
    return _private(
        render(
            request,
            "referrals/inbox_item.html",
            {"item": item, "referral": item.referral, "form": form},
            status=400 if form.errors else 200,
        )
    )


# --- reports --------------------------------------------------------------------


def _report(request: HttpRequest) -> tuple[ReportForm, reports.Report | None]:
    everyone = sees_every_organisations_reports(request.user)
    organisations = (
        Organisation.objects.filter(referrals__isnull=False).distinct().order_by("name")
        if everyone
        else Organisation.objects.filter(pk__in=caseload_organisations(request.user))
    )
    form = ReportForm(request.GET or None, organisations=organisations)
    if form.is_bound and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    chosen = data.get("organisation")
    if chosen is not None:
        ids, label = {chosen.pk}, chosen.name
    elif everyone:
        ids, label = None, "All organisations"
    else:
        ids = caseload_organisations(request.user)
        label = ", ".join(organisations.values_list("name", flat=True))
    return form, reports.build(
        organisations=ids, start=data.get("start"), end=data.get("end"), label=label
    )


@require_GET
@signed_in
def report(request: HttpRequest) -> HttpResponse:
    if not can_see_reports(request.user):
        raise PermissionDenied
    form, result = _report(request)
    tables = {}
    if result is not None:
        tables = {
            name: getattr(result, name).to_dict("records")
            for name in ("by_source", "by_reason", "by_community", "by_outcome")
        }
    return render(
        request,
        "referrals/report.html",
        {
            "form": form,
            "report": result,
            "tables": tables,
            "waits": [
                ("First contact", result.first_contact),
                ("First conversation", result.first_conversation),
            ]
            if result
            else [],
            "query": request.GET.urlencode(),
            "notice": SWEMWBS_NOTICE,
        },
        status=400 if result is None else 200,
    )


@require_GET
def report_csv(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated or not can_see_reports(request.user):
        raise PermissionDenied
    form, result = _report(request)
    if result is None:
        return HttpResponse(
            "; ".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    header, rows = reports.csv_rows(result)
    record(
        "export",
        object_type="referrals.report",
        label="Social prescribing report (suppressed counts)",
        actor=request.user,
    )
    return csv_response("social-prescribing-report.csv", header, rows)


# --- data protection: subject access and erasure --------------------------------------


@signed_in
def data_protection(request: HttpRequest) -> HttpResponse:
    """Find a person's referrals in every organisation, to export or erase them."""
    if not can_answer_data_protection(request.user):
        raise PermissionDenied
    form = SubjectForm(request.GET or None)
    found: list[Referral] = []
    if form.is_bound and form.is_valid():
        found = list(
            services.find_subject(
                family_name=form.cleaned_data.get("family_name") or "",
                date_of_birth=form.cleaned_data.get("date_of_birth"),
                nhs_number=form.cleaned_data["nhs_number"],
            )
        )
        _viewed(request.user, found)
    return _private(
        render(
            request,
            "referrals/data_protection.html",
            {
                "form": form,
                "found": found,
                "searched": form.is_bound and form.is_valid(),
            },
            status=400 if form.errors else 200,
        )
    )


def _chosen(request: HttpRequest) -> list[Referral]:
    ids = [int(v) for v in request.POST.getlist("referral") if v.isdigit()]
    return list(
        Referral.objects.filter(pk__in=ids, anonymised_at__isnull=True).select_related(
            "organisation", "link_worker"
        )
    )


@require_POST
def subject_access(request: HttpRequest) -> HttpResponse:
    if not can_answer_data_protection(request.user):
        raise PermissionDenied
    chosen = _chosen(request)
    if not chosen:
        messages.error(request, "Choose the referrals that are the person's")
        return redirect("referrals:data-protection")
    body = json.dumps(
        services.subject_access(chosen, by=request.user), indent=2, ensure_ascii=False
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="subject-access.json"'
    return _private(response)


@require_POST
def erase(request: HttpRequest) -> HttpResponse:
    if not can_answer_data_protection(request.user):
        raise PermissionDenied
    chosen = _chosen(request)
    if not chosen:
        messages.error(request, "Choose the referrals that are the person's")
        return redirect("referrals:data-protection")
    if request.POST.get("confirm") != "erase":
        messages.error(request, "Tick the box to confirm the erasure")
        return redirect("referrals:data-protection")
    done = services.erase(chosen, by=request.user)
    messages.success(
        request,
        f"The personal data in {len(done)} referral{'s' if len(done) != 1 else ''} "
        f"({', '.join(r.reference for r in done)}) has been erased. Anonymous counts remain.",
    )
    return redirect("referrals:data-protection")
