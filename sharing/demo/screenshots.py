"""Screenshots of each role's main pages, for the README and docs
(``manage.py screenshots``; never part of ``make test``).

Run it on a throwaway database seeded by ``seed_demo``; it serves the register
itself (``runserver`` on a spare port, ended when done), signs each demo user
in through the real pages with the demo password and a code worked out from
their authenticator key, and saves full-page PNGs at desktop width (1280) and
phone width (390), squeezed to a 256-colour palette so the set stays small::

    export DATABASE_URL=sqlite:////tmp/demo.sqlite3
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py seed_demo
    .venv/bin/python manage.py screenshots        # writes docs/screenshots/*.png

Needs Debian's chromium at /usr/bin/chromium (as the browser tests do)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Case
from requests.models import InformationRequest
from requests.models import Status as RequestStatus
from sharing.models import Decision, DecisionDraft, SignOff, User

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"desktop": 1280, "mobile": 390}


@dataclass(frozen=True)
class Shot:
    """One page as one user sees it: ``path`` is worked out from the demo's data."""

    name: str
    username: str
    path: Callable[[], str]


def _case(first_name: str) -> str:
    case = Case.objects.get(participants__person__first_name=first_name, participants__role="child")
    return f"/cases/{case.pk}/"


def _request(**where: Any) -> InformationRequest:
    return InformationRequest.objects.filter(**where).order_by("pk").first()  # type: ignore[return-value]


def _draft() -> str:
    return f"/decisions/drafts/{DecisionDraft.objects.earliest('pk').pk}/"


def _pending_decision() -> int:
    return Decision.objects.get(sign_off=SignOff.PENDING).pk


SHOTS = [
    Shot("worker-home", "worker", lambda: "/"),
    Shot("worker-cases", "worker", lambda: "/cases/"),
    Shot("worker-case", "worker", lambda: _case("Jamie")),
    Shot(
        "worker-request",
        "worker",
        lambda: f"/requests/{_request(status=RequestStatus.CLARIFICATION).pk}/",
    ),
    Shot("manager-home", "manager", lambda: "/"),
    # The sign-off form is on the decision's page.
    Shot("manager-sign-off", "manager", lambda: f"/decisions/{_pending_decision()}/"),
    Shot("scpo-inbox", "scpo.riverside", lambda: "/requests/inbox/"),
    Shot(
        "scpo-answer",
        "scpo.riverside",
        lambda: (
            "/requests/"
            f"{_request(recipient__username='scpo.riverside', status=RequestStatus.OPEN).pk}"
            "/answer/"
        ),
    ),
    Shot("dpo-retention", "dpo", lambda: "/retention/"),
    Shot("dpo-retention-rules", "dpo", lambda: "/retention/rules/"),
    Shot("dpo-subject-access", "dpo", lambda: "/subject-access/"),
    Shot("scpo-transfers", "scpo.riverside", lambda: "/transfers/"),
    Shot("business-manager-statistics", "business.manager", lambda: "/statistics/"),
    # The task list of a decision started from the guide (the demo's draft).
    Shot("worker-decision-task-list", "worker", _draft),
    Shot("dpo-decision", "dpo", lambda: f"/decisions/{_pending_decision()}/"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _server() -> Iterator[str]:
    """``runserver`` on a spare port with this process's settings and
    database; ended (by its own process id) when the block ends."""
    port = _free_port()
    manage = Path(settings.BASE_DIR) / "manage.py"
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, str(manage), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - local
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise CommandError("The register did not start.")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _code(user: User) -> str:
    """The authenticator's current code, as the demo user's phone would show
    it. Waits for the next 30-second step if this one has been used."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    device.refresh_from_db()
    while device.last_t is not None and totp.t() <= device.last_t:
        time.sleep(1)
        totp.time = time.time()
    return str(totp.token()).zfill(device.digits)


def _sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code").fill(_code(User.objects.get(username=username)))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def _squeeze(path: Path) -> None:
    """A 256-colour palette: GOV.UK pages are flat colour, so nothing shows,
    and the file is a third of the size."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def take(*, out: Path, password: str, write: Callable[[str], None]) -> list[Path]:
    """Every shot at every width; returns the files written."""
    if not settings.DEBUG:
        raise CommandError("screenshots signs in as the demo users: run it with DEBUG on.")
    if not User.objects.filter(username="worker").exists():
        raise CommandError("No demo here: run manage.py seed_demo on this database first.")
    if not CHROMIUM.exists():
        raise CommandError("Needs Debian's chromium at /usr/bin/chromium.")
    from playwright.sync_api import sync_playwright

    # Playwright keeps an event loop in this thread; the ORM reads here are
    # plain synchronous ones.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with _server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for username in dict.fromkeys(shot.username for shot in SHOTS):
            context = browser.new_context(
                locale="en-GB", timezone_id="Europe/London", viewport={"width": 1280, "height": 800}
            )
            page = context.new_page()
            page.set_default_timeout(20_000)
            _sign_in(page, base, username, password)
            for shot in (s for s in SHOTS if s.username == username):
                url = base + shot.path()
                for label, width in WIDTHS.items():
                    page.set_viewport_size({"width": width, "height": 800})
                    page.goto(url)
                    file = out / f"{shot.name}-{label}.png"
                    page.screenshot(path=str(file), full_page=True)
                    _squeeze(file)
                    written.append(file)
                    write(f"{file} ({file.stat().st_size // 1024} KB)")
            context.close()
        browser.close()
    return written
