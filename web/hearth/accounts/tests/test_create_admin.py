from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from hearth.accounts.models import Membership, Organisation, Role, User


def test_it_creates_the_first_administrator_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("HEARTH_ADMIN_PASSWORD", "a long admin passphrase")
    out = StringIO()
    call_command("accounts_createadmin", stdout=out)
    user = User.objects.get(username="admin")
    assert user.is_superuser and user.check_password("a long admin passphrase")
    assert "a long admin passphrase" not in out.getvalue()
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.ADMINISTRATOR
    assert membership.organisation == Organisation.objects.get(is_host=True)


def test_it_generates_and_prints_a_password_once(db, monkeypatch):
    monkeypatch.delenv("HEARTH_ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("accounts_createadmin", stdout=out)
    password = out.getvalue().split("password: ")[1].split()[0]
    assert User.objects.get(username="admin").check_password(password)
    again = StringIO()
    call_command("accounts_createadmin", stdout=again)
    assert password not in again.getvalue()
    assert User.objects.filter(username="admin").count() == 1
