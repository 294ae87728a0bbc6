"""Reads for transfers: due dates from the term calendar, the counts on the
home pages, and figures the partnership statistics can group in one query."""

from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from sharing.models import Organisation, OrganisationKind, User
from sharing.rules import holidays_around

from .. import permissions, rules
from .models import TermHoliday, Transfer, TransferKind, TransferStatus


def term_holidays(organisation: Organisation) -> QuerySet[TermHoliday]:
    return TermHoliday.objects.filter(organisation=organisation).order_by("starts_on")


def school_days_off(organisation: Organisation, around: date) -> frozenset[date]:
    """The days a school's five school days do not count, around ``around``:
    bank holidays, and the school's own holidays. A school with no term dates
    recorded yet is taken to keep a typical England calendar (said on its term
    dates page), so a move confirmed in August is never due in August."""
    days_off = set(holidays_around(around))
    if organisation.kind != OrganisationKind.SCHOOL:
        return frozenset(days_off)
    ranges = list(
        TermHoliday.objects.filter(
            organisation=organisation,
            ends_on__gte=date(around.year - 1, 1, 1),
            starts_on__lte=date(around.year + 2, 12, 31),
        ).values_list("starts_on", "ends_on")
    )
    if not TermHoliday.objects.filter(organisation=organisation).exists():
        ranges = [
            (first, last)
            for year in (around.year - 1, around.year)
            for _name, first, last in rules.typical_england_calendar(year)
        ]
    return frozenset(days_off | rules.days_in_ranges(ranges))


def transfer_due_on(organisation: Organisation, kind: str, confirmed_on: date) -> date:
    """KCSIE's due date for a file the organisation sends. A school counts its
    own school days; a local authority's handover and notification count
    working days (weekends and bank holidays only)."""
    if kind == TransferKind.SCHOOL:
        days_off = school_days_off(organisation, confirmed_on)
    else:
        days_off = holidays_around(confirmed_on)
    return rules.cp_file_transfer_due(confirmed_on, days_off)


def transfer_counts(user: User, today: date) -> dict[str, int]:
    """What the home page counts for ``user``: files waiting for them to
    confirm receipt, their side's files not yet received and those overdue,
    and for the unit, overdue files across the partnership. Counts only."""
    waiting = permissions.transfers_to_receive(user).filter(status=TransferStatus.SENT)
    sent = permissions.transfers_sent_by(user).filter(status=TransferStatus.SENT)
    counts = {
        "to_receive": waiting.count(),
        "sent_unreceived": sent.count(),
        "sent_overdue": sent.filter(due_on__lt=today).count(),
        "partnership_overdue": 0,
    }
    if permissions.sees_partnership_transfers(user):
        counts["partnership_overdue"] = overdue_transfers(today).count()
    return counts


def overdue_transfers(today: date) -> QuerySet[Transfer]:
    """Files not received by their due date, oldest first: references,
    organisations and dates only for the unit's list."""
    return (
        Transfer.objects.filter(status=TransferStatus.SENT, due_on__lt=today)
        .select_related("sending_organisation", "receiving_organisation")
        .order_by("due_on", "pk")
    )


def transfer_figures(since: date, until: date) -> list[dict[str, Any]]:
    """Transfers sent in the period by kind and state, received on time or not:
    one grouped query, no personal data, for the partnership's statistics."""
    return list(
        Transfer.objects.filter(sent_at__date__gte=since, sent_at__date__lte=until)
        .values("kind", "status")
        .annotate(count=Count("pk"), escalated=Count("escalated_on"))
        .order_by("kind", "status")
    )


def transfer_items(transfer: Transfer) -> dict[str, list[Any]]:
    """What the file carried, by kind, in order."""
    grouped: dict[str, list[Any]] = {}
    for item in transfer.items.all():
        grouped.setdefault(item.kind, []).append(item)
    return grouped


def transfer_receive_choices(user: User) -> dict[str, Any]:
    """What the receiver may link the file to: open cases they may change, and
    teams they may open a case in."""
    return {
        "cases": permissions.changeable_cases(user).filter(status="open").order_by("reference"),
        "teams": permissions.user_teams(user),
    }
