"""Building a benchmark-sized register with set-based bulk inserts.

The rows look like the real services' output (references, permissions as the
services grant them, history rows), but are written a batch at a time: the
services' one-record-at-a-time path would take hours at 100,000 cases."""

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.utils import timezone

from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CaseParticipant,
    CaseUserObjectPermission,
    ChronologyEntry,
    Person,
    ReferenceCounter,
)
from requests.models import (
    InformationRequest,
    RequestEvent,
    RequestGroupObjectPermission,
    RequestUserObjectPermission,
)
from sharing import services
from sharing.choices import (
    Article6Basis,
    ConsentNotSoughtReason,
    ConsentStatus,
    DecisionOutcome,
    InformationStatus,
    NotToldReason,
)
from sharing.models import (
    Decision,
    Disclosure,
    DisclosureItem,
    Gateway,
    OrganisationKind,
    Team,
)
from sharing.plumbing.bulk import Table, reserve_ids
from sharing.roles import Role

BATCH = 2000
# Cases the practitioner "bench.named" is given by name, spread over the register.
NAMED_CASES = 20
# Names with a realistic spread: a search for one surname finds a few hundred
# of 300,000 people, not a tenth of them.
FIRST_NAMES = [
    "Jamie",
    "Alex",
    "Sam",
    "Riley",
    "Jordan",
    "Casey",
    "Morgan",
    "Taylor",
    "Charlie",
    "Robin",
    "Ava",
    "Noah",
    "Mia",
    "Leo",
    "Ruby",
    "Oscar",
    "Isla",
    "Jack",
    "Freya",
    "Harry",
    "Amelia",
    "George",
    "Lily",
    "Theo",
    "Grace",
    "Arthur",
    "Evie",
    "Finley",
    "Poppy",
    "Alfie",
    "Ivy",
    "Archie",
    "Rosie",
    "Henry",
    "Sophie",
    "Jacob",
    "Ella",
    "Mason",
    "Chloe",
    "Logan",
    "Maya",
    "Ethan",
    "Zara",
    "Adam",
    "Hannah",
    "Yusuf",
    "Aisha",
    "Kacper",
    "Zofia",
    "Tomasz",
    "Amara",
    "Kofi",
    "Priya",
    "Arjun",
    "Niamh",
    "Cian",
    "Eilidh",
    "Rhys",
]
LAST_NAMES = [
    prefix + suffix
    for prefix in [
        "Ash",
        "Bar",
        "Brad",
        "Carl",
        "Dal",
        "East",
        "Fair",
        "Green",
        "Hal",
        "Hart",
        "Kings",
        "Lang",
        "Marsh",
        "Mill",
        "New",
        "North",
        "Oak",
        "Pem",
        "Red",
        "Ross",
        "South",
        "Stan",
        "Thorn",
        "West",
        "Whit",
        "Wood",
        "Ald",
        "Bel",
        "Cran",
        "Hol",
    ]
    for suffix in "ford ley ton wood field well more by ham stone worth bridge combe hurst".split()  # noqa: SIM905
]


def _chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(total, start + size))


class _WithHistory(Table):
    """A table and its history table, whose rows are the same values (the
    defaults included) plus the history columns: one "+" row each, as the
    services leave them."""

    def __init__(self, model: Any, given: list[str], reason: str) -> None:
        super().__init__(model, given)
        self.history = Table(
            model.history.model,
            [f.attname for f in self.fields]
            + ["history_date", "history_type", "history_change_reason"],
        )
        self.history_values = (*self.tail, timezone.now(), "+", reason)

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        super().write(rows)
        self.history.write([row + self.history_values for row in rows])


def made_at(day: date, days_later: int) -> datetime:
    """A moment during the working day, ``days_later`` after ``day``."""
    return datetime.combine(day + timedelta(days=days_later), time(10), tzinfo=UTC)


