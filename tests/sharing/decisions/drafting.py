"""Recording a sharing decision as a worker does, through the task list's
pages: start (``/decisions/start/``), each section's page, check your answers.

The answers are given as one flat post, the names the record's fields post
under (a date as ``<name>`` whole, or as ``<name>_0``, ``_1``, ``_2``); each
section's page is sent only its own questions, as a browser would.

    draft = start(client, f"request={request.pk}&{ANSWERS}")
    pages = save_sections(client, draft, post)
    response = record(client, draft)
"""

from typing import Any

from django.test import Client
from django.urls import reverse

from sharing.decisions.forms import ANSWER_TASK, TASK_SECTIONS
from sharing.models import DecisionDraft

# An answer's task list: the decision's sections and what the requester is sent.
ANSWER_SECTIONS = (TASK_SECTIONS[0], ANSWER_TASK, *TASK_SECTIONS[1:])

DATE_PARTS = ("_0", "_1", "_2")


def start(client: Client, query: str = "") -> DecisionDraft:
    """Press "Start" on the start page for what ``query`` names."""
    response: Any = client.post(reverse("decisions:draft_start") + "?" + query)
    draft = DecisionDraft.objects.latest("pk")
    assert response.status_code == 302, response.status_code
    assert response.url == reverse("decisions:draft_tasks", args=[draft.pk])
    return draft


def _belongs(key: str, names: tuple[str, ...]) -> bool:
    return any(key == name or key in {name + part for part in DATE_PARTS} for name in names)


def section_post(slug: str, post: dict[str, Any]) -> dict[str, Any]:
    """What a section's page would send of the flat post: its own questions."""
    names = next(names for s, _title, names in ANSWER_SECTIONS if s == slug)
    return {key: value for key, value in post.items() if _belongs(key, names)}


def save_sections(client: Client, draft: DecisionDraft, post: dict[str, Any]) -> dict[str, Any]:
    """Save every section this decision has (a section it does not have, such
    as identities to protect without a case or request, answers 404), each with
    its part of ``post``. Returns each section's response by its slug."""
    responses = {}
    for slug, _title, _names in ANSWER_SECTIONS if draft.answering else TASK_SECTIONS:
        url = reverse("decisions:draft_section", args=[draft.pk, slug])
        response: Any = client.post(url, section_post(slug, post))
        if response.status_code == 302 and response.url == url:
            # A new answer to the consent question: its own questions come next.
            response = client.post(url, section_post(slug, post))
        if response.status_code != 404:
            responses[slug] = response
    return responses


def record(client: Client, draft: DecisionDraft) -> Any:
    """Press "Record decision" on check your answers."""
    return client.post(reverse("decisions:draft_check", args=[draft.pk]))


def record_through_task_list(client: Client, query: str, post: dict[str, Any]) -> Any:
    """Start, save every section (each must be accepted), then record."""
    draft = start(client, query)
    for slug, response in save_sections(client, draft, post).items():
        assert response.status_code == 302, f"{slug}: {response.status_code}"
    return record(client, draft)
