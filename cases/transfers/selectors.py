"""Reads for transfers: due dates from the term calendar, the counts on the
home pages, and figures the partnership statistics can group in one query."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, F, Q, QuerySet
from django.utils import timezone

from sharing.models import Organisation, OrganisationKind, User
from sharing.rules import holidays_around

from .. import permissions, rules
from .. import selectors as case_selectors
from ..models import Person
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
    and for the unit, overdue files across the partnership. Counts only, in
    one query (the home page's query count is pinned in tests/sharing/test_home.py)."""
    if not user.is_authenticated or not user.is_active:
        return dict.fromkeys(
            ("to_receive", "sent_unreceived", "sent_overdue", "partnership_overdue"), 0
        )
    overdue = Q(due_on__lt=today)
    unit = Q(pk__in=[])
    if user.organisation_id is not None and permissions.may_see_partnership_transfers(user):
        in_unit = Organisation.objects.filter(
            pk=user.organisation_id, kind=OrganisationKind.SAFEGUARDING_PARTNERSHIP
        )
        unit = overdue & Q(Exists(in_unit))
    sender, receiver = permissions.sender_q(user), permissions.receiver_q(user)
    counts = Transfer.objects.filter(status=TransferStatus.SENT).aggregate(
        to_receive=Count("pk", filter=receiver),
        sent_unreceived=Count("pk", filter=sender),
        sent_overdue=Count("pk", filter=sender & overdue),
        partnership_overdue=Count("pk", filter=unit),
    )
    return {key: value or 0 for key, value in counts.items()}


def overdue_transfers(today: date) -> QuerySet[Transfer]:
    """Files not received by their due date, oldest first: references,
    organisations and dates only for the unit's list."""
    return (
        Transfer.objects.filter(status=TransferStatus.SENT, due_on__lt=today)
        .select_related("sending_organisation", "receiving_organisation")
        .order_by("due_on", "pk")
    )


def transfer_figures(since: date, until: date, today: date) -> list[dict[str, Any]]:
    """Transfers sent in the period by kind and state, how many were chased and
    escalated, how many received by their due date, and how many are still
    unreceived past their due date ``today``:
    one grouped query, no personal data, for the partnership's statistics.

    The days are bounded as times (from the first day's start to the start of
    the day after the last, local time), not by the date of ``sent_at``, so the
    filter is a range the ``transfer_sent_in_period`` index can read."""
    zone = timezone.get_current_timezone()
    after = timezone.make_aware(datetime.combine(since, time.min), zone)
    before = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min), zone)
    return list(
        Transfer.objects.filter(sent_at__gte=after, sent_at__lt=before)
        .values("kind", "status")
        .annotate(
            count=Count("pk"),
            escalated=Count("escalated_on"),
            chased=Count("pk", filter=Q(chase_count__gt=0)),
            received_on_time=Count("pk", filter=Q(received_at__date__lte=F("due_on"))),
            past_due_unreceived=Count("pk", filter=Q(status="sent", due_on__lt=today)),
        )
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


def receiver_possible_duplicates(user: User, transfer: Transfer) -> tuple[list[Person], bool]:
    """Before a new case is opened for the child the file is about: people the
    receiver may see with the same name and date of birth or identifier, and
    whether a match exists that they may not see. The sender's own record of
    the child is not a duplicate: it is where the file came from."""
    details = {
        "first_name": transfer.subject_first_name,
        "last_name": transfer.subject_last_name,
        "date_of_birth": transfer.subject_date_of_birth,
        "nhs_number": transfer.subject_nhs_number,
        "upn": transfer.subject_upn,
    }
    visible, _hidden = case_selectors.person_possible_duplicates(user, **details)
    hidden = (
        Person.objects.filter(case_selectors.duplicate_condition(**details))
        .exclude(pk__in=[p.pk for p in visible])
        .exclude(participations__case_id=transfer.case_id or 0)
        .exists()
    )
    return visible, hidden


def case_transfers(case: Any) -> list[Transfer]:
    return list(
        Transfer.objects.filter(case=case)
        .select_related("receiving_organisation")
        .order_by("-sent_at", "-pk")
    )
