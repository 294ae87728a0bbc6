"""GOV.UK Design System helpers for templates: the error summary and the
"Error: " page title prefix, found from the forms a page was given.

A page that fails validation shows, at the top, a summary of every error with a
link to its field, and its title starts with "Error: " (GOV.UK's error summary
and page title patterns). Views need do nothing: base.html asks these tags,
which look for bound forms and formsets with errors in the page's context.
"""

from collections.abc import Iterator

from django import template
from django.forms import BaseForm, BoundField, RadioSelect
from django.forms.formsets import BaseFormSet

register = template.Library()


def _failed_forms(context: template.Context) -> list[BaseForm]:
    """Bound forms (and the forms of bound formsets) in the context that have errors,
    each once, in the order the context names them."""
    found: list[BaseForm] = []
    seen: set[int] = set()
    for value in context.flatten().values():
        candidates: list[BaseForm] = []
        if isinstance(value, BaseForm):
            candidates = [value]
        elif isinstance(value, BaseFormSet) and value.is_bound:
            candidates = [*value.forms]
        for form in candidates:
            if id(form) not in seen and form.is_bound and form.errors:
                seen.add(id(form))
                found.append(form)
    return found


def _field_anchor(field: BoundField) -> str:
    """Where the summary's link for a field goes: the first thing to fill in."""
    widget = field.field.widget
    if isinstance(widget, RadioSelect):  # CheckboxSelectMultiple is one too
        # crispy-forms-gds numbers radios and checkboxes from 1.
        return f"id_{field.html_name}_1"
    if hasattr(widget, "widgets"):
        # A date (day, month, year) or other multi-part field: its first part.
        return f"{field.auto_id}_0"
    return field.auto_id or field.html_name


def _errors(forms: list[BaseForm]) -> Iterator[tuple[str, str]]:
    for form in forms:
        visible = form.visible_fields()
        first = _field_anchor(visible[0]) if visible else ""
        for message in form.non_field_errors():
            yield first, str(message)
        for field in form:
            for message in field.errors:
                yield ("" if field.is_hidden else _field_anchor(field)), str(message)


@register.simple_tag(takes_context=True)
def page_has_errors(context: template.Context) -> bool:
    """True when a form on the page failed validation (for the "Error: " title)."""
    return bool(_failed_forms(context))


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context: template.Context, *forms: BaseForm) -> dict[str, object]:
    """The error summary for the given forms, or for every failed form on the page."""
    chosen = [form for form in forms if form.is_bound and form.errors] or _failed_forms(context)
    return {"errors": list(_errors(chosen))}


@register.simple_tag
def page_href(query: str, number: int) -> str:
    """A page of a list, keeping the list's other parameters (``query``)."""
    return f"?{query}&page={number}" if query else f"?page={number}"
