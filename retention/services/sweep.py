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
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Min
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from sharing.models import User
from sharing.plumbing.bulk import Table, reserve_ids

from .. import holds, rules, selectors
from ..models import (
    Action,
    DueNotice,
    RetentionRule,
    RetentionState,
    Status,
    SweepChunk,
    SweepRun,
)
from .facts import BATCH, OWN_STATE_ONLY_FOR, SOURCES, UNBOUNDED, Fact

SWEEP_REASON = "Retention sweep"
STALE_AFTER = timedelta(minutes=15)
SYSTEM_USERNAME = "system-retention"


class SweepAlreadyRunning(Exception):
    """Another sweep holds the lock."""


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


def _fits(rule: RetentionRule, fact: Fact) -> bool:
    if rule.organisation_kind and rule.organisation_kind != fact.organisation_kind:
        return False
    if rule.trigger not in fact.trigger_dates:
        return False
    if not rule.case_category:
        return True
    outcomes = {each for each in rule.allegation_outcomes.split(",") if each}
    return any(
        category == rule.case_category
        and (not outcomes or (outcome or "not_concluded") in outcomes)
        for category, outcome in fact.categories
    )


def _dates(rule: RetentionRule, fact: Fact) -> rules.RecordDates:
    return rules.RecordDates(
        fact.trigger_dates.get(rule.trigger),
        fact.last_activity,
        fact.date_of_birth,
        fact.date_of_death,
    )


def _rule_for(
    rules_for_type: list[RetentionRule], default: RetentionRule | None, fact: Fact
) -> tuple[RetentionRule, rules.Due] | None:
    """The rule that governs a record: of the rules that fit it, those of the
    most specific tier (lowest priority number: a school's, then a category's,
    then the record type's), and among them the one keeping it longest
    (retention follows the longest category). No rule fits: the default."""
    fitting = [rule for rule in rules_for_type if _fits(rule, fact)]
    if fitting:
        tier = min(rule.priority for rule in fitting)
        fitting = [rule for rule in fitting if rule.priority == tier]
    elif default is not None:
        fitting = [default]
    else:
        return None
    by_id = {rule.pk: rule for rule in fitting}
    chosen = rules.longest(
        [(rule.pk, _due(rule.facts, _dates(rule, fact))) for rule in fitting]  # type: ignore[attr-defined]
    )
    if chosen is None:
        return None
    return by_id[chosen[0]], chosen[1]


class Current(NamedTuple):
    """A record's stored state, as much of it as the sweep compares."""

    pk: int
    rule_id: int
    due_on: date | None
    status: str
    organisation_id: int | None
    next_review_on: date | None
    trigger_on: date | None
    last_activity_on: date | None
    by_fallback: bool


@functools.lru_cache(maxsize=65536)
def _due(rule: rules.RuleFacts, dates: rules.RecordDates) -> rules.Due:
    # Pure, and the same few dates recur across every record of a rule.
    return rules.due(rule, dates)


def _rule_facts(rule: RetentionRule) -> rules.RuleFacts:
    return rules.RuleFacts(
        rule.trigger,
        rule.period_months,
        rule.action,
        rule.school_year_rule,
        rule.inactivity_months,
        rule.died_before_18_months,
        rule.fallback_months,
    )


