"""Naming people in templates through the one masking rule (cases/rules.py):
``{{ person|display_name:masking }}``, where the view puts a
``rules.ViewerContext`` in the context as ``masking``. A template rendered
without one fails (Django resolves a filter's argument strictly), and any
other value masks: a forgotten context never shows a protected name."""

from typing import Any

from django import template

from cases import rules

register = template.Library()


def _context(masking: Any) -> rules.ViewerContext:
    return masking if isinstance(masking, rules.ViewerContext) else rules.OUTSIDE


@register.filter
def display_name(person: Any, masking: Any = None) -> str:
    return rules.display_name(person, viewer_context=_context(masking))


@register.filter
def is_masked(person: Any, masking: Any = None) -> bool:
    """For what goes beside a name (a date of birth): shown only with the name."""
    return rules.is_masked(person, viewer_context=_context(masking))
