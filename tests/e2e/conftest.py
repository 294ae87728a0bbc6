"""Browser tests: the real pages in Debian's headless Chromium, driven by Playwright."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# axe-core, installed from npm by `make install` (package-lock.json), like the
# front end it checks.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The Public Sector Bodies Accessibility Regulations ask for WCAG 2.2 AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Playwright's sync API keeps an event loop in this thread; Django's ORM calls in
# the test body (creating users) are still synchronous, so tell Django so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# This machine has no network but the package registries: keep Chromium from
# calling home at start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)")
        pytest.skip("optional part missing: Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Run axe-core on the page as it stands; fail on any WCAG 2.2 A or AA violation.

    The script is evaluated through the browser's debugging protocol, which the
    page's Content-Security-Policy does not govern (a <script> tag with the
    source inline would be refused, as the policy intends)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make install` (npm ci installs it)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(node["html"][:200] for node in v["nodes"][:5])
        for v in results["violations"]
    ]
    assert not problems, f"{page.url} breaks WCAG 2.2 AA:\n" + "\n".join(problems)


def fill_date(page, question: str, iso: str) -> None:
    """Type a date (YYYY-MM-DD) into GOV.UK's day, month and year boxes, found
    as a person finds them: the group named by its question, then each box."""
    year, month, day = iso.split("-")
    group = page.get_by_role("group", name=question)
    group.get_by_label("Day").fill(str(int(day)))
    group.get_by_label("Month").fill(str(int(month)))
    group.get_by_label("Year").fill(year)


@pytest.fixture
def axe():
    """``axe(page)``: check the page with axe-core (WCAG 2.2 A and AA)."""
    return assert_accessible


@pytest.fixture
def sign_in(live_server, page):
    """Sign ``user`` in through the real pages, with a backup code."""
    from sharing import services
    from tests.sharing.factories import PASSWORD

    def go(user):
        code = services.backup_codes_issue(user)[0]
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="Welcome").wait_for()
        return page

    return go
