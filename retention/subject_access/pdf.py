"""The subject access pack as a PDF: what the DPO included, item by item, and
for what was withheld, how much and under which exemption (never what it
says). Drawn from the reviewed items only, so nothing the DPO withheld can
reach it. Pure drawing: the service decides what goes in."""

import io
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer


def pack_pdf(
    *,
    reference: str,
    received_on: date,
    released_on: date,
    organisation: str,
    included: Iterable[Any],
    withheld: Iterable[Any],
) -> bytes:
    """``included`` and ``withheld`` are pack items (kind, heading, text,
    exemption): the first printed whole, the second only counted by exemption."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        title=f"Subject access request {reference}",
        author=organisation,
    )

    def para(text: str, style: str = "BodyText") -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), styles[style])

    story: list[Any] = [
        para(f"Your subject access request {reference}", "Title"),
        para(
            f"{organisation} received your request on {received_on:%-d %B %Y}. "
            f"This is a copy of the personal information we hold about you, "
            f"as at {released_on:%-d %B %Y} (UK GDPR Article 15). "
            "Where a record names other people, their names are replaced by "
            "'[another person]' or 'A person whose identity is protected'."
        ),
    ]
    kind = None
    for item in included:
        if item.get_kind_display() != kind:
            kind = item.get_kind_display()
            story += [Spacer(1, 4 * mm), para(kind, "Heading2")]
        story += [para(item.heading, "Heading4"), para(item.text or "-")]
    counts = Counter(item.get_exemption_display() for item in withheld)
    story += [Spacer(1, 6 * mm), para("Information not included", "Heading2")]
    if counts:
        story.append(
            para(
                "Some information has not been included because an exemption in the Data "
                "Protection Act 2018 applies to it:"
            )
        )
        for label, n in sorted(counts.items()):
            story.append(para(f"{n} item{'s' if n != 1 else ''}: {label}"))
    else:
        story.append(para("Nothing has been withheld."))
    story.append(
        para(
            "If you are unhappy with this response, you can ask us to review it, and you can "
            "complain to the Information Commissioner's Office (ico.org.uk)."
        )
    )
    document.build(story)
    return buffer.getvalue()
