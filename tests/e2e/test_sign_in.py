"""A school safeguarding officer signs in with a password and a backup code and
sees their own home page."""

import pytest

from sharing import services
from sharing.roles import Role
from tests.sharing.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_second_factor_reaches_the_roles_home_page(live_server, page, axe):
    user = UserFactory(roles=[Role.SCPO], first_name="Dana")
    code = services.backup_codes_issue(user)[0]

    page.goto(live_server.url + "/")
    assert page.title().startswith("Sign in")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Enter your code").wait_for()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Welcome, Dana").wait_for()
    axe(page)
    assert page.get_by_role("heading", name="School safeguarding officer").is_visible()
    # The SCPO's navigation offers no administration.
    assert (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="Administration")
        .count()
        == 0
    )


def test_skip_link_moves_focus_to_the_main_content(live_server, page):
    page.goto(live_server.url + "/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    skip.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