def _target(
    rule: RetentionRule, due: rules.Due, today: date, held: bool, current: Current | None
) -> tuple[date | None, str]:
    """The state the record should be in today."""
    due_on = due.on
    if current is not None and current.status in {Status.RETAINED, Status.APPROVED}:
        # A DPO's decision stands; a retained record comes due again at its next review.
        if current.status == Status.APPROVED or (
            current.next_review_on and current.next_review_on > today
        ):
            return due_on, current.status
        return due_on, Status.DUE_REVIEW
    if due_on is None or due_on - timedelta(days=rule.notice_days) > today:
        return due_on, Status.NOT_DUE
    if rule.action == Action.KEEP:
        return due_on, Status.NOT_DUE
    if rule.action == Action.DISPOSE and not held and not due.by_fallback:
        return due_on, Status.DUE_DISPOSAL
    # A held record is never flagged for disposal: it is reviewed instead. So
    # is one whose trigger never came (reviewed after its last activity).
    return due_on, Status.DUE_REVIEW


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
    "trigger_on",
    "last_activity_on",
    "by_fallback",
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
    default = RetentionRule.objects.filter(is_default=True, is_active=True).first()
    for each in [*rules_for_type, *([default] if default else [])]:
        each.facts = _rule_facts(each)  # type: ignore[attr-defined]
    # A batch is every record with an id in [first, last] (facts are read in id
    # order), so a range stands in for a list of thousands of ids in these two reads.
    first, last = facts[0].object_id, facts[-1].object_id
    existing = {
        row[0]: Current._make(row[1:])
        for row in RetentionState.objects.filter(
            content_type=content_type, object_id__range=(first, last)
        ).values_list(
            "object_id",
            "pk",
            "rule_id",
            "due_on",
            "status",
            "organisation_id",
            "next_review_on",
            "trigger_on",
            "last_activity_on",
            "by_fallback",
        )
    }
    held = holds.held_ids(record_type, [fact.object_id for fact in facts])
    to_create: list[tuple[Any, ...]] = []
    to_update: dict[int, tuple[Any, ...]] = {}
    newly_due = 0
    now = timezone.now()
    for fact in facts:
        chosen = _rule_for(rules_for_type, default, fact)
        if chosen is None:
            continue
        rule, due = chosen
        current = existing.get(fact.object_id)
        due_on, status = _target(rule, due, today, fact.object_id in held, current)
        trigger_on = None if due.by_fallback else fact.trigger_dates.get(rule.trigger)
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
                    trigger_on,
                    fact.last_activity,
                    due.by_fallback,
                    status,
                    today if becomes_due else None,
                    now if becomes_due else None,
                )
            )
        elif (
            current.rule_id,
            current.due_on,
            current.status,
            current.organisation_id,
            current.trigger_on,
            current.last_activity_on,
            current.by_fallback,
        ) != (
            rule.id,
            due_on,
            status,
            fact.organisation_id,
            trigger_on,
            fact.last_activity,
            due.by_fallback,
        ):
            to_update[current.pk] = (
                rule,
                due_on,
                status,
                fact.organisation_id,
                becomes_due,
                trigger_on,
                fact.last_activity,
                due.by_fallback,
            )
        newly_due += becomes_due
    with transaction.atomic():
        if to_create:
            _create_states(to_create, user)
        if to_update:
            # Changes are few after the first sweep: instances, with history.
            states = list(RetentionState.objects.filter(pk__in=to_update))
            for state in states:
                rule, due_on, status, organisation_id, becomes_due, *dates = to_update[state.pk]
                state.rule, state.due_on, state.status = rule, due_on, status
                state.organisation_id = organisation_id
                state.trigger_on, state.last_activity_on, state.by_fallback = dates
                if becomes_due:
                    state.flagged_on, state.flagged_at = today, now
            bulk_update_with_history(
                states,
                RetentionState,
                [
                    "rule",
                    "due_on",
                    "status",
                    "organisation_id",
                    "flagged_on",
                    "flagged_at",
                    "trigger_on",
                    "last_activity_on",
                    "by_fallback",
                ],
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


def _batches(record_type: str, first: int = 1, last: int = UNBOUNDED) -> Iterator[list[Fact]]:
    """The facts of the records of ``record_type`` with ids from ``first`` to
    ``last``, a batch at a time."""
    _, read = SOURCES[record_type]
    after = first - 1
    while True:
        facts = read(after, last)
        if not facts:
            return
        yield facts
        after = facts[-1].object_id


def _drop_states_gone_with_parent(record_type: str) -> None:
    """A person since added to a case, say: their own state goes (with its
    history); they are kept and disposed of with the case now."""
    own = OWN_STATE_ONLY_FOR.get(record_type)
    if own is None:
        return
    model, _ = SOURCES[record_type]
    stale = RetentionState.objects.filter(
        content_type=ContentType.objects.get_for_model(model)
    ).exclude(object_id__in=own().values("pk"))
    with transaction.atomic():
        for state in stale.select_for_update():
            state.delete()


def retention_sweep(today: date) -> SweepRun:
    """Bring every record's retention state up to ``today``, in this process."""
    run = _acquire(today)
    user = system_user()
    try:
        for record_type in SOURCES:
            _drop_states_gone_with_parent(record_type)
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


# Ids a chunk of a fanned-out sweep covers: a few batches, so a worker's
# share is minutes at most and several workers share a large table.
CHUNK_IDS = 4 * BATCH


def sweep_plan(today: date, chunk_ids: int | None = None) -> tuple[SweepRun, list[int]]:
    """Start a sweep to be fanned out over workers: take the lock, and cut
    every record type's ids into chunks for workers to claim
    (``sweep_chunk``). Returns the run and its chunks' ids."""
    run = _acquire(today)
    width = chunk_ids or CHUNK_IDS
    chunks = []
    try:
        for record_type in SOURCES:
            _drop_states_gone_with_parent(record_type)
            model, _ = SOURCES[record_type]
            bounds = model._default_manager.aggregate(low=Min("pk"), high=Max("pk"))
            if bounds["low"] is None:
                continue
            for first in range(bounds["low"], bounds["high"] + 1, width):
                chunks.append(
                    SweepChunk(
                        run=run,
                        record_type=record_type,
                        first_id=first,
                        last_id=min(first + width - 1, bounds["high"]),
                    )
                )
        SweepChunk.objects.bulk_create(chunks)
    except BaseException:
        _release(run)
        raise
    if not chunks:  # an empty register: nothing for a worker to do
        _release(run)
    return run, [chunk.pk for chunk in chunks]


def sweep_chunk(chunk_id: int) -> tuple[bool, bool]:
    """Sweep one chunk, if no other worker has claimed it. The last chunk of
    its run to finish ends the run. Returns whether this worker swept it, and
    whether that ended the run (its worker then tells the DPO)."""
    now = timezone.now()
    if not SweepChunk.objects.filter(pk=chunk_id, claimed_at__isnull=True).update(claimed_at=now):
        return False, False  # another worker has it, or it is done
    chunk = SweepChunk.objects.select_related("run").get(pk=chunk_id)
    user = system_user()
    processed = changed = newly_due = 0
    for facts in _batches(chunk.record_type, chunk.first_id, chunk.last_id):
        batch_changed, batch_due = _sweep_batch(chunk.record_type, facts, chunk.run.today, user)
        processed += len(facts)
        changed += batch_changed
        newly_due += batch_due
        SweepRun.objects.filter(pk=chunk.run_id).update(heartbeat_at=timezone.now())
    with transaction.atomic():
        SweepChunk.objects.filter(pk=chunk_id).update(
            done_at=timezone.now(), processed=processed, changed=changed, newly_due=newly_due
        )
        SweepRun.objects.filter(pk=chunk.run_id).update(
            processed=F("processed") + processed,
            changed=F("changed") + changed,
            newly_due=F("newly_due") + newly_due,
            heartbeat_at=timezone.now(),
        )
    return True, _finish_if_done(chunk.run_id)


def _finish_if_done(run_id: int) -> bool:
    """End the run once every chunk is done: one of its workers does, once
    (the update is conditional on the run still running)."""
    if SweepChunk.objects.filter(run_id=run_id, done_at__isnull=True).exists():
        return False
    return bool(
        SweepRun.objects.filter(pk=run_id, running=True).update(
            running=False, finished_at=timezone.now()
        )
    )


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
