"""Sending a child's file: what goes, to whom, and the pack for a receiver outside the register."""

import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from sharing.history import save_with_history
from sharing.models import Gateway, Organisation, OrganisationKind, User

from ... import permissions, rules
from ... import services as case_services
from ...models import (
    Case,
    CaseParticipant,
    Person,
)
from .. import pack, selectors
from ..models import (
    PasswordRoute,
    Transfer,
    TransferItem,
    TransferItemKind,
    TransferKind,
    TransferRoute,
)

logger = logging.getLogger(__name__)

RECEIVING_KINDS = {
    TransferKind.SCHOOL: {OrganisationKind.SCHOOL},
    TransferKind.AUTHORITY: {
        OrganisationKind.LA_CHILDRENS_SOCIAL_CARE,
        OrganisationKind.SAFEGUARDING_PARTNERSHIP,
    },
    TransferKind.RISK_NOTIFICATION: {
        OrganisationKind.LA_CHILDRENS_SOCIAL_CARE,
        OrganisationKind.SAFEGUARDING_PARTNERSHIP,
    },
}
OPEN_REQUEST_STATUSES = ("open", "clarification", "in_progress")


def transfer_gateway() -> Gateway:
    """The catalogue's transfer gateway (seeded by a migration; made again
    from cases.rules.TRANSFER_GATEWAY if an administrator deleted it)."""
    spec = rules.TRANSFER_GATEWAY
    gateway, _ = Gateway.objects.get_or_create(
        code=spec["code"], defaults={k: v for k, v in spec.items() if k != "code"}
    )
    return gateway


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet, not a password


def _pack_password() -> str:
    groups = ["".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(5)) for _ in range(5)]
    return "-".join(groups)  # 25 characters from 31: about 124 bits


def _receivers(transfer: Transfer) -> QuerySet[User]:
    """Who receives inside the register: the named lead, or the receiving
    organisation's leads (a school's SCPOs; an authority's unit staff and managers)."""
    if transfer.receiving_user_id is not None:
        return User.objects.filter(pk=transfer.receiving_user_id, is_active=True)
    roles = [
        role.value
        for role in (
            permissions.RECEIVING_ROLES_SCHOOL
            if transfer.receiving_organisation.kind == OrganisationKind.SCHOOL
            else permissions.RECEIVING_ROLES_AUTHORITY
        )
    ]
    return User.objects.filter(
        organisation=transfer.receiving_organisation, is_active=True, groups__name__in=roles
    ).distinct()


