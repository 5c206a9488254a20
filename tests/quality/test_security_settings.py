"""Production settings pass Django's deployment checks, and every page carries the CSP."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def _production_env(**overrides):
    """The environment a production app server runs with: no NEWSROOM_ENV, a real key."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"NEWSROOM_ENV", "DEBUG", "HTTPS", "SECURE_HSTS_SECONDS"}
        and not key.startswith("DJANGO_")
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="news.example.com",
        SITE_URL="https://news.example.com",
        DJANGO_SETTINGS_MODULE="newsroom.settings.base",
    )
    env.update(overrides)
    return env


def _check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deployment_checks_with_production_settings():
    result = _check_deploy(_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_fails_the_deployment_checks_when_https_is_switched_off():
    # Proves the check above can fail: without HTTPS the secure-cookie, HSTS and
    # SSL-redirect warnings must surface.
    result = _check_deploy(_production_env(HTTPS="false"))
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr, result.stderr


def test_it_refuses_to_start_in_production_without_a_secret_key():
    env = _production_env()
    del env["SECRET_KEY"]
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("site_url", [None, "", "  "])
def test_it_refuses_to_start_in_production_without_a_site_url(site_url):
    env = _production_env()
    if site_url is None:
        del env["SITE_URL"]
    else:
        env["SITE_URL"] = site_url
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_it_sends_the_security_headers_on_a_public_page(db):
    response = Client().get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def _directives(header):
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_it_sends_a_content_security_policy_that_allows_no_inline_script(db):
    policy = _directives(Client().get("/")["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["/", "/no-such-page/", "/admin/login/", "/healthz"])
def test_it_sends_the_content_security_policy_on_every_kind_of_response(db, path):
    response = Client().get(path)
    assert "Content-Security-Policy" in response, (path, response.status_code)


def test_it_gives_the_editors_import_map_a_nonce_named_in_the_header(admin_client):
    response = admin_client.get("/admin/articles/article/add/")

    policy = _directives(response["Content-Security-Policy"])
    nonces = [value for value in policy["script-src"] if value.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    assert f'<script type="importmap" nonce="{nonce}">' in response.text
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_it_keeps_nonces_and_the_editors_style_hash_off_public_pages(db):
    header = Client().get("/")["Content-Security-Policy"]
    assert "nonce-" not in header
    assert "sha256-" not in header
