"""Schools' term calendars, which the due date skips."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from sharing.history import save_with_history
from sharing.models import Organisation, User

from ... import permissions, rules
from ..models import (
    TermHoliday,
)


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
