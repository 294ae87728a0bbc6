"""Chasing unreceived files once a school day, and escalating to the unit's managers."""

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from sharing.history import save_with_history
from sharing.models import Organisation, OrganisationKind, User
from sharing.roles import Role

from ... import rules
from ..models import (
    Transfer,
    TransferRoute,
    TransferStatus,
)
from .sending import _notify, _receivers


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
