"""``manage.py loadtest`` (``make loadtest``): the benchmark database served as
in production (gunicorn, production settings, collected static files) and
driven over real HTTP by locust at several numbers of concurrent signed-in
users, one page at a time, so each page's throughput is read beside the
signed-in page that reads nothing in the same run (issue 19).

locust runs from its own virtualenv and from loadtest/, never the project's
folder: it needs the HTTP library named ``requests``, which the project's app
package of that name shadows."""

import csv
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import CommandError, OutputWrapper
from django.db import connection
from django.test.utils import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from cases.models import Case
from sharing.models import Decision, User

from .bench import STATISTICS_YEAR
from .bench_report import EMPTY_PAGE

ROOT = Path(settings.BASE_DIR)
LOCUSTFILE = ROOT / "loadtest" / "locustfile.py"
# Issue 19: each page serves at least this share of the empty page's
# requests a second at the same number of users.
MIN_SHARE_OF_EMPTY = 0.35


def _sessions(user: User, how_many: int, secret: str) -> list[str]:
    """Signed-in sessions for ``user``, second factor passed, as the server
    signed with ``secret`` will read them (the session's auth hash is keyed
    on the secret)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    keys = []
    with override_settings(SECRET_KEY=secret):
        for _ in range(how_many):
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "sharing.backends.RegisterModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
            keys.append(str(session.session_key))
    return keys


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(secret: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secret,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": os.environ["DATABASE_URL"],
    }


@contextmanager
def _serving(secret: str, workers: int) -> Iterator[str]:
    """gunicorn with production settings on a free port, until the block ends."""
    env = _server_env(secret)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    host = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(host)
        yield host
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_up(host: str) -> None:
    request = urllib.request.Request(  # noqa: S310 - our own server on loopback
        f"{host}/healthz", headers={"X-Forwarded-Proto": "https"}
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=10):  # noqa: S310
                return
        except (urllib.error.URLError, OSError):  # not listening yet, or still starting
            time.sleep(0.5)
    raise CommandError("gunicorn did not start: see its output above.")


def _drive(
    locust: str, host: str, name: str, url: str, sessions: list[str], users: int, seconds: int
) -> dict[str, Any]:
    """One page at ``users`` concurrent users for ``seconds``: locust's own
    figures for it."""
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.json"
        plan.write_text(json.dumps({"name": name, "url": url, "sessions": sessions[:users]}))
        prefix = Path(folder) / "stats"
        done = subprocess.run(  # noqa: S603 - the locust of our own virtualenv
            [
                locust,
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--host",
                host,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            # Its own folder: nothing of the project's on its import path.
            cwd=LOCUSTFILE.parent,
            env={**os.environ, "LOADTEST_PLAN": str(plan)},
            check=False,
            capture_output=True,
            text=True,
        )
        try:
            with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
                row = next(r for r in csv.DictReader(handle) if r["Name"] == name)
        except (OSError, StopIteration):
            raise CommandError(
                f"locust gave no figures for {name}:\n{done.stderr[-2000:]}"
            ) from None
    return {
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "per_second": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
    }


def pages() -> list[tuple[str, str, str]]:
    """The main pages of each role: (name, bench user, address)."""
    worker = User.objects.get(username="bench.worker.0.0")
    case_id = Case.objects.filter(team__group__user=worker).values_list("pk", flat=True).first()
    if case_id is None:
        raise CommandError("The benchmark worker has no case: run seed_bench again.")
    decision_id = Decision.objects.filter(case_id=case_id).values_list("pk", flat=True).first()
    return [
        (EMPTY_PAGE, "bench.worker.0.0", "/accessibility/"),
        ("Home page (worker)", "bench.worker.0.0", "/"),
        ("Case list (worker)", "bench.worker.0.0", "/cases/"),
        ("Case detail", "bench.worker.0.0", f"/cases/{case_id}/"),
        ("Request dashboard (unit)", "bench.worker.0.0", "/requests/"),
        ("Decision record", "bench.worker.0.0", f"/decisions/{decision_id}/"),
        ("Decisions page (worker)", "bench.worker.0.0", "/decisions/"),
        ("Home page (manager)", "bench.manager", "/"),
        ("SCPO inbox", "bench.scpo.00", "/requests/inbox/"),
        ("DPO retention dashboard", "bench.dpo", "/retention/"),
        ("Partnership statistics, one year", "bench.dpo", STATISTICS_YEAR),
    ]


def measure(options: dict[str, Any], stdout: OutputWrapper) -> None:
    if connection.vendor != "postgresql":
        raise CommandError(
            "make loadtest needs PostgreSQL: set DATABASE_URL=postgres://... and run "
            "seed_bench first."
        )
    if not User.objects.filter(username="bench.worker.0.0").exists():
        raise CommandError("No benchmark data: run `python manage.py seed_bench` first.")
    if not Path(options["locust"]).is_file():
        raise CommandError(
            f"No locust at {options['locust']}: `make loadtest` installs it in .venv-load."
        )
    locust = str(Path(options["locust"]).resolve())
    levels = options["users"]
    seconds = options["seconds"]
    secret = secrets.token_urlsafe(48)
    plan = pages()
    most = max(levels)
    sessions = {
        username: _sessions(User.objects.get(username=username), most, secret)
        for username in {user for _, user, _ in plan}
    }
    cases = Case.objects.count()
    results: dict[str, Any] = {"cases": cases, "seconds": seconds, "levels": {}}
    with _serving(secret, options["workers"]) as host:
        for users in levels:
            rows = {}
            for name, username, url in plan:
                rows[name] = _drive(
                    locust, host, name, url, sessions[username], users, seconds
                )
            results["levels"][str(users)] = rows
    for line in table(results):
        stdout.write(line)
    with open(options["json"], "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)
    stdout.write(f"\nJSON written to {options['json']}")


def table(results: dict[str, Any]) -> list[str]:
    """Per number of users: each page's requests a second, its share of the
    empty page's, errors and p50/p95/p99; ! where a target is missed."""
    lines = [
        "",
        f"Load at {results['cases']} cases, {results['seconds']} s a page "
        "(gunicorn, production settings, real HTTP):",
    ]
    for users, rows in results["levels"].items():
        empty = rows.get(EMPTY_PAGE, {}).get("per_second") or 0
        lines.append(f"\n{users} users")
        lines.append(
            f"{'page':44} {'req/s':>7} {'of empty':>9} {'errors':>7} "
            f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
        )
        for name, r in rows.items():
            share = r["per_second"] / empty if empty else 0
            low = "" if name == EMPTY_PAGE or share >= MIN_SHARE_OF_EMPTY else "!"
            bad = "" if r["errors"] == 0 else "!"
            lines.append(
                f"{name[:44]:44} {r['per_second']:>7} {share:>8.0%}{low:1} {r['errors']:>6}{bad:1} "
                f"{r['p50_ms']:>7.0f} {r['p95_ms']:>7.0f} {r['p99_ms']:>7.0f}"
            )
    lines.append(
        f"\n! marks a target missed: no errors; each page at least "
        f"{MIN_SHARE_OF_EMPTY:.0%} of the empty page's requests a second."
    )
    return lines
