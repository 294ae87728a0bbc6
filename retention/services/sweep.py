"""The retention sweep: set-based, idempotent, safe to kill, one at a time.

Each batch reads the facts of up to ``BATCH`` records in one query, computes
their due dates with the pure rules, and writes only what changed, with history
(acting user and reason) in bulk. Every batch commits on its own: a sweep killed
halfway leaves finished batches done, and a rerun completes the rest. Nothing
is disposed of here: records become due, and the DPO decides."""

import functools
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from cases.models import Case, CaseParticipant, CaseStatus, ParticipantRole
from requests.models import Attachment, InformationRequest
from requests.models import Status as RequestStatus
from sharing.models import Agreement, Decision, User
from sharing.plumbing.bulk import Table, reserve_ids

from .. import rules, selectors
from ..models import (
    Action,
    DueNotice,
    LegalHold,
    RecordType,
    RetentionRule,
    RetentionState,
    Status,
    SweepRun,
)

# Records read and written per transaction: large enough that per-batch
# round trips and commits are a small share, small enough to hold in memory.
BATCH = 5000
SWEEP_REASON = "Retention sweep"
STALE_AFTER = timedelta(minutes=15)
SYSTEM_USERNAME = "system-retention"


class SweepAlreadyRunning(Exception):
    """Another sweep holds the lock."""


class Fact(NamedTuple):
    object_id: int
    organisation_id: int | None
    organisation_kind: str
    trigger_dates: dict[str, date | None]


def system_user() -> User:
    """The account the sweep acts as in history. It cannot sign in."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Retention", "last_name": "sweep", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _day(field: str) -> Cast:
    """A timestamp's date (UTC, as stored), worked out by the database: loading
    timestamps row by row in Python cost more than the query itself."""
    return Cast(field, models.DateField())


def _case_facts(after: int) -> list[Fact]:
    rows = (
        Case.objects.filter(pk__gt=after)
        .order_by("pk")
        # A correlated subquery, not Max() over a join: the join's merge scan
        # read the participants from the first case on, so each batch cost
        # more than the one before (quadratic over the sweep).
        .annotate(
            child_dob=Subquery(
                CaseParticipant.objects.filter(case=OuterRef("pk"), role=ParticipantRole.CHILD)
                .order_by("-person__date_of_birth")
                .values("person__date_of_birth")[:1]
            )
        )
        .values_list(
            "pk",
            "team__organisation_id",
            "team__organisation__kind",
            "status",
            "closed_on",
            "child_dob",
            _day("created_at"),
        )[:BATCH]
    )
    return [
        Fact(
            pk,
            org_id,
            kind,
            {
                "case_closed": closed_on if status == CaseStatus.CLOSED else None,
                "date_of_birth": child_dob,
                "created": created_on,
            },
        )
        for pk, org_id, kind, status, closed_on, child_dob, created_on in rows
    ]


def _request_facts(after: int) -> list[Fact]:
    rows = (
        InformationRequest.objects.filter(pk__gt=after)
        .order_by("pk")
        .values_list(
            "pk",
            "team__organisation_id",
            "team__organisation__kind",
            "status",
            _day("closed_at"),
            _day("created_at"),
        )[:BATCH]
    )
    return [
        Fact(
            pk,
            org_id,
            kind,
            {
                "request_closed": closed_on
                if status in {RequestStatus.CLOSED, RequestStatus.WITHDRAWN}
                else None,
                "created": created_on,
            },
        )
        for pk, org_id, kind, status, closed_on, created_on in rows
    ]


def _agreement_facts(after: int) -> list[Fact]:
    rows = (
        Agreement.objects.filter(pk__gt=after, is_active=True)
        .order_by("pk")
        .values_list("pk", "review_on")[:BATCH]
    )
    return [Fact(pk, None, "", {"review_date": review_on}) for pk, review_on in rows]


def _decision_facts(after: int) -> list[Fact]:
    """Decisions standing alone (proactive disclosures); those about a case or
    a request are kept and disposed of with it."""
    rows = (
        Decision.objects.filter(pk__gt=after, case__isnull=True, request__isnull=True)
        .order_by("pk")
        .values_list("pk", "organisation_id", "organisation__kind", _day("made_at"))[:BATCH]
    )
    return [Fact(pk, org_id, kind, {"created": made_on}) for pk, org_id, kind, made_on in rows]


def _attachment_facts(after: int) -> list[Fact]:
    rows = (
        Attachment.objects.filter(pk__gt=after)
        .order_by("pk")
        .values_list(
            "pk",
            "request__team__organisation_id",
            "request__team__organisation__kind",
            _day("uploaded_at"),
        )[:BATCH]
    )
    return [
        Fact(pk, org_id, kind, {"created": uploaded_on}) for pk, org_id, kind, uploaded_on in rows
    ]


SOURCES: dict[str, tuple[type[models.Model], Any]] = {
    RecordType.CASE: (Case, _case_facts),
    RecordType.REQUEST: (InformationRequest, _request_facts),
    RecordType.AGREEMENT: (Agreement, _agreement_facts),
    RecordType.DECISION: (Decision, _decision_facts),
    RecordType.ATTACHMENT: (Attachment, _attachment_facts),
}


def _rule_for(rules_for_type: list[RetentionRule], fact: Fact) -> RetentionRule | None:
    for rule in rules_for_type:  # ordered by priority
        if rule.organisation_kind and rule.organisation_kind != fact.organisation_kind:
            continue
        if rule.trigger not in fact.trigger_dates:
            continue
        return rule
    return None


class Current(NamedTuple):
    """A record's stored state, as much of it as the sweep compares."""

    pk: int
    rule_id: int
    due_on: date | None
    status: str
    organisation_id: int | None
    next_review_on: date | None


