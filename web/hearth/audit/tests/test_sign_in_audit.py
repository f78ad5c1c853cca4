"""Signing in and out is audited; a failed attempt never stores the username."""

from __future__ import annotations

from django.urls import reverse

from hearth.accounts.tests.factories import PASSWORD
from hearth.audit.models import AuditEvent


def test_a_sign_in_is_audited_with_its_user(personas, client):
    client.post(reverse("accounts:sign-in"), {"username": "anna", "password": PASSWORD})
    assert AuditEvent.objects.filter(action="sign_in", actor=personas.anna).exists()


def test_a_failed_sign_in_is_audited_without_the_username(personas, client):
    client.post(
        reverse("accounts:sign-in"),
        {"username": "anna@example.org", "password": "wrong"},
    )
    event = AuditEvent.objects.get(action="sign_in_failed")
    assert "anna" not in f"{event.actor_label} {event.object_label} {event.changes}"
