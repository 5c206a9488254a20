"""Sign-in protection: django-axes lockout, and a password change ends other sessions.

AXES_ENABLED is False in test settings so that other tests can log in freely; the
lockout tests switch it on for themselves only.
"""

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.utils import timezone

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password
LOGIN_URL = "/admin/login/"

axes_on = override_settings(AXES_ENABLED=True)


def _sign_in(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"})


def _fail_five_times(client, username):
    """Four failures get the form's usual error; the fifth locks the account."""
    for _ in range(4):
        response = _sign_in(client, username, "not-the-password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    fifth = _sign_in(client, username, "not-the-password")
    assert fifth.status_code == 429
    return fifth


def _is_signed_in(client):
    return client.get("/admin/").status_code == 200


@axes_on
def test_it_locks_an_account_after_five_failed_admin_logins(reporter):
    client = Client(REMOTE_ADDR="203.0.113.10")
    _fail_five_times(client, reporter.username)

    response = _sign_in(client, reporter.username, PASSWORD)

    assert response.status_code == 429
    assert "Signing in is blocked for 15 minutes" in response.text
    assert not _is_signed_in(client)


@axes_on
def test_it_does_not_let_a_stranger_lock_the_editor_out_from_their_own_address(editor):
    stranger = Client(REMOTE_ADDR="203.0.113.11")
    _fail_five_times(stranger, editor.username)
    assert _sign_in(stranger, editor.username, PASSWORD).status_code == 429

    response = _sign_in(Client(REMOTE_ADDR="198.51.100.7"), editor.username, PASSWORD)

    assert response.status_code == 302


@axes_on
def test_it_locks_an_address_that_tries_many_usernames(reporter, settings):
    shared_office = Client(REMOTE_ADDR="203.0.113.30")
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT, "the per-address limit is the slower one"
    for attempt in range(limit - 1):
        response = _sign_in(shared_office, f"guess-{attempt // 4}", "not-the-password")
        assert response.status_code == 200, attempt  # under the per-username limit
    assert _sign_in(shared_office, "guess-last", "not-the-password").status_code == 429

    # Locked for every name from there, the right password included ...
    assert _sign_in(shared_office, reporter.username, PASSWORD).status_code == 429
    # ... but not for anyone elsewhere.
    elsewhere = Client(REMOTE_ADDR="198.51.100.8")
    assert _sign_in(elsewhere, reporter.username, PASSWORD).status_code == 302


@axes_on
def test_it_unlocks_the_address_after_the_cool_off(reporter, settings):
    client = Client(REMOTE_ADDR="203.0.113.31")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for attempt in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
            _sign_in(client, f"guess-{attempt}", "not-the-password")
        assert _sign_in(client, reporter.username, PASSWORD).status_code == 429
        clock.shift(datetime.timedelta(minutes=16))
        assert _sign_in(client, reporter.username, PASSWORD).status_code == 302


def _reset_link(message):
    (link,) = [word for word in message.body.split() if "/admin/reset/" in word]
    return link


@axes_on
def test_it_lets_a_locked_out_user_back_in_by_an_emailed_link(editor, mailoutbox, settings):
    client = Client(REMOTE_ADDR="203.0.113.32")
    locked = _fail_five_times(client, editor.username)
    reset_page = locked.content.decode()
    assert 'href="/admin/password_reset/"' in reset_page

    form = client.get("/admin/password_reset/")
    assert form.status_code == 200
    sent = client.post("/admin/password_reset/", {"email": editor.email})
    assert sent.status_code == 302
    (message,) = mailoutbox
    assert message.to == [editor.email]
    link = _reset_link(message)
    assert link.startswith(f"{settings.SITE_URL}/admin/reset/"), "built from SITE_URL"

    set_password = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert set_password.status_code == 200
    done = client.post(
        set_password.redirect_chain[-1][0],
        {
            "new_password1": "a brand new passphrase 42",
            "new_password2": "a brand new passphrase 42",
        },
    )

    assert done.status_code == 302
    assert _is_signed_in(client), "the link signs the user in, lockout or not"
    client.logout()
    assert _sign_in(client, editor.username, "a brand new passphrase 42").status_code == 302


@axes_on
def test_it_unlocks_every_address_of_a_user_who_reset_their_password(editor, mailoutbox):
    office = Client(REMOTE_ADDR="203.0.113.33")
    _fail_five_times(office, editor.username)

    phone = Client(REMOTE_ADDR="198.51.100.9")
    phone.post("/admin/password_reset/", {"email": editor.email})
    set_password = phone.get(urlsplit(_reset_link(mailoutbox[0])).path, follow=True)
    new_password = {
        "new_password1": "a brand new passphrase 42",
        "new_password2": "a brand new passphrase 42",
    }
    assert phone.post(set_password.redirect_chain[-1][0], new_password).status_code == 302

    assert _sign_in(office, editor.username, "a brand new passphrase 42").status_code == 302


def test_it_sends_no_reset_link_for_an_unknown_address_and_says_the_same(db, mailoutbox):
    response = Client().post("/admin/password_reset/", {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/password_reset/done/"
    assert mailoutbox == []


def test_it_builds_the_reset_link_from_site_url_not_the_host_header(editor, mailoutbox):
    Client(HTTP_HOST="evil.example").post("/admin/password_reset/", {"email": editor.email})

    (message,) = mailoutbox
    assert "evil.example" not in message.body


@axes_on
def test_it_shows_an_unknown_username_exactly_the_same_lockout(reporter):
    known = Client(REMOTE_ADDR="203.0.113.12")
    unknown = Client(REMOTE_ADDR="203.0.113.13")
    _fail_five_times(known, reporter.username)
    _fail_five_times(unknown, "nobody-by-this-name")

    locked_known = _sign_in(known, reporter.username, PASSWORD)
    locked_unknown = _sign_in(unknown, "nobody-by-this-name", PASSWORD)

    assert locked_known.status_code == locked_unknown.status_code == 429
    assert locked_known.content == locked_unknown.content
    assert reporter.username not in locked_known.text


@axes_on
def test_it_still_refuses_the_right_password_fourteen_minutes_later(reporter):
    client = Client(REMOTE_ADDR="203.0.113.14")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _fail_five_times(client, reporter.username)
        clock.shift(datetime.timedelta(minutes=14))
        assert _sign_in(client, reporter.username, PASSWORD).status_code == 429
    assert not _is_signed_in(client)


@axes_on
def test_it_lets_the_right_password_in_after_fifteen_minutes(reporter):
    client = Client(REMOTE_ADDR="203.0.113.15")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _fail_five_times(client, reporter.username)
        clock.shift(datetime.timedelta(minutes=16))
        response = _sign_in(client, reporter.username, PASSWORD)
        assert response.status_code == 302
        assert _is_signed_in(client)


@axes_on
@pytest.mark.parametrize("password", [PASSWORD, "not-the-password"])
def test_it_ends_the_lock_fifteen_minutes_after_the_fifth_failure_however_often_they_try(
    reporter, password
):
    # Trying again during the lock (right password or wrong) must not restart it.
    client = Client(REMOTE_ADDR="203.0.113.17")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _fail_five_times(client, reporter.username)
        for minutes_left in (13, 11, 9, 7, 5, 3, 1):
            clock.shift(datetime.timedelta(minutes=2))
            response = _sign_in(client, reporter.username, password)
            assert response.status_code == 429
            # The page counts down to the real end, it does not promise 15 more minutes.
            assert f"blocked for {minutes_left} minute" in response.text
        clock.shift(datetime.timedelta(minutes=1, seconds=1))  # 15 minutes and a second
        assert _sign_in(client, reporter.username, PASSWORD).status_code == 302
        assert _is_signed_in(client)


@axes_on
def test_it_ends_an_address_lock_on_time_however_often_that_address_tries(reporter, settings):
    client = Client(REMOTE_ADDR="203.0.113.32")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for attempt in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
            _sign_in(client, f"guess-{attempt // 4}", "not-the-password")
        for attempt in range(7):
            clock.shift(datetime.timedelta(minutes=2))
            assert _sign_in(client, f"guess-{attempt}", "not-the-password").status_code == 429
        clock.shift(datetime.timedelta(minutes=1, seconds=1))
        assert _sign_in(client, reporter.username, PASSWORD).status_code == 302


@axes_on
def test_it_forgets_failures_after_a_successful_sign_in(reporter):
    client = Client(REMOTE_ADDR="203.0.113.16")
    for _ in range(4):
        _sign_in(client, reporter.username, "not-the-password")
    assert _sign_in(client, reporter.username, PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        _sign_in(client, reporter.username, "not-the-password")
    assert _sign_in(client, reporter.username, PASSWORD).status_code == 302


def test_it_does_not_count_failures_when_axes_is_off_in_tests(reporter):
    client = Client()
    for _ in range(6):
        _sign_in(client, reporter.username, "not-the-password")
    assert AccessAttempt.objects.count() == 0
    assert _sign_in(client, reporter.username, PASSWORD).status_code == 302


def _signed_in_client(user):
    client = Client()
    assert _sign_in(client, user.username, PASSWORD).status_code == 302
    return client


@pytest.mark.parametrize("axes_enabled", [False, True])
def test_it_ends_the_users_other_sessions_when_they_change_their_password(reporter, axes_enabled):
    with override_settings(AXES_ENABLED=axes_enabled):
        laptop = _signed_in_client(reporter)
        phone = _signed_in_client(reporter)

        response = laptop.post(
            "/admin/password_change/",
            {
                "old_password": PASSWORD,
                "new_password1": "a brand new passphrase 42",
                "new_password2": "a brand new passphrase 42",
            },
        )

        assert response.status_code == 302, response.context["form"].errors
        assert response["Location"] == "/admin/password_change/done/"
        assert _is_signed_in(laptop), "the session that changed the password stays signed in"
        assert not _is_signed_in(phone), "every other session is signed out"


def test_it_ends_a_users_sessions_when_an_admin_sets_their_password(reporter, admin_user):
    reporters_browser = _signed_in_client(reporter)
    admin = Client()
    admin.force_login(admin_user)

    response = admin.post(
        f"/admin/accounts/user/{reporter.pk}/password/",
        {
            "password1": "a brand new passphrase 42",
            "password2": "a brand new passphrase 42",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    assert not _is_signed_in(reporters_browser)
    assert _is_signed_in(admin)


def test_it_keeps_other_sessions_when_a_password_change_is_refused(reporter):
    laptop = _signed_in_client(reporter)
    phone = _signed_in_client(reporter)

    response = laptop.post(
        "/admin/password_change/",
        {
            "old_password": "wrong",
            "new_password1": "a brand new passphrase 42",
            "new_password2": "a brand new passphrase 42",
        },
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.text
    assert _is_signed_in(phone)


LOAD_BALANCER = "10.0.0.1"


def _behind_proxy(client_address, spoofed=""):
    chain = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(REMOTE_ADDR=LOAD_BALANCER, HTTP_X_FORWARDED_FOR=chain)


# The three tests below try several usernames from one address: the per-address limit,
# lowered to 5 so each attempt is one guess.
by_address = override_settings(AXES_ADDRESS_FAILURE_LIMIT=5)


@axes_on
@by_address
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_it_locks_the_attackers_address_not_the_load_balancers(reporter):
    attacker = _behind_proxy("198.51.100.66")
    for attempt in range(5):
        _sign_in(attacker, f"guess-{attempt}", "not-the-password")
    assert _sign_in(attacker, "guess-99", "not-the-password").status_code == 429

    colleague = _behind_proxy("203.0.113.20")
    assert _sign_in(colleague, reporter.username, PASSWORD).status_code == 302


@axes_on
@by_address
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_it_ignores_addresses_the_client_put_in_x_forwarded_for(reporter):
    for attempt in range(5):
        forged = _behind_proxy("198.51.100.66", spoofed=f"192.0.2.{attempt}")
        _sign_in(forged, f"guess-{attempt}", "not-the-password")

    still_locked = _behind_proxy("198.51.100.66", spoofed="192.0.2.200")
    assert _sign_in(still_locked, "guess-99", "not-the-password").status_code == 429


@axes_on
@by_address
def test_it_trusts_no_forwarded_header_when_no_proxy_is_configured(reporter):
    for attempt in range(5):
        forged = Client(REMOTE_ADDR="198.51.100.67", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
        _sign_in(forged, f"guess-{attempt}", "not-the-password")

    fresh_header = Client(REMOTE_ADDR="198.51.100.67", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert _sign_in(fresh_header, "guess-99", "not-the-password").status_code == 429
