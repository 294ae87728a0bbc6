"""Settings come from the environment; the defaults are the embedded demo's."""

import json
import os
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
    "url",
    ["/static/bootstrap/css/bootstrap.min.css", "/static/bootstrap/js/bootstrap.bundle.min.js"],
)
def test_bootstrap_is_served_from_the_package(client, url):
    response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """A page's short queries must not pay for compiling (71 ms for an 8 ms search)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's; CI runs the suite on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
