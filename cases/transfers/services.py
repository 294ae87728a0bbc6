"""The only writes to transfers and term calendars. Each is one transaction;
each state change claims its row (``select_for_update``) and re-checks the
state, so two people acting at once get one result and a plain message."""

import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from sharing.history import save_with_history
from sharing.models import Gateway, Organisation, OrganisationKind, Team, User
from sharing.roles import Role

from .. import permissions, rules
from .. import services as case_services
from ..models import (
    Case,
    CaseParticipant,
    EntryKind,
    InformationStatus,
    Person,
)
from . import pack, selectors
from .models import (
    PasswordRoute,
    TermHoliday,
    Transfer,
    TransferItem,
    TransferItemKind,
    TransferKind,
    TransferRoute,
    TransferStatus,
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


def transfers_chase(
    today: date, *, escalate_after: int = rules.TRANSFER_ESCALATE_AFTER_DAYS
) -> dict[str, int]:
    """Daily (weekdays): every file not received by its due date is chased
    once a day: the sender's team and the receiving lead are e-mailed a count
    and a link. Once it is ``escalate_after`` days overdue the unit's managers
    are told, once. Idempotent: a second run the same day chases nobody
    twice (each row is claimed under a lock and marked chased today)."""
    chased: list[Transfer] = []
    escalated: list[Transfer] = []
    with transaction.atomic():
        rows = list(
            Transfer.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=TransferStatus.SENT, due_on__lt=today)
            .exclude(last_chased_on=today)
            .select_related(
                "sending_team", "receiving_organisation", "sending_organisation", "sent_by"
            )
        )
        for transfer in rows:
            transfer.last_chased_on = today
            transfer.chase_count += 1
            reason = f"Chased: not received, due {transfer.due_on:%d/%m/%Y}"
            if transfer.escalated_on is None and rules.transfer_escalates(
                transfer.due_on, today, escalate_after
            ):
                transfer.escalated_on = today
                escalated.append(transfer)
                reason = f"Escalated to the unit's managers: due {transfer.due_on:%d/%m/%Y}"
            save_with_history(transfer, user=None, reason=reason)
            chased.append(transfer)
        notices = _chase_notices(chased, escalated)
        transaction.on_commit(lambda: _send_chase_notices(notices))
    return {"chased": len(chased), "escalated": len(escalated)}


def _chase_notices(chased: list[Transfer], escalated: list[Transfer]) -> dict[str, list[int]]:
    """Per address: files overdue to chase, files escalated. Counts only."""
    counts: dict[str, list[int]] = {}
    for transfer in chased:
        addresses = set(
            User.objects.filter(is_active=True, groups__team=transfer.sending_team).values_list(
                "email", flat=True
            )
        )
        addresses.add(transfer.sent_by.email)
        if transfer.route == TransferRoute.REGISTER:
            addresses |= set(_receivers(transfer).values_list("email", flat=True))
        for address in addresses:
            if address:
                counts.setdefault(address, [0, 0])[0] += 1
    for transfer in escalated:
        for address in set(_unit_managers(transfer.sending_organisation)):
            if address:
                counts.setdefault(address, [0, 0])[1] += 1
    return counts


def _unit_managers(sender: Organisation) -> QuerySet[User, str]:
    """The e-mail addresses of the unit's managers: managers in a safeguarding
    partnership of the sender's police force area (of any, where the sender has none)."""
    managers = User.objects.filter(
        is_active=True,
        groups__name=Role.MANAGER.value,
        organisation__kind=OrganisationKind.SAFEGUARDING_PARTNERSHIP,
    )
    if sender.police_force_area:
        managers = managers.filter(organisation__police_force_area=sender.police_force_area)
    return managers.values_list("email", flat=True)


def _send_chase_notices(notices: dict[str, list[int]]) -> None:
    path = reverse("cases:transfer_list")
    for address, (overdue, escalated) in notices.items():
        parts = []
        if overdue:
            parts.append(f"{overdue} not received by the due date")
        if escalated:
            parts.append(f"{escalated} escalated to managers")
        _notify([address], "Child protection files: " + ", ".join(parts), path)


# --- Term calendars ---------------------------------------------------------------


def _require_calendar(user: User, organisation: Organisation) -> None:
    if not permissions.can_edit_term_calendar(user, organisation.pk):
        raise PermissionDenied("Only the school's safeguarding lead changes its term dates.")


@transaction.atomic
def term_holiday_add(
    *, user: User | None, organisation: Organisation, name: str, starts_on: date, ends_on: date
) -> TermHoliday:
    if user is not None:
        _require_calendar(user, organisation)
    if ends_on < starts_on:
        raise ValidationError(
            {"ends_on": "The last day must be the same as or after the first day."}
        )
    if (ends_on - starts_on).days >= rules.LONGEST_HOLIDAY_DAYS:
        raise ValidationError(
            {"ends_on": f"A holiday is shorter than {rules.LONGEST_HOLIDAY_DAYS} days."}
        )
    if TermHoliday.objects.filter(
        organisation=organisation, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exists():
        raise ValidationError({"starts_on": "These dates overlap a holiday already recorded."})
    holiday = TermHoliday(
        organisation=organisation, name=name.strip(), starts_on=starts_on, ends_on=ends_on
    )
    holiday.full_clean()
    save_with_history(holiday, user=user, reason="Term dates")
    return holiday


@transaction.atomic
def term_holiday_remove(*, user: User, holiday_id: int) -> None:
    holiday = TermHoliday.objects.select_for_update().filter(pk=holiday_id).first()
    if holiday is None:
        raise ValidationError("That holiday has already been removed.")
    _require_calendar(user, holiday.organisation)
    holiday._history_user = user  # type: ignore[attr-defined]
    holiday._change_reason = "Term dates: holiday removed"  # type: ignore[attr-defined]
    holiday.delete()


def term_calendar_seed(organisation: Organisation, autumn_years: Iterable[int]) -> int:
    """A typical England calendar for a school with none of its own for those
    years (the demo, a new school); its lead changes it on the term dates page."""
    added = 0
    for year in autumn_years:
        for name, first, last in rules.typical_england_calendar(year):
            if not TermHoliday.objects.filter(
                organisation=organisation, starts_on__lte=last, ends_on__gte=first
            ).exists():
                term_holiday_add(
                    user=None, organisation=organisation, name=name, starts_on=first, ends_on=last
                )
                added += 1
    return added
