"""What waits in the decisions for a home page: counts only, no decision named.
Registered in TEMPLATES' libraries (sharing.decisions is a package of the
sharing app, not an app of its own), so the home page in the sharing core
shows them without importing anything above it."""

from typing import Any

from django import template

from ...models import User
from ...plumbing.counts import counts_together
from .. import selectors

register = template.Library()


@register.simple_tag
def decision_work(user: Any) -> dict[str, int]:
    """Emergency records still to complete (the worker's), shares in person or by
    telephone still to confirm in writing, recipients to tell that consent they
    relied on was withdrawn (the maker's), decisions waiting for this
    manager's sign-off, and the user's answers waiting for a manager's sign-off
    or returned by one (nothing sent)."""
    return counts_together(
        User.objects.filter(pk=user.pk),
        incomplete_emergency=selectors.incomplete_emergency_decisions(user),
        to_confirm_in_writing=selectors.decisions_to_confirm_in_writing(user),
        withdrawal_to_tell=selectors.withdrawal_tasks(user),
        sign_offs=selectors.sign_off_queue(user),
        answers_waiting=selectors.answers_waiting_for_sign_off(user),
        answers_returned=selectors.answers_returned(user),
    )
