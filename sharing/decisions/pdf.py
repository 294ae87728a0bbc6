"""The decision record as a PDF, for the file and for explaining a refusal.
People whose identity is protected are masked; the PDF's file name carries no
personal data. The PDF is the narrative: it is built only for someone who may
read it (sharing.decisions.permissions), whoever calls it."""

import io
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from django.http import Http404
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cases.rules import ViewerContext, display_name, masking_for

from .permissions import can_read_decision_narrative


def decision_masking(protected_ids: Iterable[int]) -> ViewerContext:
    """A decision's record goes to the requester's side: nobody whose identity
    is protected, nor anyone it names as an identity to protect, is named in it
    (cases.rules.masking_for, the one rule)."""
    return masking_for(may_open_case=False, leaves_the_team=True, protected_here=protected_ids)


def person_label(person: Any, protected_ids: set[int]) -> str:
    return display_name(person, viewer_context=decision_masking(protected_ids))


def decision_pdf(
    decision: Any, subjects: Iterable[Any], disclosures: Iterable[Any], *, user: Any
) -> bytes:
    if not can_read_decision_narrative(user, decision):
        raise Http404("No such decision.")
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        title=f"Sharing decision {decision.pk}",
        author=str(decision.organisation),
    )
    protected = {p.pk for p in decision.identities_protected.all()}

    def text(value: object) -> Paragraph:
        return Paragraph(escape(str(value or "-")).replace("\n", "<br/>"), styles["BodyText"])

    rows = [
        ("Organisation", decision.organisation),
        ("Decided by", f"{decision.made_by} on {decision.made_at:%d/%m/%Y %H:%M}"),
        ("Request", decision.request.reference if decision.request else "-"),
        ("About", "; ".join(person_label(p, protected) for p in subjects) or "-"),
        ("Outcome", decision.get_outcome_display()),
        *(
            [
                (
                    "Main reason for not sharing",
                    "\n".join(
                        filter(
                            None,
                            [decision.get_decline_reason_display(), decision.decline_reason_other],
                        )
                    ),
                )
            ]
            if decision.decline_reason
            else []
        ),
        ("Explanation to the requester", decision.explanation_to_requester),
        ("Reasons", decision.rationale),
        ("Purpose", decision.purpose),
        ("Gateway", decision.gateway or "-"),
        ("UK GDPR Article 6", decision.get_article6_basis_display()),
        (
            "Article 9",
            decision.get_article9_condition_display()
            if decision.special_category
            else "No special category data",
        ),
        ("DPA 2018 Schedule 1", decision.get_schedule1_condition_display()),
        (
            "Consent",
            decision.get_consent_status_display()
            + (
                f": {decision.get_consent_not_sought_reason_display()}"
                if decision.consent_not_sought_reason
                else ""
            ),
        ),
        *(
            [
                ("Whose consent", decision.get_consent_given_by_display()),
                ("How consent was given", decision.consent_how_recorded),
                ("Information the consent covers", decision.consent_information),
                (
                    "Consent to be reviewed by",
                    f"{decision.consent_review_on:%d/%m/%Y}" if decision.consent_review_on else "-",
                ),
            ]
            if decision.consent_given_by
            else []
        ),
        ("Public interest", decision.public_interest),
        ("Necessity and proportionality", decision.necessity_proportionality),
        (
            "Child or family told",
            "Yes" if decision.subject_told else f"No: {decision.get_not_told_reason_display()}",
        ),
        (
            "Advice",
            f"{decision.get_advice_source_display()} {decision.advice_from}: "
            f"{decision.advice_given}"
            if decision.advice_source
            else "None sought",
        ),
        (
            "Sign-off",
            decision.get_sign_off_display()
            + (
                f" by {decision.signed_off_by} on {decision.signed_off_at:%d/%m/%Y}"
                if decision.signed_off_by
                else ""
            ),
        ),
        ("Identities protected", f"{len(protected)} (not named here)" if protected else "None"),
    ]
    table = Table(
        [[text(label), text(value)] for label, value in rows], colWidths=[50 * mm, 124 * mm]
    )
    table.setStyle(
        TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.25, "#999999")]
        )
    )
    story: list[Any] = [Paragraph(f"Sharing decision {decision.pk}", styles["Title"]), table]
    for disclosure in disclosures:
        story += [
            Spacer(1, 6 * mm),
            Paragraph(
                escape(
                    f"Shared with {disclosure.recipient_organisation} "
                    f"on {disclosure.shared_on:%d/%m/%Y} "
                    f"({disclosure.get_channel_display().lower()})"
                ),
                styles["Heading3"],
            ),
        ]
        story += [
            text(f"{item.get_information_status_display()}: {item.text}")
            for item in disclosure.items.all()
        ]
    document.build(story)
    return buffer.getvalue()
