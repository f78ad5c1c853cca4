"""Error pages in the GOV.UK style."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"title": "Sorry, there is a problem with your request", "status": 400},
        status=400,
    )


def permission_denied(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": "You do not have permission to see this page",
            "status": 403,
            "detail": (
                "Your role does not give access to this page. "
                "Ask your Hearth administrator if you need it."
            ),
        },
        status=403,
    )


def page_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": "Page not found",
            "status": 404,
            "detail": "If you typed the web address, check it is correct.",
        },
        status=404,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": "Sorry, there is a problem with the service",
            "status": 500,
            "detail": "Try again later.",
        },
        status=500,
    )
