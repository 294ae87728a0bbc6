"""The DPO's reports: CSV (cells neutralised against spreadsheet formula
injection) and PDF. Retention metadata only: no names, no narrative."""

import csv
import io
from collections.abc import Iterable

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from cases.models import CaseCategory, CaseCategoryKind
from requests.models import InformationRequest

from . import holds
from .models import RecordType, RetentionState, Trigger
from .selectors import record_label

HEADER = [
    "Record type",
    "Reference",
    "Organisation",
    "Categories",
    "Rule",
    "Rule source",
    "Counted from",
    "Last activity",
    "Due on",
    "Status",
    "Next review",
    "Flagged on",
    "Under legal hold",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A spreadsheet must not run a cell as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _counted_from(state: RetentionState) -> str:
    if state.by_fallback:
        return f"last activity (no {Trigger(state.rule.trigger).label.lower()} yet)"
    label = Trigger(state.rule.trigger).label if state.rule.trigger in Trigger.values else ""
    return f"{label}: {state.trigger_on.isoformat()}" if state.trigger_on else label


def _categories(states: list[RetentionState]) -> dict[tuple[str, int], str]:
    """Each case's and request's case categories, read in two queries."""
    case_ids = {s.object_id for s in states if s.record_type == RecordType.CASE}
    request_case = dict(
        InformationRequest.objects.filter(
            pk__in=[s.object_id for s in states if s.record_type == RecordType.REQUEST],
            case__isnull=False,
        ).values_list("pk", "case_id")
    )
    labels = dict(CaseCategoryKind.choices)
    by_case: dict[int, set[str]] = {}
    for case_id, category in CaseCategory.objects.filter(
        case_id__in=case_ids | set(request_case.values())
    ).values_list("case_id", "category"):
        by_case.setdefault(case_id, set()).add(labels.get(category, category))
    found = {(RecordType.CASE.value, pk): "; ".join(sorted(c)) for pk, c in by_case.items()}
    for request_id, case_id in request_case.items():
        found[(RecordType.REQUEST.value, request_id)] = "; ".join(sorted(by_case.get(case_id, ())))
    return found


def _held(states: list[RetentionState]) -> set[tuple[str, int]]:
    by_type: dict[str, list[int]] = {}
    for s in states:
        by_type.setdefault(s.record_type, []).append(s.object_id)
    standing = holds.Standing.now()
    return {
        (record_type, pk)
        for record_type, ids in by_type.items()
        for pk in holds.held_ids(record_type, ids, standing)
    }


def _rows(states: Iterable[RetentionState]) -> list[list[str]]:
    states = list(states)
    held = _held(states)
    categories = _categories(states)
    return [
        [
            neutralise(s.get_record_type_display()),
            neutralise(record_label(s)),
            neutralise(getattr(s, "organisation_name", "")),
            neutralise(categories.get((s.record_type, s.object_id), "")),
            neutralise(s.rule.name),
            neutralise(s.rule.source),
            neutralise(_counted_from(s)),
            neutralise(s.last_activity_on.isoformat() if s.last_activity_on else ""),
            neutralise(s.due_on.isoformat() if s.due_on else ""),
            neutralise(s.get_status_display()),
            neutralise(s.next_review_on.isoformat() if s.next_review_on else ""),
            neutralise(s.flagged_on.isoformat() if s.flagged_on else ""),
            "yes" if (s.record_type, s.object_id) in held else "no",
        ]
        for s in states
    ]


def retention_csv(states: Iterable[RetentionState]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(_rows(states))
    return buffer.getvalue()


def retention_pdf(states: Iterable[RetentionState], title: str) -> bytes:
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), title=title)
    table = Table([HEADER, *_rows(states)], repeatRows=1)
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.25, "#999999"), ("FONTSIZE", (0, 0), (-1, -1), 8)])
    )
    document.build([Paragraph(title, styles["Title"]), table])
    return buffer.getvalue()
