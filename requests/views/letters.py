"""A request letter, for a partner outside the register: a printable page and
a PDF, made from an outgoing request for the team that recorded it. The
letter says who asks, under which power, whether the recipient must answer,
what is asked and why, by when, and how to answer securely."""

import io
from xml.sax.saxutils import escape

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from sharing.models import AccessAction
from sharing.plumbing.view_helpers import acting_user, log_reads

from .. import selectors
from ..selectors import RequestLetter

# Seed 000 §7: an encrypted document's password is sent separately.
SEND_APART_ADVICE = (
    "If you send an encrypted or password-protected document, send the password "
    "separately by another route, such as a telephone call. Never send the "
    "password with the file or in the same e-mail."
)


def _compliance(letter: RequestLetter) -> str:
    if letter.must_comply:
        return (
            f"You must supply this information. {letter.power} requires a person or "
            "body asked by the safeguarding partnership to supply information for its "
            "functions."
        )
    return (
        f"{letter.power} allows you to share this information, but does not require "
        "you to. You decide whether to share, and we ask you to tell us your reasons "
        "if you do not."
    )


@login_required
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    info_request, content = selectors.request_letter(user, pk)
    log_reads(request, AccessAction.VIEW, [info_request, *info_request.subject_list])  # type: ignore[attr-defined]
    response = render(
        request,
        "requests/letter.html",
        {
            "info": info_request,
            "letter": content,
            "compliance": _compliance(content),
            "send_apart_advice": SEND_APART_ADVICE,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    info_request, content = selectors.request_letter(user, pk)
    log_reads(request, AccessAction.DOWNLOAD, [info_request, *info_request.subject_list])  # type: ignore[attr-defined]
    response = HttpResponse(letter_pdf_bytes(content), content_type="application/pdf")
    # The reference only: the file name names no one.
    response["Content-Disposition"] = f'attachment; filename="{content.reference}-letter.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def letter_pdf_bytes(content: RequestLetter) -> bytes:
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        title=f"Request for information {content.reference}",
        author=content.organisation,
    )

    def para(value: object, style: str = "BodyText") -> Paragraph:
        return Paragraph(escape(str(value)).replace("\n", "<br/>"), styles[style])

    story: list = [
        para(f"{content.team}, {content.organisation}"),
        para(f"Our reference: {content.reference}"),
        para(f"Date: {content.sent_on:%d %B %Y}"),
        Spacer(1, 4 * mm),
        para(
            "To: "
            + ", ".join(
                part for part in (content.recipient, content.recipient_organisation) if part
            )
        ),
        Spacer(1, 4 * mm),
        para("Request for information", "Heading1"),
        para("The power we ask under", "Heading2"),
        para(f"{content.power} ({content.gateway_name})."),
        para(_compliance(content)),
    ]
    if content.function:
        story.append(para(f"The partnership function this serves: {content.function}."))
    if content.children_act_section:
        story.append(para(f"Children Act 1989 {content.children_act_section}."))
    story += [
        para("Who this is about", "Heading2"),
        para("; ".join(content.about) or "Nobody named"),
    ]
    story += [para("What we are asking for", "Heading2"), para(content.information_sought)]
    story += [para("Why we need it", "Heading2"), para(content.purpose)]
    if content.necessity:
        story.append(para(content.necessity))
    story += [
        para("When we need it by", "Heading2"),
        para(f"{content.due_on:%A %d %B %Y} ({content.urgency.lower()})."),
        para("How to answer securely", "Heading2"),
    ]
    if content.answer_in_register:
        story.append(para("You can answer in the register, where this request is waiting for you."))
    story.append(para("Or send your answer by one of these routes:"))
    story.append(
        ListFlowable([ListItem(para(label)) for label in content.channels], bulletType="bullet")
    )
    if content.usual_channel:
        story.append(para(f"Your organisation's usual secure route: {content.usual_channel}."))
    if content.secure_contact:
        story.append(para(f"Your secure address: {content.secure_contact}."))
    story.append(para(f"Please quote our reference {content.reference}."))
    story += [para("Passwords", "Heading2"), para(SEND_APART_ADVICE)]
    if content.contact:
        story += [Spacer(1, 4 * mm), para(f"Contact: {content.contact}")]
    document.build(story)
    return buffer.getvalue()
