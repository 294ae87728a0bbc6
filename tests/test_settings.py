"""Settings come from the environment; the defaults are the embedded demo's."""

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.formats import date_format

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, "
    "'email': s.EMAIL_BACKEND, 'debug': s.DEBUG}))"
)


def _settings_with(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "EMAIL_"))
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_embedded_default_is_sqlite_in_process_tasks_and_console_email():
    result = _settings_with("config.settings.local")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["eager"] is True
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"


def test_environment_switches_to_postgresql_and_redis():
    result = _settings_with(
        "config.settings.local",
        DATABASE_URL="postgres://register@db.internal:5432/register",
        CELERY_BROKER_URL="redis://redis.internal:6379/0",
    )
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["eager"] is False
    assert values["broker"] == "redis://redis.internal:6379/0"


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_with(
        "config.settings.production",
        DATABASE_URL="postgres://register@db.internal:5432/register",
        DJANGO_ALLOWED_HOSTS="register.example.org",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_sqlite():
    result = _settings_with(
        "config.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="register.example.org",
    )
    assert result.returncode != 0
    assert "Production needs PostgreSQL" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k3y" * 20,
        DJANGO_ALLOWED_HOSTS="register.example.org",
        DATABASE_URL="postgres://register@db.internal:5432/register",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_register_speaks_british_english_in_london_time():
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.LANGUAGE_CODE == "en-gb"
    assert date_format(date(2026, 3, 1), "SHORT_DATE_FORMAT") == "01/03/2026"


def test_the_user_model_is_the_registers_own():
    assert settings.AUTH_USER_MODEL == "sharing.User"


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/static/register/register.css", "text/css"),
        ("/static/register/govuk-frontend.min.js", "text/javascript"),
        ("/static/register/moj-frontend.min.js", "text/javascript"),
        ("/static/register/init.mjs", "text/javascript"),
        ("/static/register/body-class.js", "text/javascript"),
    ],
)
def test_govuk_frontend_is_served_from_the_built_static_files(client, url, content_type):
    """Built by `make install` from npm (package-lock.json), served by whitenoise;
    the scripts are ES modules, which browsers run only with a JavaScript type."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)


def test_the_stylesheet_uses_the_system_font_and_no_gds_transport():
    """The register is not on GOV.UK: GDS Transport is GOV.UK's alone."""
    css = (ROOT / "build" / "static" / "register" / "register.css").read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "system-ui" in css


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """A page's short queries must not pay for compiling (71 ms for an 8 ms search)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's; CI runs the suite on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
def test_postgresql_connections_hash_a_teams_grants_in_memory():
    """A team's grants must fit a hash: past work_mem PostgreSQL tests each
    row against an unhashed list (a home page at a million cases took minutes)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("work_mem is PostgreSQL's; CI runs the suite on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "32MB"


# --- Browser policy headers (issue 12) ----------------------------------------

HEADER_PROBE = (
    "import json, django; django.setup(); from django.test import Client; "
    "r = Client().get('/', secure=True, HTTP_HOST='register.example.org'); "
    "print(json.dumps({'status': r.status_code, "
    "'csp': r.headers.get('Content-Security-Policy', ''), "
    "'pp': r.headers.get('Permissions-Policy', '')}))"
)


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_production_responses_carry_a_strict_csp_and_a_permissions_policy():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "EMAIL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k3y" * 20,
        DJANGO_ALLOWED_HOSTS="register.example.org",
        DATABASE_URL="postgres://register@db.internal:5432/register",
    )
    # An anonymous visit to the home page: sent to sign in, touching no database.
    result = subprocess.run(
        [sys.executable, "-c", HEADER_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["status"] == 302
    csp = _directives(values["csp"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in values["csp"] and "'unsafe-eval'" not in values["csp"]
    policy = values["pp"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


@pytest.mark.django_db
def test_pages_and_the_admin_carry_both_headers(client):
    for url in ("/accounts/login/", "/admin/login/"):
        response = client.get(url)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"], url
        assert "camera=()" in response.headers["Permissions-Policy"], url


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>"  # a script element with no src: inline code
    r"|<style\b"  # a style element
    r"|\sstyle\s*="  # a style attribute
    r"|\son[a-z]+\s*=",  # an event handler attribute (onclick=, onload=, ...)
    re.IGNORECASE,
)


def test_no_template_has_inline_script_or_style():
    """The policy allows no inline script or style, so none may be written."""
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for match in INLINE.finditer(path.read_text())
    ]
    assert found == []