def _notify(addresses: Iterable[str], subject: str, path: str) -> int:
    """A subject, a count or a reference, and a link: never a name."""
    base = getattr(settings, "REGISTER_BASE_URL", "")
    failed = 0
    for address in sorted({a for a in addresses if a}):
        try:
            send_mail(
                subject,
                f"{subject}.\n\nSign in to the safeguarding register to see it:\n{base}{path}\n\n"
                "This message deliberately contains no details.",
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
        except OSError:
            failed += 1
    if failed:
        logger.warning("transfer notices: %d could not be sent", failed)
    return failed


def _copy_items(
    transfer: Transfer,
    case: Case,
    *,
    chronology: bool,
    people: bool,
    open_requests: bool,
    subject: Person,
    documents: bool = False,
) -> None:
    items: list[TransferItem] = []
    if chronology:
        for entry in case.chronology.all().order_by("occurred_on", "pk"):
            items.append(
                TransferItem(
                    transfer=transfer,
                    kind=TransferItemKind.CHRONOLOGY,
                    occurred_on=entry.occurred_on,
                    label=entry.get_kind_display(),
                    text=entry.text,
                    information_status=entry.information_status,
                )
            )
    if people:
        participants = (
            CaseParticipant.objects.filter(case=case)
            .exclude(person=subject)
            .select_related("person")
        )
        for participant in participants:
            # The file leaves the team: a protected identity is masked in it
            # for good, whoever later reads it.
            name = rules.display_name(participant.person, viewer_context=rules.OUTSIDE)
            items.append(
                TransferItem(
                    transfer=transfer,
                    kind=TransferItemKind.PERSON,
                    label=participant.get_role_display(),
                    text=name,
                )
            )
    if open_requests:
        for request in case.requests.filter(status__in=OPEN_REQUEST_STATUSES).order_by("pk"):
            items.append(
                TransferItem(
                    transfer=transfer,
                    kind=TransferItemKind.OPEN_REQUEST,
                    occurred_on=request.started_on,
                    label=request.reference,
                    text=request.information_sought,
                )
            )
    for item in items:
        save_with_history(item, user=transfer.sent_by, reason="Sent with the file")
    if documents:
        _copy_documents(transfer, case)


def _copy_documents(transfer: Transfer, case: Case) -> None:
    """The documents the sender holds on the case (those its requests were
    answered with), copied so the file does not depend on the sender's records
    staying. Stored under random names; the original name stays in the database."""
    saved: list[TransferItem] = []
    try:
        for request in case.requests.order_by("pk"):
            for attachment in request.attachments.order_by("pk"):
                item = TransferItem(
                    transfer=transfer,
                    kind=TransferItemKind.DOCUMENT,
                    occurred_on=attachment.uploaded_at.date(),
                    label=attachment.original_name[:200],
                    text=f"From {request.reference}",
                )
                with attachment.file.open("rb") as handle:
                    item.file.save("document", ContentFile(handle.read()), save=False)
                saved.append(item)
                save_with_history(item, user=transfer.sent_by, reason="Sent with the file")
    except Exception:
        # The rows roll back; the copies they would have pointed to go too.
        for item in saved:
            item.file.storage.delete(item.file.name)
        raise


@transaction.atomic
def transfer_send(
    *,
    user: User,
    case: Case,
    subject: Person,
    kind: str,
    receiving_organisation: Organisation,
    route: str,
    summary: str,
    confirmed_on: date,
    receiving_user: User | None = None,
    receiving_contact: str = "",
    password_route: str = "",
    include_chronology: bool = True,
    include_people: bool = True,
    include_open_requests: bool = True,
    include_documents: bool = True,
) -> tuple[Transfer, str, str]:
    """Send a child's file on. Returns the transfer and, for an encrypted pack,
    its password and one-time receipt token (shown once to the sender, stored
    nowhere: the register keeps only the token's hash). The transfer is the
    disclosure's record: gateway, lawful basis and "no consent required" are
    on it."""
    permissions.require_transfer(
        permissions.can_send_transfer(user, case),
        "Only someone who may change the case sends its file on.",
    )
    problems: dict[str, str] = {}
    if kind not in TransferKind.values:
        problems["kind"] = "Choose what kind of move this is."
    elif receiving_organisation.kind not in RECEIVING_KINDS[TransferKind(kind)]:
        problems["receiving_organisation"] = (
            "A child protection file goes to a school or college."
            if kind == TransferKind.SCHOOL
            else "A handover or notification goes to a local authority or safeguarding unit."
        )
    if receiving_organisation.pk == case.team.organisation_id:
        problems["receiving_organisation"] = "Choose the new school or authority, not your own."
    if not CaseParticipant.objects.filter(case=case, person=subject).exists():
        problems["subject"] = "Choose someone in this case."
    if not summary.strip():
        problems["summary"] = "Write a summary of the concerns for the new setting."
    if route == TransferRoute.REGISTER:
        if receiving_user is not None and not permissions.may_receive_for(
            receiving_user, receiving_organisation.pk, receiving_organisation.kind
        ):
            problems["receiving_user"] = (
                "That person cannot receive files for the organisation you chose."
            )
    elif route == TransferRoute.PACK:
        if not receiving_contact.strip():
            problems["receiving_contact"] = "Say who the pack goes to: a role and a secure address."
        if password_route not in PasswordRoute.values:
            problems["password_route"] = "Say how the password will reach them."  # noqa: S105
    else:
        problems["route"] = "Choose how the file goes."
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    transfer = Transfer(
        reference=case_services.next_reference("TR", now.year),
        kind=kind,
        route=route,
        case=case,
        sending_team=case.team,
        sending_organisation=case.team.organisation,
        sent_by=user,
        sent_at=now,
        receiving_organisation=receiving_organisation,
        receiving_user=receiving_user if route == TransferRoute.REGISTER else None,
        receiving_contact=receiving_contact.strip(),
        subject_first_name=subject.first_name,
        subject_last_name=subject.last_name,
        subject_date_of_birth=subject.date_of_birth,
        subject_upn=subject.upn,
        subject_nhs_number=subject.nhs_number,
        summary=summary.strip(),
        confirmed_on=confirmed_on,
        due_on=selectors.transfer_due_on(case.team.organisation, kind, confirmed_on),
        gateway=transfer_gateway(),
        password_route=password_route if route == TransferRoute.PACK else "",
    )
    if route == TransferRoute.REGISTER and not _receivers(transfer).exists():
        raise ValidationError(
            {
                "route": f"Nobody at {receiving_organisation} has an account to receive it: "
                "send an encrypted pack instead."
            }
        )
    transfer.full_clean(exclude=["pack"])
    save_with_history(transfer, user=user, reason="Sent")
    _copy_items(
        transfer,
        case,
        chronology=include_chronology,
        people=include_people,
        open_requests=include_open_requests,
        subject=subject,
        documents=include_documents,
    )
    password = token = ""
    if route == TransferRoute.PACK:
        password, token = _pack_password(), secrets.token_urlsafe(32)
        content = pack.build(transfer, password=password, receipt_path=receipt_path(token))
        transfer.receipt_token_hash = _token_hash(token)
        transfer.receipt_link_expires_at = now + timedelta(days=rules.RECEIPT_LINK_DAYS)
        transfer.pack_sha256 = hashlib.sha256(content).hexdigest()
        transfer.pack.save("pack", ContentFile(content), save=False)
        save_with_history(transfer, user=user, reason="Encrypted pack issued")
    else:
        addresses = _receivers(transfer).values_list("email", flat=True)
        path = reverse("cases:transfer_detail", args=[transfer.pk])
        transaction.on_commit(
            lambda: _notify(list(addresses), "A child protection file has been sent to you", path)
        )
    return transfer, password, token


def receipt_path(token: str) -> str:
    return reverse("transfer_receipt", args=[token])