@functools.lru_cache(maxsize=65536)
def _due_date(rule: rules.RuleFacts, trigger_date: date | None) -> date | None:
    # Pure, and the same few dates recur across every record of a rule.
    return rules.due_date(rule, trigger_date)


def _rule_facts(rule: RetentionRule) -> rules.RuleFacts:
    return rules.RuleFacts(rule.trigger, rule.period_months, rule.action, rule.school_year_rule)


def _target(
    rule: RetentionRule, fact: Fact, today: date, held: bool, current: Current | None
) -> tuple[date | None, str]:
    """The state the record should be in today."""
    due_on = _due_date(
        rule.facts,  # type: ignore[attr-defined]  # set once a batch by _sweep_batch
        fact.trigger_dates.get(rule.trigger),
    )
    if current is not None and current.status in {Status.RETAINED, Status.APPROVED}:
        # A DPO's decision stands; a retained record comes due again at its next review.
        if current.status == Status.APPROVED or (
            current.next_review_on and current.next_review_on > today
        ):
            return due_on, current.status
        return due_on, Status.DUE_REVIEW
    if due_on is None or due_on - timedelta(days=rule.notice_days) > today:
        return due_on, Status.NOT_DUE
    if rule.action == Action.DISPOSE and not held:
        return due_on, Status.DUE_DISPOSAL
    # A held record is never flagged for disposal: it is reviewed instead.
    return due_on, Status.DUE_REVIEW


def _held_ids(content_type: ContentType, first: int, last: int) -> set[int]:
    return set(
        LegalHold.objects.filter(
            content_type=content_type, object_id__range=(first, last), lifted_at__isnull=True
        ).values_list("object_id", flat=True)
    )


# New states and their "+" history rows are written as tuples (sharing.plumbing.bulk):
# bulk_create_with_history built two model instances per record, most of the
# first sweep's time (docs/performance.md).
_NEW_STATE = [
    "id",
    "content_type_id",
    "object_id",
    "record_type",
    "organisation_id",
    "rule_id",
    "due_on",
    "status",
    "flagged_on",
    "flagged_at",
]


def _create_states(rows: list[tuple[Any, ...]], user: User) -> None:
    ids = reserve_ids(RetentionState, len(rows))
    states = Table(RetentionState, _NEW_STATE)
    history = Table(
        RetentionState.history.model,
        [f.attname for f in states.fields]
        + ["history_date", "history_type", "history_change_reason", "history_user_id"],
    )
    rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
    states.write(rows)
    marks = (*states.tail, timezone.now(), "+", SWEEP_REASON, user.pk)
    history.write([row + marks for row in rows])


