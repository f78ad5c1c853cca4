"""Drop-ins (Let's Talk) for residents: where and when, the coming sessions."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hearthcore import hours

from . import queries


@require_GET
def site_list(request: HttpRequest) -> HttpResponse:
    sites = [
        (site, queries.next_sessions(site, 14)[:3]) for site in queries.public_sites()
    ]
    return render(request, "engagement/public_list.html", {"sites": sites})


@require_GET
def site_page(request: HttpRequest, site_id: int) -> HttpResponse:
    site = queries.public_sites().filter(pk=site_id).first()
    if site is None:
        raise Http404("No such drop-in")
    try:
        times = hours.describe(site.opening_hours)
    except hours.HoursError:
        times = []
    return render(
        request,
        "engagement/public_site.html",
        {"site": site, "upcoming": queries.next_sessions(site, 28), "times": times},
    )
