"""Receiving, sharing with a colleague and cancelling: each claims the transfer's row first."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sharing.history import save_with_history
from sharing.models import Team, User

from ... import permissions
from ... import services as case_services
from ...models import (
    Case,
    EntryKind,
    InformationStatus,
)
from ..models import (
    Transfer,
    TransferItemKind,
    TransferStatus,
)
from .sending import _notify, _token_hash


def _claim(transfer_id: int) -> Transfer:
    """The transfer, locked: whoever acts second sees the first one's result."""
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("receiving_organisation", "sending_organisation")
        .get(pk=transfer_id)
    )


def _not_waiting(transfer: Transfer) -> ValidationError:
    if transfer.status == TransferStatus.RECEIVED:
        return ValidationError(f"{transfer.reference} has already been received.")
    return ValidationError(f"{transfer.reference} was cancelled and can no longer be received.")


def _delete_on_commit(storage: Any, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))


def _drop_pack(transfer: Transfer) -> None:
    """Once received, the encrypted pack is no longer kept."""
    if transfer.pack:
        name, storage = transfer.pack.name, transfer.pack.storage
        transaction.on_commit(lambda: storage.delete(name))
        transfer.pack = ""


@transaction.atomic
def transfer_receive(
    *,
    user: User,
    transfer: Transfer,
    case: Case | None = None,
    team: Team | None = None,
) -> Transfer:
    """The receiving lead confirms receipt in one action and links the file to
    one of their cases, or opens a new case for the child in their team. The
    file's summary and chronology go into that case's chronology, marked as
    they were, so nothing known is lost."""
    transfer = _claim(transfer.pk)
    if transfer.status != TransferStatus.SENT:
        raise _not_waiting(transfer)
    permissions.require_transfer(
        permissions.can_confirm_receipt(user, transfer),
        "Only the receiving safeguarding lead confirms receipt.",
    )
    if (case is None) == (team is None):
        raise ValidationError("Choose a case to add the file to, or open a new case.")
    reason = f"Child protection file {transfer.reference} received"
    if case is None and team is not None:
        child = case_services.person_create(
            user=user,
            team=team,
            reason=reason,
            first_name=transfer.subject_first_name,
            last_name=transfer.subject_last_name,
            date_of_birth=transfer.subject_date_of_birth,
            upn=transfer.subject_upn,
            nhs_number=transfer.subject_nhs_number,
        )
        case = case_services.case_open(
            user=user,
            team=team,
            child=child,
            summary=transfer.summary,
            opened_on=timezone.localdate(),
            reason=reason,
        )
    if case is None:
        raise ValidationError("Choose a case to add the file to, or open a new case.")
    permissions.require_change_case(user, case)
    case_services.chronology_add(
        user=user,
        case=case,
        reason=reason,
        occurred_on=timezone.localdate(),
        kind=EntryKind.INFORMATION_RECEIVED,
        information_status=InformationStatus.FACT,
        source_organisation=transfer.sending_organisation,
        text=f"Child protection file {transfer.reference} received from "
        f"{transfer.sending_organisation}. Summary: {transfer.summary}",
    )
    for item in transfer.items.filter(kind=TransferItemKind.CHRONOLOGY):
        case_services.chronology_add(
            user=user,
            case=case,
            reason=reason,
            occurred_on=item.occurred_on,
            kind=EntryKind.INFORMATION_RECEIVED,
            information_status=item.information_status or InformationStatus.HISTORICAL,
            source_organisation=transfer.sending_organisation,
            text=f"From {transfer.sending_organisation}'s file ({item.label}): {item.text}",
        )
    transfer.status = TransferStatus.RECEIVED
    transfer.received_at = timezone.now()
    transfer.received_by = user
    transfer.receiver_case = case
    _drop_pack(transfer)
    save_with_history(transfer, user=user, reason="Receipt confirmed")
    _tell_sender(transfer)
    return transfer