def _sweep_batch(record_type: str, facts: list[Fact], today: date, user: User) -> tuple[int, int]:
    """One batch: three reads and at most two bulk writes (plus their history)."""
    model, _ = SOURCES[record_type]
    content_type = ContentType.objects.get_for_model(model)
    rules_for_type = list(
        RetentionRule.objects.filter(record_type=record_type, is_active=True).order_by(
            "priority", "pk"
        )
    )
    for each in rules_for_type:
        each.facts = _rule_facts(each)  # type: ignore[attr-defined]
    # A batch is every record with an id in [first, last] (facts are read in id
    # order), so a range stands in for a list of thousands of ids in these two reads.
    first, last = facts[0].object_id, facts[-1].object_id
    existing = {
        row[0]: Current._make(row[1:])
        for row in RetentionState.objects.filter(
            content_type=content_type, object_id__range=(first, last)
        ).values_list(
            "object_id", "pk", "rule_id", "due_on", "status", "organisation_id", "next_review_on"
        )
    }
    held = _held_ids(content_type, first, last)
    to_create: list[tuple[Any, ...]] = []
    to_update: dict[int, tuple[RetentionRule, date | None, str, int | None, bool]] = {}
    newly_due = 0
    now = timezone.now()
    for fact in facts:
        rule = _rule_for(rules_for_type, fact)
        if rule is None:
            continue
        current = existing.get(fact.object_id)
        due_on, status = _target(rule, fact, today, fact.object_id in held, current)
        becomes_due = status in {Status.DUE_REVIEW, Status.DUE_DISPOSAL} and (
            current is None or current.status != status
        )
        if current is None:
            to_create.append(
                (
                    content_type.pk,
                    fact.object_id,
                    record_type,
                    fact.organisation_id,
                    rule.id,
                    due_on,
                    status,
                    today if becomes_due else None,
                    now if becomes_due else None,
                )
            )
        elif (current.rule_id, current.due_on, current.status, current.organisation_id) != (
            rule.id,
            due_on,
            status,
            fact.organisation_id,
        ):
            to_update[current.pk] = (rule, due_on, status, fact.organisation_id, becomes_due)
        newly_due += becomes_due
    with transaction.atomic():
        if to_create:
            _create_states(to_create, user)
        if to_update:
            # Changes are few after the first sweep: instances, with history.
            states = list(RetentionState.objects.filter(pk__in=to_update))
            for state in states:
                rule, due_on, status, organisation_id, becomes_due = to_update[state.pk]
                state.rule, state.due_on, state.status = rule, due_on, status
                state.organisation_id = organisation_id
                if becomes_due:
                    state.flagged_on, state.flagged_at = today, now
            bulk_update_with_history(
                states,
                RetentionState,
                ["rule", "due_on", "status", "organisation_id", "flagged_on", "flagged_at"],
                default_user=user,
                default_change_reason=SWEEP_REASON,
            )
    return len(to_create) + len(to_update), newly_due


def _acquire(today: date) -> SweepRun:
    now = timezone.now()
    # A sweep that stopped beating (killed) gives up its lock.
    SweepRun.objects.filter(running=True, heartbeat_at__lt=now - STALE_AFTER).update(running=False)
    try:
        with transaction.atomic():
            return SweepRun.objects.create(today=today, heartbeat_at=now)
    except IntegrityError as error:
        raise SweepAlreadyRunning("A retention sweep is already running.") from error


def _batches(record_type: str) -> Iterator[list[Fact]]:
    _, read = SOURCES[record_type]
    after = 0
    while True:
        facts = read(after)
        if not facts:
            return
        yield facts
        after = facts[-1].object_id


def retention_sweep(today: date) -> SweepRun:
    """Bring every record's retention state up to ``today``."""
    run = _acquire(today)
    user = system_user()
    try:
        for record_type in SOURCES:
            for facts in _batches(record_type):
                changed, newly_due = _sweep_batch(record_type, facts, today, user)
                run.processed += len(facts)
                run.changed += changed
                run.newly_due += newly_due
                run.heartbeat_at = timezone.now()
                run.save(update_fields=["processed", "changed", "newly_due", "heartbeat_at"])
    finally:
        _release(run)
    return run


def _release(run: SweepRun) -> None:
    run.running = False
    run.finished_at = timezone.now()
    run.save(update_fields=["running", "finished_at"])


def notify_dpo() -> DueNotice | None:
    """Tell the DPOs how many records became due since the last notice was
    sent: a count and a link, no details.

    Counted from the states, not from what this run changed: a sweep killed
    after flagging (before it could send) and then rerun changes nothing more,
    yet the records it flagged were never told. Records decided on meanwhile
    (retained, approved) are no longer due and not counted."""
    last = DueNotice.objects.first()
    until = timezone.now()
    flagged = RetentionState.objects.filter(
        status__in=[Status.DUE_REVIEW, Status.DUE_DISPOSAL], flagged_at__lte=until
    )
    if last is not None:
        flagged = flagged.filter(flagged_at__gt=last.counted_until)
    newly_due = flagged.count()
    if not newly_due:
        return None
    addresses = selectors.dpo_addresses()
    if not addresses:
        return None  # nobody told: the next notice counts these too
    subject = f"Retention: {newly_due} record{'s' if newly_due != 1 else ''} newly due"
    # Sent before the notice is recorded: killed in between, the DPO is told
    # twice rather than never.
    send_mail(
        subject,
        f"{subject} for review or disposal.\n\n"
        "Sign in to the safeguarding register to see them:\n"
        f"{settings.REGISTER_BASE_URL}{reverse('retention:dashboard')}\n\n"
        "This message deliberately contains no details.",
        settings.DEFAULT_FROM_EMAIL,
        addresses,
    )
    return DueNotice.objects.create(
        sent_at=timezone.now(), counted_until=until, newly_due=newly_due
    )
