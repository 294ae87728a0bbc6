"""A form sent empty is answered the GOV.UK way (the error summary and error
message patterns): at the top of the page, before its heading, a summary of
what is wrong with a link to each field in error, the same message beside the
field, and "Error: " at the start of the page's title (so a screen reader hears
it first). Walked over every form in the register, sent empty as a browser
sends it (every box blank, nothing ticked, hidden values as the page set them)
by someone allowed to use it; a new form is added to ENDPOINTS in
test_junk_input.py."""

import html
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from tests.guarantees.test_junk_input import ENDPOINTS

pytestmark = pytest.mark.django_db

# Searching with nothing typed lists everything: not an error. Adding a person
# to a case offers its form only once a search has found people (its refusal is
# tests/cases/test_views.py::test_adding_without_choosing_a_person_says_so).
NOT_WALKED = {"cases:case_list", "cases:person_search", "cases:participant_add"}

# Forms outside ENDPOINTS: (url name, who posts, the url's ids).
MORE: dict[str, tuple[str, Any]] = {"password_change": ("worker", lambda r: [])}

SUMMARY = re.compile(r'<div class="govuk-error-summary".*?</ul>', re.S)
LINK = re.compile(r'<a href="#([^"]+)">([^<]+)</a>')
FIELD_MESSAGE = re.compile(
    r'<p id="([^"]+)" class="govuk-error-message">\s*'
    r'<span class="govuk-visually-hidden">Error:</span>\s*([^<]+?)\s*</p>'
)


class _Forms(HTMLParser):
    """The page's POST forms, each as what a browser sends with nothing filled in."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.forms.append((a.get("action", ""), {}))
        elif not self.forms or "disabled" in a:
            return
        data = self.forms[-1][1] if self.forms else {}
        kind = a.get("type", "text")
        if tag == "input" and a.get("name") and kind not in ("radio", "checkbox", "submit"):
            data[a["name"]] = a.get("value", "") if kind == "hidden" else ""
        elif tag == "textarea" and a.get("name"):
            data[a["name"]] = ""
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
        elif tag == "option" and self.select:
            data.setdefault(self.select, a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None


def _empty_submit(client: Any, url: str, form: Any) -> dict[str, str]:
    if form is not None:  # posted from another page: its visible fields, blank
        return {name: "" for name, field in form.base_fields.items() if not field.widget.is_hidden}
    parser = _Forms()
    parser.feed(client.get(url).content.decode())
    path = url.split("?")[0]
    mine = [data for action, data in parser.forms if action in ("", url, path)]
    assert mine, f"{url}: no form posts to the page"
    return max(mine, key=len)


def _forms():
    named = dict(ENDPOINTS)
    named.update({name: (actor, ids, "", None) for name, (actor, ids) in MORE.items()})
    return sorted(set(named) - NOT_WALKED), named


NAMES, FORMS = _forms()


@pytest.mark.parametrize("name", NAMES)
def test_a_form_sent_empty_shows_the_error_summary_at_the_top(name, register):
    actor, ids, query, form = FORMS[name]
    url = reverse(name, args=ids(register))
    if query:
        url += "?" + query.format(
            case=register.case.pk, child=register.child.pk, incoming=register.incoming.pk
        )
    client = register.client_for(actor)
    response = client.post(url, _empty_submit(client, url, form), follow=True)
    # The request's page answers a refused form with 400 and the page itself.
    assert response.status_code in (200, 400), f"{name}: {response.status_code}"
    page = response.content.decode()

    title = html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1)).strip()
    assert title.startswith("Error: "), f"{name}: title {title!r}"
    summary = SUMMARY.search(page)
    assert summary, f"{name}: no error summary"
    assert summary.start() < page.index("<h1"), f"{name}: the summary is not at the top"
    links = LINK.findall(summary.group())
    assert links, f"{name}: the summary links to no field"
    for anchor, _ in links:
        assert f'id="{anchor}"' in page, f"{name}: the summary links to #{anchor}, not on the page"
    # Each message beside a field is in the summary, linked.
    linked = {html.unescape(message) for _, message in links}
    for _, message in FIELD_MESSAGE.findall(page):
        assert html.unescape(message) in linked, f"{name}: {message!r} is not in the summary"
