"""GOV.UK patterns every page relies on: the error summary after a failed
submit, keyboard-only signing in, and axe-core's WCAG 2.2 AA checks."""

import pytest

from sharing import services
from sharing.roles import Role
from tests.sharing.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_empty_sign_in_shows_an_error_summary_that_links_to_each_field(
    live_server, page, axe
):
    page.goto(live_server.url + "/accounts/login/")
    axe(page)
    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".govuk-error-summary")
    summary.get_by_role("heading", name="There is a problem").wait_for()
    assert page.title().startswith("Error: Sign in")
    # GOV.UK Frontend moves focus to the summary, so a screen reader reads it first.
    assert summary.evaluate("element => element === document.activeElement")
    link = summary.get_by_role("link").first
    assert link.get_attribute("href") == "#id_username"
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_username"
    # The field says what to do, too.
    assert page.locator(".govuk-form-group--error").count() >= 1
    axe(page)


def test_signing_in_with_the_keyboard_alone(live_server, page, axe):
    user = UserFactory(roles=[Role.SCPO], first_name="Kim")
    code = services.backup_codes_issue(user)[0]
    page.goto(live_server.url + "/accounts/login/")

    def tab_to(element_id: str) -> None:
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == element_id:
                return
        raise AssertionError(f"Tab never reached #{element_id}")

    tab_to("id_username")
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.get_by_role("heading", name="Enter your code").wait_for()
    axe(page)
    tab_to("id_token")
    page.keyboard.type(code)
    page.keyboard.press("Enter")

    page.get_by_role("heading", name="Welcome, Kim").wait_for()
    axe(page)


def test_the_accessibility_statement_is_open_to_everyone(live_server, page, axe):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Accessibility statement").click()
    page.get_by_role("heading", name="Accessibility statement", exact=False).wait_for()
    axe(page)
