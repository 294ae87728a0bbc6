"""The figures as a CSV (every cell neutralised against spreadsheet formula
injection, with the DPO's reports' own helper) and as a PDF appendix for the
annual report, charts included. Both are made from the protected figures: a
hidden count reaches them as "fewer than 5", never as its value."""

import csv
import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from retention.reports import neutralise

from . import charts
from .figures import Section
from .rules import Period

HOW_TO_READ = (
    "No one can be identified from these figures. A count from 1 to 4 is shown as "
    "“fewer than 5”. Where a total would let someone work such a count out, the total "
    "is rounded to the nearest 10 (“about 130”) or not shown, or another figure beside "
    "the count is not shown either. Percentages and medians are shown only when they "
    "rest on at least 5 records, and a percentage is not shown where it would give a "
    "count from 1 to 4 away."
)
CSV_HEADER = ["Section", "Figure", "Category", "Value"]


def figures_csv(sections: Sequence[Section], period: Period) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(f"Partnership statistics, {period.label}")])
    writer.writerow([neutralise(HOW_TO_READ)])
    writer.writerow(CSV_HEADER)
    for section in sections:
        for measure in section.measures:
            writer.writerow(
                [
                    neutralise(section.title),
                    neutralise(measure.label),
                    "",
                    neutralise(measure.cell.text),
                ]
            )
        for table in section.tables:
            for label, cell in table.rows:
                writer.writerow(
                    [
                        neutralise(section.title),
                        neutralise(table.title),
                        neutralise(label),
                        neutralise(cell.text),
                    ]
                )
            writer.writerow(
                [
                    neutralise(section.title),
                    neutralise(table.title),
                    neutralise(table.total_label),
                    neutralise(table.total.text),
                ]
            )
    return buffer.getvalue()


def figures_pdf(sections: Sequence[Section], period: Period, partnership: str) -> bytes:
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    title = f"Partnership statistics, {period.label}"
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=partnership,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    story: list[Flowable] = [
        Paragraph(f"Appendix: {_text(title)}", styles["Title"]),
        Paragraph(_text(partnership), styles["Heading3"]),
        Paragraph(_text(HOW_TO_READ), styles["BodyText"]),
    ]
    for section in sections:
        story += [
            CondPageBreak(60 * mm),
            Paragraph(_text(section.title), styles["Heading1"]),
            Paragraph(_text(section.intro), styles["BodyText"]),
        ]
        if section.measures:
            rows = [
                [Paragraph(_text(m.label), styles["BodyText"]), m.cell.text]
                for m in section.measures
            ]
            story.append(_grid([["Figure", "Value"], *rows], [120 * mm, 50 * mm]))
        for table in section.tables:
            block: list[Flowable] = [Paragraph(_text(table.title), styles["Heading3"])]
            drawn = charts.drawing(table)
            if drawn is not None:
                scale = (A4[0] - 36 * mm) / drawn.width
                drawn.scale(scale, scale)
                drawn.width, drawn.height = drawn.width * scale, drawn.height * scale
                block.append(drawn)
            rows = [
                [Paragraph(_text(label), styles["BodyText"]), cell.text]
                for label, cell in table.rows
            ]
            rows.append(
                [
                    Paragraph(f"<b>{_text(table.total_label)}</b>", styles["BodyText"]),
                    table.total.text,
                ]
            )
            block.append(_grid([[table.heading, "Number"], *rows], [120 * mm, 50 * mm]))
            story += [KeepTogether(block[:2]), *block[2:], Spacer(1, 4 * mm)]
        for note in section.notes:
            story.append(Paragraph(_text(note), styles["Italic"]))
    document.build(story)
    return buffer.getvalue()


def _grid(rows: list[list[object]], widths: list[float]) -> PdfTable:
    table = PdfTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 1), (1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _text(value: str) -> str:
    """Plain text for a reportlab paragraph, which reads a little markup."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
