"""The only writes to information requests. Every gateway rule is checked here,
so every entry point (pages, admin actions, tasks) obeys it."""

import hashlib
import io
import secrets
from collections.abc import Iterable
from pathlib import PurePath

import pyzipper
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cases import rules as case_rules
from sharing.choices import DecisionOutcome, InformationStatus, SecureChannel
from sharing.models import Decision, PendingAnswer, PendingAnswerState, User
from sharing.services import not_for_subject_set

from .. import permissions, uploads
from ..models import (
    Attachment,
    Direction,
    EventKind,
    InformationRequest,
    Outcome,
    PasswordRoute,
    SecureExport,
    Status,
)
from .core import ALLOWED_EXTENSIONS, OPEN_STATUSES, _claim, _event, _notify, _save


def _check_upload(upload: UploadedFile) -> str:
    """The file's own name, if it may be attached; otherwise a clear refusal.
    The content must be what the name says (requests.uploads); the content type
    the browser sent is replaced by the one the register found, so what is
    stored, and later served, is the server's."""
    name = PurePath(upload.name or "document").name
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            {
                "documents": f"{extension or 'This kind of'} file cannot be attached. "
                "Use PDF, Word, OpenDocument, Excel, CSV, text or an image."
            }
        )
    if upload.size is None or upload.size > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError({"documents": f"Each file must be {limit} MB or smaller."})
    if upload.size == 0:
        raise ValidationError({"documents": "That file is empty."})
    try:
        upload.content_type = uploads.checked_type(name, upload)
    except uploads.ContentMismatch:
        raise ValidationError(
            {
                # No file name in the message: it may name a child.
                "documents": f"A {extension} file's content is not what its name says, "
                "so nothing was attached. Attach the document itself, saved as PDF, "
                "Word, OpenDocument, Excel, CSV, text or an image."
            }
        ) from None
    return name


def documents_check(uploads: Iterable[UploadedFile]) -> list[str]:
    """Each file's own name, if every file may be attached; otherwise the
    refusal of the first that may not (an answer that waits for sign-off keeps
    its documents elsewhere until then, checked now as if attached)."""
    return [_check_upload(upload) for upload in uploads]


def _refuse_while_waiting(request: InformationRequest) -> None:
    """An answer waiting for a manager's sign-off is the request's answer until
    the manager settles it: no second answer goes out beside it."""
    if PendingAnswer.objects.filter(request=request, state=PendingAnswerState.WAITING).exists():
        raise ValidationError(
            "Your answer to this request is waiting for a manager's sign-off. It is sent "
            "when they sign it off; if they return it, you can answer again."
        )


def _attachments_save(
    *,
    user: User,
    request: InformationRequest,
    uploads: list[UploadedFile],
    saved: list[Attachment],
) -> list[Attachment]:
    """Check every file before storing any, so a refused file leaves nothing
    on disk. ``saved`` is filled as files are stored, for clean-up on failure."""
    names = [_check_upload(upload) for upload in uploads]
    for upload, name in zip(uploads, names, strict=True):
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = Attachment(
            request=request,
            original_name=name[:255],
            content_type=(upload.content_type or "application/octet-stream")[:100],
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            uploaded_by=user,
        )
        attachment.file.save("upload", upload, save=False)
        saved.append(attachment)
        attachment._history_user = user  # type: ignore[attr-defined]
        attachment.save()
    return saved


@transaction.atomic
def request_answer(
    *,
    user: User,
    request: InformationRequest,
    outcome: str,
    response_text: str,
    outcome_reason: str = "",
    response_status: str = "",
    channel: str = SecureChannel.REGISTER,
    files: Iterable[UploadedFile] = (),
    decision: Decision | None = None,
) -> InformationRequest:
    """Record the answer: what is shared, or why not. A decision not to share,
    or to share only in part, always carries a reason the requester can be given.
    What the answer says is marked fact, opinion or historical, and it travels
    only by a channel in the catalogue of secure channels.

    One path out (golden rule 7): an answer that shares, in full or in part, or
    declines is made under ``decision``, the answerer's own sharing decision on
    this request, recorded with it (``sharing.decisions.services.
    request_answer_by_decision`` does both in one transaction). Only "not
    held" needs no decision: nothing is decided."""
    uploads = list(files)
    permissions.require(
        permissions.is_addressee(user, request),
        "Only the person the request is addressed to answers it.",
    )
    # The row is claimed before anything is checked or stored: of two answers
    # sent at once, the second waits, then finds the request answered and
    # changes nothing (no second event, the first text kept).
    _claim(request, OPEN_STATUSES, "This request is no longer open.")
    _refuse_while_waiting(request)
    if outcome in DECIDED_OUTCOMES:
        decided = _check_decision(user, request, outcome, decision)
        if not outcome_reason.strip():
            outcome_reason = decided.explanation_to_requester
    if outcome in {Outcome.DECLINED, Outcome.SHARED_IN_PART} and not outcome_reason.strip():
        raise ValidationError(
            {
                "outcome_reason": "Give the reason for declining or sharing only in part: "
                "it is explained to the requester."
            }
        )
    problems = answer_problems(
        outcome=outcome,
        response_text=response_text,
        has_documents=bool(uploads),
        response_status=response_status,
        channel=channel,
    )
    if problems:
        raise ValidationError(problems)
    marked = InformationStatus.has_value(response_status)
    saved: list[Attachment] = []
    try:
        _attachments_save(user=user, request=request, uploads=uploads, saved=saved)
        request.outcome = outcome
        request.outcome_reason = outcome_reason.strip()
        request.response_text = response_text.strip()
        request.response_status = response_status if marked else ""
        request.channel = channel
        request.status = Status.ANSWERED
        request.responded_at = timezone.now()
        request.responded_by = user
        _save(request, user=user, reason="Answered")
    except Exception:
        # The database rolls back; the files it would have pointed to go too.
        for attachment in saved:
            attachment.file.storage.delete(attachment.file.name)
        raise
    _event(request, EventKind.ANSWERED, user, f"{len(saved)} document(s) attached" if saved else "")
    if request.direction == Direction.OUTGOING:
        team_emails = request.team.group.user_set.values_list("email", flat=True)
        _notify(
            team_emails,
            "Your information request has been answered",
            reverse("requests:request_detail", args=[request.pk]),
        )
    return request


