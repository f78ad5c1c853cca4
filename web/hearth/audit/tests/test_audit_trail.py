from __future__ import annotations

from django.urls import reverse

from hearth.accounts.models import Membership, Role
from hearth.accounts.tests.factories import PASSWORD, UserFactory
from hearth.audit.models import AuditEvent
from hearth.audit.registry import PERSONAL_MARKER
from hearth.audit.services import record_view


def test_it_records_who_created_a_membership(personas, client):
    client.force_login(personas.alice)
    client.post(
        reverse("admin:accounts_membership_add"),
        {
            "user": personas.charlie.pk,
            "organisation": personas.council.pk,
            "role": Role.ANALYST,
        },
    )
    membership = Membership.objects.get(user=personas.charlie)
    event = AuditEvent.objects.for_object(membership).get(action="create")
    assert event.actor == personas.alice
    assert event.changes["role"] == [None, "analyst"]


def test_it_records_changes_and_deletions(personas):
    membership = Membership.objects.get(user=personas.anna)
    membership.role = Role.COMMUNITY_OFFICER
    membership.save()
    change = AuditEvent.objects.for_object(membership).filter(action="update").first()
    assert change.changes == {"role": ["analyst", "community_officer"]}
    pk = membership.pk
    membership.delete()
    assert AuditEvent.objects.filter(
        action="delete", object_type="accounts.membership", object_id=str(pk)
    ).exists()


def test_personal_fields_are_logged_without_their_values(personas):
    personas.anna.email = "anna.new@example.org"
    personas.anna.save()
    event = AuditEvent.objects.for_object(personas.anna).filter(action="update").first()
    assert event.changes == {"email": [PERSONAL_MARKER, PERSONAL_MARKER]}
    assert "example.org" not in str(event.changes)


def test_a_password_change_is_logged_without_the_hash(personas):
    personas.anna.set_password("another long passphrase")
    personas.anna.save()
    event = AuditEvent.objects.for_object(personas.anna).filter(action="update").first()
    assert event.changes == {"password": [PERSONAL_MARKER, PERSONAL_MARKER]}


def test_it_records_views_of_personal_records(personas):
    record_view(personas.liam, personas.anna)
    event = AuditEvent.objects.get(action="view")
    assert event.personal and event.actor == personas.liam


def test_administrators_can_filter_the_audit_log(personas, client):
    client.force_login(personas.alice)
    UserFactory(username="newcomer")
    client.post(
        reverse("accounts:sign-in"), {"username": "olivia", "password": PASSWORD}
    )
    response = client.get(
        reverse("audit:list"), {"action": "create", "object_type": "accounts.user"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f"User {personas.alice.pk}" not in body or "Created" in body
    events = list(response.context["page"])
    assert events and all(
        e.action == "create" and e.object_type == "accounts.user" for e in events
    )


def test_the_audit_filter_rejects_a_backwards_date_range(personas, client):
    client.force_login(personas.alice)
    response = client.get(
        reverse("audit:list"), {"date_from": "2026-11-02", "date_to": "2026-11-01"}
    )
    assert "govuk-error-summary" in response.content.decode()
    assert (
        "The to date must be the same as or after the from date"
        in response.content.decode()
    )


def test_the_audit_log_cannot_be_edited_in_the_admin(personas, client):
    client.force_login(personas.alice)
    event = AuditEvent.objects.first()
    assert client.get(
        reverse("admin:audit_auditevent_change", args=[event.pk])
    ).status_code in (200, 403)
    response = client.post(
        reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
