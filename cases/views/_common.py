"""What the case pages share."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import rules

PAGE_SIZE = 25


def render_case_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, may_open_case: bool = True
) -> HttpResponse:
    """Render a case or person page, naming people through the one masking rule.
    Every page here is shown only to someone who may open the case or person
    in view, except "Who has looked", which says so."""
    return render(
        request, template, {**context, "masking": rules.masking_for(may_open_case=may_open_case)}
    )
