"""The DPO's reports: CSV (cells neutralised against spreadsheet formula
injection) and PDF. Retention metadata only: no names, no narrative."""

import csv
import io
from collections.abc import Iterable

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from .models import RetentionState
from .selectors import record_label

HEADER = [
    "Record type",
    "Reference",
    "Organisation",
    "Rule",
    "Due on",
    "Status",
    "Next review",
    "Flagged on",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A spreadsheet must not run a cell as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _rows(states: Iterable[RetentionState]) -> list[list[str]]:
    return [
        [
            neutralise(s.get_record_type_display()),
            neutralise(record_label(s)),
            neutralise(getattr(s, "organisation_name", "")),
            neutralise(s.rule.name),
            neutralise(s.due_on.isoformat() if s.due_on else ""),
            neutralise(s.get_status_display()),
            neutralise(s.next_review_on.isoformat() if s.next_review_on else ""),
            neutralise(s.flagged_on.isoformat() if s.flagged_on else ""),
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
