"""One path out (issue 15; golden rule 7, seeds 000 §4, 001, 003, 004): a
request is answered by recording the answerer's own sharing decision with the
answer, in one transaction. What the answer shares is recorded as a disclosure
under that decision, so every decision lists what left under it and every
request lists the decisions behind it. A decline is a decision not to share
with its reasons; nothing leaves under it."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from requests import permissions as request_permissions
from requests import services as request_services
from requests.models import InformationRequest, Outcome

from ...models import Decision, DecisionOutcome, Organisation, SignOff, User
from .. import permissions, rules, selectors
from .records import _claim, decision_record, disclosure_record

ANSWER_OUTCOMES: dict[str, str] = {
    DecisionOutcome.SHARE: Outcome.SHARED,
    DecisionOutcome.SHARE_IN_PART: Outcome.SHARED_IN_PART,
    DecisionOutcome.DO_NOT_SHARE: Outcome.DECLINED,
}


def protected_names_in(
    request: InformationRequest, protected: Iterable[Any], texts: Mapping[str, str]
) -> dict[str, str]:
    """The free text that names someone protected in this context (the people
    the decision protects, and the request's or its case's people whose
    identity is protected), as form errors by field: the answerer checks it and
    says so before it leaves the register (golden rule 5)."""
    people = list(protected)
    people += list(selectors.protected_people_of_request(request))
    names = [(p.first_name, p.last_name) for p in people]
    return {
        field: rules.PROTECTED_NAME_MESSAGE
        for field, text in texts.items()
        if rules.names_in_text(text, names)
    }


@transaction.atomic
def request_answer_by_decision(
    *,
    user: User,
    request: InformationRequest,
    decision_fields: Mapping[str, Any],
    guide_answers: Mapping[str, bool | None] | None = None,
    consent_covers: Iterable[Organisation] = (),
    identities_protected: Iterable[Any] = (),
    response_text: str = "",
    response_status: str = "",
    channel: str,
    files: Iterable[UploadedFile] = (),
    names_checked: bool = False,
) -> Decision:
    """Answer ``request`` by recording the answerer's decision (outcome,
    reasons, lawful basis, consent, told or why not, identities to protect,
    advice: every rule of the record, sharing.decisions.rules) and, where it
    shares, what was shared as a disclosure under it, all or nothing."""
    if not request_permissions.is_addressee(user, request):
        raise PermissionDenied("Only the person the request is addressed to answers it.")
    # The request first: of two answers sent at once, the second waits, then
    # finds it answered, and records no decision either.
    request_services.request_claim_open(request)
    fields = dict(decision_fields)
    # The answer goes to whoever asked: the decision shares with them.
    asked_by = request.requesting_organisation
    if fields.get("recipient_organisation") not in (None, asked_by):
        raise ValidationError(
            {"recipient_organisation": f"The answer goes to {asked_by}, who asked."}
        )
    fields["recipient_organisation"] = asked_by
    protected = list(identities_protected)
    uploads = list(files)
    # The answer's own problems are shown with the decision's, all at once.
    answer_problems = request_services.answer_problems(
        outcome=ANSWER_OUTCOMES.get(str(fields.get("outcome", "")), Outcome.SHARED),
        response_text=response_text,
        has_documents=bool(uploads),
        response_status=response_status,
        channel=channel,
    )
    if not names_checked:
        named = protected_names_in(
            request,
            protected,
            {
                "response_text": response_text,
                "explanation_to_requester": str(fields.get("explanation_to_requester", "")),
            },
        )
        if named:
            named["names_checked"] = rules.PROTECTED_NAME_ACKNOWLEDGE
        answer_problems = {**named, **answer_problems}
    case = request.case if permissions.can_decide_on_case(user, request.case_id) else None
    try:
        decision = decision_record(
            user=user,
            guide_answers=guide_answers,
            consent_covers=consent_covers,
            identities_protected=protected,
            request=request,
            case=case,
            names_checked=True,  # the answer's texts were checked above
            **fields,
        )
    except ValidationError as refused:
        if answer_problems and hasattr(refused, "error_dict"):
            raise ValidationError({**answer_problems, **refused.message_dict}) from refused
        raise
    if answer_problems:
        raise ValidationError(answer_problems)
    shares = DecisionOutcome.shares(decision.outcome)
    if shares and decision.sign_off == SignOff.PENDING and not decision.emergency:
        raise ValidationError(
            "Sharing against refused or withdrawn consent needs a manager's sign-off before "
            "anything is shared, so this answer has not been sent. Record the decision from "
            "the decision page and ask your manager to sign it off: once they have, you "
            "answer here under it."
        )
    try:
        request_services.request_answer(
            user=user,
            request=request,
            decision=decision,
            outcome=ANSWER_OUTCOMES[decision.outcome],
            outcome_reason=decision.explanation_to_requester,
            response_text=response_text,
            response_status=response_status,
            channel=channel,
            files=uploads,
        )
        if shares:
            _record_what_left(user, request, decision, response_text, response_status, channel)
    except Exception:
        # The database rolls back; the documents stored for the answer go too.
        for attachment in request.attachments.filter(uploaded_by=user):
            attachment.file.storage.delete(attachment.file.name)
        raise
    return decision


@transaction.atomic
def request_answer_under_signed_off_decision(
    *,
    user: User,
    request: InformationRequest,
    decision: Decision,
    response_text: str = "",
    response_status: str = "",
    channel: str,
    files: Iterable[UploadedFile] = (),
    names_checked: bool = False,
) -> Decision:
    """Send the answer under the answerer's own decision to share that had to
    wait for a manager's sign-off (sharing against refused consent, seed 004) and
    now has it. The request and the decision are claimed; what is sent is a
    disclosure under the decision, as for any answer."""
    if not request_permissions.is_addressee(user, request):
        raise PermissionDenied("Only the person the request is addressed to answers it.")
    request_services.request_claim_open(request)
    decision = _claim(decision)
    if decision.sign_off != SignOff.SIGNED_OFF or not DecisionOutcome.shares(decision.outcome):
        raise ValidationError("Only a decision to share that a manager signed off can be used.")
    uploads = list(files)
    problems = request_services.answer_problems(
        outcome=ANSWER_OUTCOMES[decision.outcome],
        response_text=response_text,
        has_documents=bool(uploads),
        response_status=response_status,
        channel=channel,
    )
    if not names_checked:
        named = protected_names_in(
            request, decision.identities_protected.all(), {"response_text": response_text}
        )
        if named:
            named["names_checked"] = rules.PROTECTED_NAME_ACKNOWLEDGE
        problems = {**named, **problems}
    if problems:
        raise ValidationError(problems)
    try:
        request_services.request_answer(
            user=user,
            request=request,
            decision=decision,
            outcome=ANSWER_OUTCOMES[decision.outcome],
            outcome_reason=decision.explanation_to_requester,
            response_text=response_text,
            response_status=response_status,
            channel=channel,
            files=uploads,
        )
        _record_what_left(user, request, decision, response_text, response_status, channel)
    except Exception:
        for attachment in request.attachments.filter(uploaded_by=user):
            attachment.file.storage.delete(attachment.file.name)
        raise
    return decision


def _record_what_left(
    user: User,
    request: InformationRequest,
    decision: Decision,
    response_text: str,
    response_status: str,
    channel: str,
) -> None:
    """The answer's text and each of its documents, with the answer's marking,
    as a disclosure under the decision: the decision lists what left under it."""
    items = []
    if response_text.strip():
        items.append((response_text.strip(), response_status))
    items += [
        (f"Document: {attachment.original_name}", response_status)
        # The answer's documents: a request is answered once, so they are the
        # ones its answerer attached.
        for attachment in request.attachments.filter(uploaded_by=user).order_by("pk")
    ]
    disclosure_record(
        user=user,
        decision=decision,
        recipient_organisation=request.requesting_organisation,
        shared_on=timezone.localdate(),
        channel=channel,
        items=items,
        names_checked=True,  # checked by the answer's own check
    )
