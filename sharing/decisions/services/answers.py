"""One path out (issue 15; golden rule 7, seeds 000 §4, 001, 003, 004): a
request is answered by recording the answerer's own sharing decision with the
answer, in one transaction. What the answer shares is recorded as a disclosure
under that decision, so every decision lists what left under it and every
request lists the decisions behind it. A decline is a decision not to share
with its reasons; nothing leaves under it.

A decision that must wait for a manager's sign-off (a decision not to share,
or to share against refused consent) keeps its answer waiting with it
(sharing.models.answers): the sign-off sends it in its own transaction
(``held_answer_settle``), a return sends nothing."""

from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from requests import permissions as request_permissions
from requests import services as request_services
from requests.models import InformationRequest, Outcome

from ...history import save_with_history
from ...models import (
    Decision,
    DecisionOutcome,
    InformationStatus,
    Organisation,
    PendingAnswer,
    PendingAnswerDocument,
    PendingAnswerState,
    SignOff,
    User,
)
from ...services import pending_answer_settle, waiting_answer_claim
from .. import permissions, rules, selectors
from .records import decision_record, disclosure_record

ANSWER_OUTCOMES: dict[str, str] = {
    DecisionOutcome.SHARE: Outcome.SHARED,
    DecisionOutcome.SHARE_IN_PART: Outcome.SHARED_IN_PART,
    DecisionOutcome.DO_NOT_SHARE: Outcome.DECLINED,
}


def protected_names_in(
    request: InformationRequest,
    protected: Iterable[Any],
    texts: Mapping[str, str],
    file_names: Iterable[str] = (),
) -> dict[str, str]:
    """The free text, and the documents' own file names, that name someone
    protected in this context (the people the decision protects, and the
    request's or its case's people whose identity is protected), as form errors
    by field: the answerer checks it and says so before it leaves the register
    (golden rule 5). A file name reaches the requester with its document."""
    people = list(protected)
    people += list(selectors.protected_people_of_request(request))
    names = [(p.first_name, p.last_name) for p in people]
    named = {
        field: rules.PROTECTED_NAME_MESSAGE
        for field, text in texts.items()
        if rules.names_in_text(text, names)
    }
    if any(rules.names_in_text(PurePath(name).name, names) for name in file_names):
        named["documents"] = rules.PROTECTED_FILE_NAME_MESSAGE
    return named


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
            file_names=[upload.name or "" for upload in uploads],
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
    if decision.sign_off == SignOff.PENDING and not (shares and decision.emergency):
        # A decision not to share, or to share against refused consent, is final
        # only once a manager signs it off (rules.needs_sign_off): the answer
        # waits with it, and the sign-off sends it (services.sign_off). An
        # emergency share was made before the record, so its answer goes now.
        _hold(user, request, decision, response_text, response_status, channel, uploads)
        return decision
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


def _hold(
    user: User,
    request: InformationRequest,
    decision: Decision,
    response_text: str,
    response_status: str,
    channel: str,
    uploads: list[UploadedFile],
) -> PendingAnswer:
    """Keep the answer, and its documents, with the decision until a manager
    settles it; the request stays open and the requester sees nothing yet."""
    names = request_services.documents_check(uploads)
    pending = PendingAnswer(
        decision=decision,
        request=request,
        response_text=response_text.strip(),
        response_status=response_status if InformationStatus.has_value(response_status) else "",
        channel=channel,
    )
    save_with_history(pending, user=user, reason="Answer waiting for sign-off")
    saved: list[PendingAnswerDocument] = []
    try:
        for upload, name in zip(uploads, names, strict=True):
            document = PendingAnswerDocument(
                pending_answer=pending, original_name=name[:255], size=upload.size or 0
            )
            document.file.save("upload", upload, save=False)
            saved.append(document)
            document.save()
    except Exception:
        for document in saved:
            document.file.storage.delete(document.file.name)
        raise
    return pending


def held_answer_settle(*, user: User, decision: Decision, approved: bool) -> PendingAnswer | None:
    """In the manager's sign-off transaction, after the decision's row was
    claimed: send the answer that waited with it (signed off) or send nothing
    (returned). The request's row is claimed next, then the waiting answer's,
    the order a withdrawal takes them in: of a sign-off and a withdrawal at
    once, one settles the answer and the other finds it settled. The answer
    goes out as the answerer's, through the one path every answer takes."""
    if decision.request_id is None:
        return None
    InformationRequest.objects.select_for_update().filter(pk=decision.request_id).first()
    pending = waiting_answer_claim(decision.request_id)
    if pending is None or pending.decision_id != decision.pk:
        return None  # withdrawn a moment ago, or nothing waited
    if not approved:
        return pending_answer_settle(pending=pending, state=PendingAnswerState.RETURNED, user=user)
    documents = [
        UploadedFile(file=document.file.open("rb"), name=document.original_name, size=document.size)
        for document in pending.documents.all()
    ]
    pending_answer_settle(pending=pending, state=PendingAnswerState.SENT, user=user)
    answerer = decision.made_by
    request = InformationRequest.objects.get(pk=decision.request_id)
    try:
        request_services.request_answer(
            user=answerer,
            request=request,
            decision=decision,
            outcome=ANSWER_OUTCOMES[decision.outcome],
            outcome_reason=decision.explanation_to_requester,
            response_text=pending.response_text,
            response_status=pending.response_status,
            channel=pending.channel,
            files=documents,
        )
        if DecisionOutcome.shares(decision.outcome):
            _record_what_left(
                answerer,
                request,
                decision,
                pending.response_text,
                pending.response_status,
                pending.channel,
            )
    except Exception:
        for attachment in request.attachments.filter(uploaded_by=answerer):
            attachment.file.storage.delete(attachment.file.name)
        raise
    finally:
        for upload in documents:
            upload.close()
    return pending


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
