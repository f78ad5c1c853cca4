from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.accounts.permissions import Capability, requires

from .forms import AuditFilterForm
from .models import AuditEvent


@requires(Capability.READ_AUDIT)
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            events = events.filter(actor_label__iexact=data["actor"].strip())
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["object_type"]:
            events = events.filter(object_type__iexact=data["object_type"].strip())
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
        if data["personal"]:
            events = events.filter(personal=True)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