def _tell_sender(transfer: Transfer) -> None:
    addresses = [
        *User.objects.filter(is_active=True, groups__team=transfer.sending_team).values_list(
            "email", flat=True
        ),
        transfer.sent_by.email,
    ]
    path = reverse("cases:transfer_detail", args=[transfer.pk])
    transaction.on_commit(
        lambda: _notify(addresses, f"Receipt confirmed for {transfer.reference}", path)
    )


def transfer_for_token(token: str, now: datetime) -> Transfer | None:
    """The transfer a receipt link belongs to, while it still works: unused,
    unexpired, the file not received or cancelled. None otherwise, with no hint why."""
    if not token or len(token) > 100:
        return None
    return (
        Transfer.objects.filter(
            receipt_token_hash=_token_hash(token),
            receipt_link_expires_at__gt=now,
            status=TransferStatus.SENT,
        )
        .select_related("sending_organisation", "receiving_organisation")
        .first()
    )


@transaction.atomic
def transfer_receive_by_link(*, token: str, name: str, role: str) -> Transfer:
    """Receipt confirmed by the one-time link that came with an encrypted pack:
    who confirmed and when. The token's hash is cleared, so the link never
    works again."""
    found = transfer_for_token(token, timezone.now())
    if found is None:
        raise PermissionDenied("This receipt link has been used, has expired or is not known.")
    transfer = _claim(found.pk)
    if (
        transfer.status != TransferStatus.SENT
        or transfer.receipt_token_hash != found.receipt_token_hash
    ):
        raise PermissionDenied("This receipt link has been used, has expired or is not known.")
    if not name.strip() or not role.strip():
        raise ValidationError("Give your name and your role.")
    transfer.status = TransferStatus.RECEIVED
    transfer.received_at = timezone.now()
    transfer.received_by_name = f"{name.strip()}, {role.strip()}"
    transfer.receipt_token_hash = ""
    transfer.receipt_link_expires_at = None
    _drop_pack(transfer)
    save_with_history(transfer, user=None, reason="Receipt confirmed by the receipt link")
    _tell_sender(transfer)
    return transfer


@transaction.atomic
def transfer_share(*, user: User, transfer: Transfer, colleague: User) -> Transfer:
    """The receiving lead gives the file to a colleague at their organisation
    (a deputy lead): they see it and may confirm receipt, and are recorded."""
    transfer = _claim(transfer.pk)
    permissions.require_transfer(
        permissions.can_share_transfer(user, transfer),
        "Only the receiving safeguarding lead gives the file to a colleague.",
    )
    if not permissions.transfer_colleagues(user, transfer).filter(pk=colleague.pk).exists():
        raise ValidationError(
            {"colleague": "Choose a colleague at your organisation who does not have it yet."}
        )
    transfer.shared_with.add(colleague)
    name = colleague.get_full_name() or colleague.get_username()
    save_with_history(transfer, user=user, reason=f"Given to {name}")
    return transfer


@transaction.atomic
def transfer_cancel(*, user: User, transfer: Transfer, reason: str) -> Transfer:
    """The sender cancels a file not yet received (sent to the wrong school,
    the move fell through), with a reason kept on the record."""
    transfer = _claim(transfer.pk)
    if transfer.status != TransferStatus.SENT:
        raise (
            _not_waiting(transfer)
            if transfer.status == TransferStatus.CANCELLED
            else (ValidationError(f"{transfer.reference} has already been received."))
        )
    permissions.require_transfer(
        permissions.can_cancel_transfer(user, transfer),
        "Only the sender cancels a transfer.",
    )
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": "Say why the transfer is cancelled."})
    for item in transfer.items.exclude(file=""):
        # Nobody reads a cancelled file: its document copies go.
        _delete_on_commit(item.file.storage, item.file.name)
        item.file = ""
        save_with_history(item, user=user, reason="Transfer cancelled")
    transfer.status = TransferStatus.CANCELLED
    transfer.cancelled_at = timezone.now()
    transfer.cancel_reason = reason.strip()
    transfer.receipt_token_hash = ""
    transfer.receipt_link_expires_at = None
    _drop_pack(transfer)
    save_with_history(transfer, user=user, reason=f"Cancelled: {reason}")
    return transfer
