"""Account use cases: creating the first administrator and members."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from .models import Membership, Organisation, Role, User


def host_council() -> Organisation:
    """Return the council running this instance, creating it on first use."""
    organisation = Organisation.objects.filter(is_host=True).first()
    if organisation is None:
        organisation, _ = Organisation.objects.get_or_create(
            slug=slugify(settings.HEARTH_COUNCIL_NAME),
            defaults={
                "name": settings.HEARTH_COUNCIL_NAME,
                "kind": Organisation.Kind.COUNCIL,
                "is_host": True,
            },
        )
    return organisation


@transaction.atomic
def ensure_administrator(
    *, username: str, password: str | None
) -> tuple[User, str | None]:
    """Create the first administrator unless the username already exists.

    Return the user and the generated password (None when one was given or
    when the user already existed, whose password is left alone).
    """
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing, None
    generated = None
    if not password:
        generated = secrets.token_urlsafe(18)
        password = generated
    user = User.objects.create_superuser(username=username, email="", password=password)
    Membership.objects.create(
        user=user, organisation=host_council(), role=Role.ADMINISTRATOR
    )
    return user, generated


@transaction.atomic
def add_member(*, user: User, organisation: Organisation, role: Role) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    return membership
