"""Sign-in events go into the audit log (without the username tried)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from .services import record


@receiver(user_logged_in, dispatch_uid="audit-sign-in")
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record("sign_in", obj=user, actor=user)


@receiver(user_logged_out, dispatch_uid="audit-sign-out")
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record("sign_out", obj=user, actor=user)


@receiver(user_login_failed, dispatch_uid="audit-sign-in-failed")
def _sign_in_failed(
    sender: Any, credentials: Any, request: Any = None, **kwargs: Any
) -> None:
    # The username tried may be a mistyped password or someone else's
    # address, so it is not stored.
    record("sign_in_failed", actor="anonymous", label="Failed sign-in")
