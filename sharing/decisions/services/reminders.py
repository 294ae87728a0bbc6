"""Reminders about decisions, sent by the weekday task decisions.send_reminders:
overdue emergency records escalated to managers, "tell them later", shares in
person or by telephone still to confirm in writing, consent due for review. Each
e-mail holds a count and a link, no names; each is sent once per decision, kind
and day (``Reminder``'s unique constraint decides a race)."""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from ...models import (
    ConsentStatus,
    Decision,
    Disclosure,
    Reminder,
    ReminderKind,
    User,
)
from ...roles import Role
from ...rules import holidays_around
from .. import rules

logger = logging.getLogger(__name__)


# --- Reminders: overdue emergency records and telling the family -------------------


def _sent_today(decision_id: int, kind: str, day: date) -> bool:
    """Claim the reminder for this decision, kind and day; False if another run
    (or an earlier one) already has. The unique constraint decides a race."""
    _, created = Reminder.objects.get_or_create(decision_id=decision_id, kind=kind, day=day)
    return created


def _tell(addresses_counts: dict[str, int], subject_for: str, path: str) -> int:
    """E-mail each address its count and a link, nothing more. Returns how many
    could not be sent (counted, never named)."""
    base = getattr(settings, "REGISTER_BASE_URL", "")
    failed = 0
    for address, count in addresses_counts.items():
        subject = subject_for.format(count=count)
        try:
            send_mail(
                subject,
                f"{subject}.\n\nSign in to the safeguarding register to see them:\n{base}{path}"
                "\n\nThis message deliberately contains no details.",
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
        except OSError:
            failed += 1
    return failed


def decision_reminders_send(today: date) -> dict[str, int]:
    """Daily: escalate each emergency record not completed in time to the
    deciding organisation's managers (every day until it is completed), and
    remind the maker of a decision whose "tell them later" date has come (once
    for that date). Each e-mail holds a count and a link: no names, no case."""
    escalated: dict[int, int] = {}
    for pk, made_at, organisation_id in Decision.objects.filter(
        emergency=True, record_completed_at__isnull=True
    ).values_list("pk", "made_at", "organisation_id"):
        made_on = timezone.localtime(made_at).date()
        overdue = rules.emergency_record_overdue(
            made_on=made_on,
            today=today,
            within_working_days=settings.EMERGENCY_RECORD_COMPLETE_WITHIN_WORKING_DAYS,
            holidays=holidays_around(made_on),
        )
        if overdue and _sent_today(pk, ReminderKind.EMERGENCY_OVERDUE, today):
            escalated[organisation_id] = escalated.get(organisation_id, 0) + 1
    to_managers: dict[str, int] = {}
    for organisation_id, email in User.objects.filter(
        organisation_id__in=escalated,
        is_active=True,
        groups__name=Role.MANAGER.value,
    ).values_list("organisation_id", "email"):
        if email:
            to_managers[email] = to_managers.get(email, 0) + escalated[organisation_id]
    to_makers: dict[str, int] = {}
    told_later = 0
    for pk, tell_on, email, active in Decision.objects.filter(
        tell_later=True, subject_told=False, tell_later_on__lte=today
    ).values_list("pk", "tell_later_on", "made_by__email", "made_by__is_active"):
        if tell_on is not None and _sent_today(pk, ReminderKind.TELL_LATER, tell_on):
            told_later += 1
            if email and active:
                to_makers[email] = to_makers.get(email, 0) + 1
    to_confirm, confirm_reminded = _confirm_in_writing_reminders(today)
    to_review, consent_reviews = _consent_review_reminders(today)
    path = reverse("decisions:decision_list")
    failed = _tell(to_managers, "Emergency sharing records not completed in time: {count}", path)
    failed += _tell(
        to_makers, "Sharing decisions where it is time to tell the child or family: {count}", path
    )
    failed += _tell(
        to_confirm,
        "Information shared in person or by telephone still to confirm in writing: {count}",
        path,
    )
    failed += _tell(to_review, "Consent to sharing due for review: {count}", path)
    if failed:
        logger.warning("decision reminders: %d could not be sent", failed)
    return {
        "emergency_escalated": sum(escalated.values()),
        "tell_later_reminded": told_later,
        "confirm_in_writing_reminded": confirm_reminded,
        "consent_review_reminded": consent_reviews,
        "failed": failed,
    }


def _confirm_in_writing_reminders(today: date) -> tuple[dict[str, int], int]:
    """Each decision with a share in person or by telephone not yet confirmed in
    writing: its recorder is reminded the working day after, then weekly (seed
    000 §6), once a day whatever the runs."""
    counts: dict[str, int] = {}
    reminded = 0
    for decision_id, shared_on, email, active in Disclosure.objects.filter(
        Disclosure.awaiting_written_confirmation()
    ).values_list("decision_id", "shared_on", "recorded_by__email", "recorded_by__is_active"):
        due = rules.written_confirmation_reminder_due(
            shared_on=shared_on, today=today, holidays=holidays_around(shared_on)
        )
        if due and _sent_today(decision_id, ReminderKind.CONFIRM_IN_WRITING, today):
            reminded += 1
            if email and active:
                counts[email] = counts.get(email, 0) + 1
    return counts, reminded


def _consent_review_reminders(today: date) -> tuple[dict[str, int], int]:
    """Consent given, its review date come: the maker is reminded once (seed 004:
    consent is reviewed)."""
    counts: dict[str, int] = {}
    reminded = 0
    for pk, review_on, email, active in Decision.objects.filter(
        consent_status=ConsentStatus.GIVEN, consent_review_on__lte=today
    ).values_list("pk", "consent_review_on", "made_by__email", "made_by__is_active"):
        if review_on is not None and _sent_today(pk, ReminderKind.CONSENT_REVIEW, review_on):
            reminded += 1
            if email and active:
                counts[email] = counts.get(email, 0) + 1
    return counts, reminded