def build(cases: int, seed: int = 7, stdout: Any = None) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
    reason = "Benchmark data (seed_bench)"
    say = (lambda text: stdout.write(text)) if stdout else (lambda text: None)

    unit = services.organisation_upsert(
        name="Bench Safeguarding Unit",
        kind=OrganisationKind.SAFEGUARDING_PARTNERSHIP,
        police_force_area="kent",
        reason=reason,
    )
    police = services.organisation_upsert(
        name="Bench Police", kind=OrganisationKind.POLICE, police_force_area="kent", reason=reason
    )
    schools = [
        services.organisation_upsert(
            name=f"Bench School {i:02d}",
            kind=OrganisationKind.SCHOOL,
            police_force_area="kent",
            reason=reason,
        )
        for i in range(20)
    ]
    teams = [
        Team.objects.filter(organisation=unit, name=f"Bench team {i}").first()
        or services.team_create(organisation=unit, name=f"Bench team {i}", reason=reason)
        for i in range(10)
    ]
    workers = []
    for t, team in enumerate(teams):
        for w in range(10):
            user = services.user_upsert(
                username=f"bench.worker.{t}.{w}",
                organisation=unit,
                roles=[Role.UNIT_STAFF],
                reason=reason,
            )
            services.team_add_member(team=team, user=user)
            workers.append((team, user))
    scpos = [
        services.user_upsert(
            username=f"bench.scpo.{i:02d}", organisation=school, roles=[Role.SCPO], reason=reason
        )
        for i, school in enumerate(schools)
    ]
    services.user_upsert(
        username="bench.manager", organisation=unit, roles=[Role.MANAGER], reason=reason
    )
    # A practitioner in no team, given a few cases by name ("Who has access"),
    # as case_grant does: what their list costs must not follow the register's size.
    named = services.user_upsert(
        username="bench.named", organisation=unit, roles=[Role.UNIT_STAFF], reason=reason
    )
    named_every, named_given = max(1, cases // NAMED_CASES), 0
    services.user_upsert(username="bench.dpo", organisation=unit, roles=[Role.DPO], reason=reason)
    services.user_upsert(
        username="bench.admin", organisation=unit, roles=[Role.ADMINISTRATOR], reason=reason
    )
    gateway = Gateway.objects.get(code="ca2004-s14b")
    perms = {
        p.codename: p
        for p in Permission.objects.filter(
            codename__in=[
                "view_case",
                "change_case",
                "view_informationrequest",
                "change_informationrequest",
                "respond_informationrequest",
            ]
        )
    }
    counts = dict.fromkeys(
        [
            "cases",
            "people",
            "participants",
            "chronology",
            "requests",
            "decisions",
            "disclosures",
            "permissions",
        ],
        0,
    )
    start_serial = (
        ReferenceCounter.objects.filter(prefix="SC", year=2020)
        .values_list("last", flat=True)
        .first()
        or 0
    )
    request_serial = (
        ReferenceCounter.objects.filter(prefix="IR", year=2020)
        .values_list("last", flat=True)
        .first()
        or 0
    )
    today, now = timezone.localdate(), timezone.now()
    cases_t = _WithHistory(
        Case,
        [
            "id",
            "reference",
            "team_id",
            "lead_practitioner_id",
            "opened_on",
            "status",
            "closed_on",
            "summary",
        ],
        reason,
    )
    people_t = _WithHistory(
        Person, ["id", "first_name", "last_name", "date_of_birth", "owning_team_id"], reason
    )
    participants_t = Table(CaseParticipant, ["case_id", "person_id", "role"])
    entries_t = Table(
        ChronologyEntry,
        ["case_id", "occurred_on", "kind", "text", "information_status", "recorded_by_id"],
    )
    case_perms_t = Table(
        CaseGroupObjectPermission, ["group_id", "permission_id", "content_object_id"]
    )
    case_perms_u_t = Table(
        CaseUserObjectPermission, ["user_id", "permission_id", "content_object_id"]
    )
    requests_t = _WithHistory(
        InformationRequest,
        [
            "id",
            "reference",
            "direction",
            "team_id",
            "gateway_id",
            "scp_function",
            "necessity",
            "requesting_organisation_id",
            "receiving_organisation_id",
            "recipient_id",
            "case_id",
            "information_sought",
            "purpose",
            "started_on",
            "due_on",
            "status",
            "closed_at",
        ],
        reason,
    )
    request_perms_g_t = Table(
        RequestGroupObjectPermission, ["group_id", "permission_id", "content_object_id"]
    )
    request_perms_u_t = Table(
        RequestUserObjectPermission, ["user_id", "permission_id", "content_object_id"]
    )
    events_t = Table(RequestEvent, ["request_id", "kind", "at"])
    decisions_t = Table(
        Decision,
        [
            "id",
            "organisation_id",
            "made_by_id",
            "case_id",
            "outcome",
            "rationale",
            "article6_basis",
            "consent_status",
            "consent_not_sought_reason",
            "not_told_reason",
            "record_completed_at",
            "recipient_organisation_id",
            "made_at",
        ],
    )
    disclosures_t = Table(
        Disclosure,
        [
            "id",
            "decision_id",
            "recipient_organisation_id",
            "shared_on",
            "channel",
            "recorded_by_id",
        ],
    )
    items_t = Table(DisclosureItem, ["disclosure_id", "text", "information_status"])
    view_case, change_case = perms["view_case"].pk, perms["change_case"].pk
    view_request = perms["view_informationrequest"].pk
    change_request = perms["change_informationrequest"].pk
    respond_request = perms["respond_informationrequest"].pk
    summary = "Benchmark case: concerns about attendance and home conditions."
    for chunk in _chunks(cases, BATCH):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Benchmark data: losing the last batch to a crash costs a rerun,
                # not a record, so skip waiting for each commit's WAL flush.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            case_ids = reserve_ids(Case, len(chunk))
            person_ids = iter(reserve_ids(Person, 3 * len(chunk)))
            request_ids = iter(reserve_ids(InformationRequest, 3 * len(chunk)))
            decision_ids = iter(reserve_ids(Decision, 3 * len(chunk)))
            disclosure_ids = iter(reserve_ids(Disclosure, 2 * len(chunk)))
            case_rows, people, participants, entries, case_perms = [], [], [], [], []
            case_perms_u: list[tuple[int, int, int]] = []
            request_rows, request_perms_g, request_perms_u, events = [], [], [], []
            decision_rows, disclosure_rows, items = [], [], []
            for i, case_id in zip(chunk, case_ids, strict=True):
                team, worker = workers[i % len(workers)]
                closed = rng.random() < 0.3
                opened = date(2014, 1, 1) + timedelta(days=rng.randrange(0, 4000))
                closed_on = (
                    min(today, opened + timedelta(days=rng.randrange(30, 700))) if closed else None
                )
                status = "closed" if closed else "open"
                case_rows.append(
                    (
                        case_id,
                        f"SC-2020-{start_serial + i + 1:06d}",
                        team.pk,
                        worker.pk,
                        opened,
                        status,
                        closed_on,
                        summary,
                    )
                )
                born = date(2005, 1, 1) + timedelta(days=rng.randrange(0, 6500))
                for role_index, role in enumerate(("child", "parent", "other")):
                    person_id = next(person_ids)
                    people.append(
                        (
                            person_id,
                            rng.choice(FIRST_NAMES),
                            rng.choice(LAST_NAMES),
                            born
                            if role_index == 0
                            else born - timedelta(days=9000 + rng.randrange(0, 3000)),
                            team.pk,
                        )
                    )
                    participants.append((case_id, person_id, role))
                for e in range(5):
                    entries.append(
                        (
                            case_id,
                            opened + timedelta(days=e * 7),
                            "concern",
                            "Benchmark chronology entry.",
                            ("fact", "opinion", "historical")[e % 3],
                            worker.pk,
                        )
                    )
                group = team.group_id
                case_perms += [(group, view_case, case_id), (group, change_case, case_id)]
                if i % named_every == 0 and named_given < NAMED_CASES:
                    case_perms_u.append((named.pk, view_case, case_id))
                    named_given += 1
                for _ in range(3):
                    school_index = rng.randrange(len(schools))
                    scpo = scpos[school_index]
                    request_serial += 1
                    request_id = next(request_ids)
                    request_rows.append(
                        (
                            request_id,
                            f"IR-2020-{request_serial:06d}",
                            "outgoing",
                            team.pk,
                            gateway.pk,
                            "cspr",
                            "Benchmark necessity.",
                            unit.pk,
                            schools[school_index].pk,
                            scpo.pk,
                            case_id,
                            "Attendance.",
                            "Review.",
                            opened,
                            opened + timedelta(days=21),
                            # As in a live register: requests are answered within
                            # weeks, so few of years of requests are open at once.
                            "closed" if closed else ("open" if rng.random() < 0.02 else "answered"),
                            now if closed else None,
                        )
                    )
                    # As the services grant them: the team edits, the SCPO answers.
                    request_perms_g += [
                        (group, view_request, request_id),
                        (group, change_request, request_id),
                    ]
                    request_perms_u += [
                        (scpo.pk, view_request, request_id),
                        (scpo.pk, respond_request, request_id),
                    ]
                    events.append((request_id, "sent", now))
                for d in range(3):
                    decision_id = next(decision_ids)
                    decision_rows.append(
                        (
                            decision_id,
                            unit.pk,
                            worker.pk,
                            case_id,
                            DecisionOutcome.SHARE.value,
                            "Benchmark decision.",
                            Article6Basis.PUBLIC_TASK.value,
                            ConsentStatus.NOT_SOUGHT.value,
                            ConsentNotSoughtReason.UNSAFE.value,
                            NotToldReason.RISK_OF_HARM.value,
                            now,
                            police.pk,
                            # Made over the life of the case, as a live register's are.
                            made_at(opened, 7 * d + rng.randrange(0, 7)),
                        )
                    )
                    if d != 2:
                        disclosure_id = next(disclosure_ids)
                        disclosure_rows.append(
                            (
                                disclosure_id,
                                decision_id,
                                police.pk,
                                opened,
                                "secure_email",
                                worker.pk,
                            )
                        )
                        items.append(
                            (disclosure_id, "Benchmark item.", InformationStatus.FACT.value)
                        )
            cases_t.write(case_rows)
            people_t.write(people)
            participants_t.write(participants)
            entries_t.write(entries)
            case_perms_t.write(case_perms)
            case_perms_u_t.write(case_perms_u)
            requests_t.write(request_rows)
            request_perms_g_t.write(request_perms_g)
            request_perms_u_t.write(request_perms_u)
            events_t.write(events)
            decisions_t.write(decision_rows)
            disclosures_t.write(disclosure_rows)
            items_t.write(items)
            counts["cases"] += len(case_rows)
            counts["people"] += len(people)
            counts["participants"] += len(participants)
            counts["chronology"] += len(entries)
            counts["requests"] += len(request_rows)
            counts["decisions"] += len(decision_rows)
            counts["disclosures"] += len(disclosure_rows)
            counts["permissions"] += (
                len(case_perms) + len(case_perms_u) + len(request_perms_g) + len(request_perms_u)
            )
        say(f"  {counts['cases']} cases\n")
    ReferenceCounter.objects.update_or_create(
        prefix="SC", year=2020, defaults={"last": start_serial + cases}
    )
    ReferenceCounter.objects.update_or_create(
        prefix="IR", year=2020, defaults={"last": request_serial}
    )
    if connection.vendor == "postgresql" and connection.get_autocommit():
        # As autovacuum would soon after a bulk load: statistics for the planner
        # and the visibility map that lets index-only scans skip the table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return counts
