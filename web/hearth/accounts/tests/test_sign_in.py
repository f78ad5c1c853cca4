from __future__ import annotations

from django.urls import reverse

from hearth.accounts.tests.factories import PASSWORD


def test_it_signs_in_with_a_correct_password(personas, client):
    response = client.post(
        reverse("accounts:sign-in"), {"username": "anna", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    assert client.session["_auth_user_id"] == str(personas.anna.pk)


def test_a_wrong_password_shows_a_govuk_error_summary(personas, client):
    response = client.post(
        reverse("accounts:sign-in"), {"username": "anna", "password": "wrong"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter a correct username and password" in body
    assert body.count("<title>Error:") == 1


def test_it_locks_sign_in_after_repeated_failures(personas, client, settings):
    settings.HEARTH_LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(
            reverse("accounts:sign-in"), {"username": "anna", "password": "wrong"}
        )
    response = client.post(
        reverse("accounts:sign-in"), {"username": "anna", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_users_can_still_sign_in_during_a_lockout(personas, client, settings):
    settings.HEARTH_LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(
            reverse("accounts:sign-in"), {"username": "anna", "password": "wrong"}
        )
    response = client.post(
        reverse("accounts:sign-in"), {"username": "olivia", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_sign_out_needs_a_post(personas, client):
    client.force_login(personas.anna)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    assert client.post(reverse("accounts:sign-out")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(db, settings):
    # The suite hashes fixtures' passwords fast; the service uses Argon2.
    from django.contrib.auth.hashers import make_password

    from config import settings as configured

    assert configured.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS
    assert make_password("a long enough password").startswith("argon2$")


def test_change_password_shows_errors_and_then_succeeds(personas, client):
    client.force_login(personas.anna)
    url = reverse("accounts:change-password")
    response = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert "govuk-error-summary" in response.content.decode()
    assert 'href="#id_new_password2"' in response.content.decode()
    new = "a much longer passphrase 2026"
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    personas.anna.refresh_from_db()
    assert personas.anna.check_password(new)