def answer_problems(
    *, outcome: str, response_text: str, has_documents: bool, response_status: str, channel: str
) -> dict[str, str]:
    """What is wrong with an answer's own parts, by field (all at once, so a
    page can show them beside the decision's)."""
    problems: dict[str, str] = {}
    shares = outcome in {Outcome.SHARED, Outcome.SHARED_IN_PART}
    if shares and not (response_text.strip() or has_documents):
        problems["response_text"] = "Say what is shared, in the answer or in a document."
    if not InformationStatus.has_value(response_status) and (response_text.strip() or shares):
        # Seed 003 principles: distinguish fact from opinion, explain what is
        # historical.
        problems["response_status"] = "Select whether your answer is fact, opinion or historical."
    if not SecureChannel.has_value(channel):
        # Seed 000 §7: answers go by secure e-mail or MoveIT, or as an
        # encrypted document with the password sent separately; nothing else.
        problems["channel"] = "Choose a secure way to send the answer from the list."
    return problems


def request_claim_open(request: InformationRequest) -> None:
    """Lock an open request's row before answering it (see ``_claim``); an
    answer already waiting for sign-off on it is refused a second."""
    _claim(request, OPEN_STATUSES, "This request is no longer open.")
    _refuse_while_waiting(request)


# The answer's outcome for each decision's: sharing, sharing in part and not
# sharing are decided; "not held" is not a decision.
DECIDED_OUTCOMES: dict[str, str] = {
    Outcome.SHARED: DecisionOutcome.SHARE,
    Outcome.SHARED_IN_PART: DecisionOutcome.SHARE_IN_PART,
    Outcome.DECLINED: DecisionOutcome.DO_NOT_SHARE,
}


def _check_decision(
    user: User, request: InformationRequest, outcome: str, decision: Decision | None
) -> Decision:
    """The answer goes out under the answerer's own decision on this request,
    one that says the same, is the latest and has not yet had anything shared
    under it."""
    if (
        decision is None
        or decision.pk is None
        or decision.request_id != request.pk
        or decision.made_by_id != user.pk
        or Decision.objects.filter(supersedes=decision).exists()
        or decision.disclosures.exists()
    ):
        raise ValidationError(
            "Answer by recording your sharing decision with the answer: an answer that "
            "shares or declines is made through a sharing decision."
        )
    if decision.outcome != DECIDED_OUTCOMES[outcome]:
        raise ValidationError({"outcome": "The answer must say what your sharing decision says."})
    return decision


_PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet, not a password


def _export_password() -> str:
    groups = ["".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(5)) for _ in range(5)]
    return "-".join(groups)  # 25 characters from 31: about 124 bits


@transaction.atomic
def request_export(
    *, user: User, request: InformationRequest, issued_to: str, password_route: str
) -> tuple[SecureExport, str]:
    """Export the request, its answer and documents as an AES-256 encrypted ZIP.
    Returns the export and its password: the password is shown once to the
    sender and stored nowhere. People whose identity is protected are masked,
    and no file name inside the ZIP carries personal data."""
    permissions.require(
        permissions.can_export_request(user, request),
        "Only the team that recorded the request exports it.",
    )
    if not issued_to.strip():
        raise ValidationError({"issued_to": "Say who the export is for."})
    if password_route not in PasswordRoute.values:
        raise ValidationError({"password_route": "Say how the password will reach them."})
    password = _export_password()
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        summary = render_to_string(
            "requests/export.txt",
            {
                "info": request,
                "subjects": request.subjects.all(),
                "attachments": request.attachments.all(),
                # An export leaves the team: protected identities never in it.
                "masking": case_rules.OUTSIDE,
            },
        )
        archive.writestr("request.txt", summary)
        for attachment in request.attachments.all():
            with attachment.file.open("rb") as handle:
                archive.writestr(attachment.archive_name, handle.read())
    content = buffer.getvalue()
    export = SecureExport(
        request=request,
        issued_by=user,
        issued_to=issued_to.strip(),
        password_route=password_route,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    export.file.save("export", ContentFile(content), save=False)
    export.save()
    _event(
        request,
        EventKind.EXPORTED,
        user,
        f"For {export.issued_to}; password {export.get_password_route_display().lower()}.",
    )
    return export, password


@transaction.atomic
def attachment_not_for_subject(
    *, user: User, attachment: Attachment, not_for_subject: bool, exemption: str, reason: str
) -> Attachment:
    """Mark a document "not to be disclosed to the person it is about", with
    the exemption and why (seed 000 §6), or clear the mark."""
    permissions.require(
        permissions.can_mark_attachment(user, attachment),
        "Only the team that recorded the request, or whoever answered it, marks its documents.",
    )
    locked = not_for_subject_set(
        attachment, user=user, not_for_subject=not_for_subject, exemption=exemption, reason=reason
    )
    return locked  # type: ignore[return-value]
