"""The address gazetteer for officers and analysts: import it, see homes
per LSOA beside the lifestyle mix. Never public."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from hearth.accounts.permissions import signed_in
from hearth.communities.models import Community
from hearthcore import delivery as core

from .. import addresses, forms
from ..permissions import can_import_addresses, can_view_addresses


@require_GET
@signed_in
def home(request: HttpRequest) -> HttpResponse:
    if not can_view_addresses(request.user):
        raise PermissionDenied
    communities = list(Community.objects.active().order_by("name"))
    rows = []
    for community in communities:
        counts = addresses.properties_by_lsoa(community.area_codes())
        rows.append(
            {
                "community": community,
                "lsoas": len(counts),
                "addresses": int(counts["addresses"].sum()) if len(counts) else 0,
                "homes": int(counts["homes"].sum()) if len(counts) else 0,
            }
        )
    return render(
        request,
        "delivery/addresses.html",
        {
            "summary": addresses.summary(),
            "rows": rows,
            "can_import": can_import_addresses(request.user),
            "describe": addresses.describe,
        },
    )


@require_GET
@signed_in
def community(request: HttpRequest, community_id: int) -> HttpResponse:
    """Homes per LSOA of a community beside its OAC 2011 lifestyle mix."""
    if not can_view_addresses(request.user):
        raise PermissionDenied
    found = get_object_or_404(Community, pk=community_id)
    codes = found.area_codes()
    rows = addresses.area_table(codes)
    totals = {
        key: sum(r[key] for r in rows)
        for key in ("addresses", "homes", "RD02", "RD03", "RD04", "RD06", "other_homes")
    }
    return render(
        request,
        "delivery/addresses_community.html",
        {
            "community": found,
            "rows": rows,
            "totals": totals,
            "has_mix": any("main" in r for r in rows),
            "groups": addresses.HOME_GROUPS,
            "supergroups": core.OAC_SUPERGROUPS,
        },
    )


@signed_in
def import_file(request: HttpRequest) -> HttpResponse:
    if not can_import_addresses(request.user):
        raise PermissionDenied
    form = forms.AddressImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            log = addresses.import_gazetteer(
                upload.read(),
                name=upload.name,
                by=request.user,
                replace=form.cleaned_data["replace"],
            )
        except core.DeliveryFileError as error:
            problems = [str(p) for p in error.problems[:30]]
            if len(error.problems) > 30:
                problems.append(f"… and {len(error.problems) - 30} more")
            form.add_error(
                "file", f"{upload.name} was not imported: nothing has changed"
            )
        except addresses.AddressImportError as error:
            form.add_error("replace", str(error))
        else:
            messages.success(request, addresses.describe(log))
            return redirect("delivery:addresses")
    return render(
        request,
        "delivery/addresses_import.html",
        {
            "form": form,
            "problems": problems,
            "limit": settings.HEARTH_MAX_REQUEST_BYTES,
        },
        status=400 if form.errors else 200,
    )
