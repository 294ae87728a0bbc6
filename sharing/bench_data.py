"""Building a benchmark-sized register with set-based bulk inserts.

The rows look like the real services' output (references, permissions as the
services grant them, history rows), but are written a batch at a time: the
services' one-record-at-a-time path would take hours at 100,000 cases."""

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.utils import timezone

from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CaseParticipant,
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
from sharing.models import (
    Decision,
    Disclosure,
    DisclosureItem,
    Gateway,
    OrganisationKind,
    Team,
)
from sharing.roles import Role

BATCH = 2000
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
]
LAST_NAMES = [
    "Reed",
    "Patel",
    "Okafor",
    "Hughes",
    "Doyle",
    "Shah",
    "Morgan",
    "Lee",
    "Evans",
    "Khan",
]


def _chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(total, start + size))


def _history_rows(model: Any, objects: list[Any], reason: str) -> None:
    """History rows as the services would leave them (one "+" row each)."""
    history_model = model.history.model
    now = timezone.now()
    rows = []
    for obj in objects:
        values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
        rows.append(
            history_model(
                **values, history_date=now, history_type="+", history_change_reason=reason
            )
        )
    history_model.objects.bulk_create(rows, batch_size=BATCH)


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
    services.user_upsert(username="bench.dpo", organisation=unit, roles=[Role.DPO], reason=reason)
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
    today = timezone.localdate()
    for chunk in _chunks(cases, BATCH):
        with transaction.atomic():
            people: list[Person] = []
            new_cases: list[Case] = []
            for i in chunk:
                team, worker = workers[i % len(workers)]
                closed = rng.random() < 0.3
                opened = date(2014, 1, 1) + timedelta(days=rng.randrange(0, 4000))
                new_cases.append(
                    Case(
                        reference=f"SC-2020-{start_serial + i + 1:06d}",
                        team=team,
                        lead_practitioner=worker,
                        opened_on=opened,
                        status="closed" if closed else "open",
                        closed_on=min(today, opened + timedelta(days=rng.randrange(30, 700)))
                        if closed
                        else None,
                        summary="Benchmark case: concerns about attendance and home conditions.",
                    )
                )
                born = date(2005, 1, 1) + timedelta(days=rng.randrange(0, 6500))
                for role_index in range(3):
                    people.append(
                        Person(
                            first_name=rng.choice(FIRST_NAMES),
                            last_name=rng.choice(LAST_NAMES),
                            date_of_birth=born
                            if role_index == 0
                            else born - timedelta(days=9000 + rng.randrange(0, 3000)),
                            owning_team=team,
                        )
                    )
            Case.objects.bulk_create(new_cases, batch_size=BATCH)
            Person.objects.bulk_create(people, batch_size=BATCH)
            _history_rows(Case, new_cases, reason)
            _history_rows(Person, people, reason)
            participants, entries, group_perms = [], [], []
            for n, case in enumerate(new_cases):
                trio = people[n * 3 : n * 3 + 3]
                for person, role in zip(trio, ["child", "parent", "other"], strict=True):
                    participants.append(CaseParticipant(case=case, person=person, role=role))
                for e in range(5):
                    entries.append(
                        ChronologyEntry(
                            case=case,
                            occurred_on=case.opened_on + timedelta(days=e * 7),
                            kind="concern",
                            text="Benchmark chronology entry.",
                            information_status=("fact", "opinion", "historical")[e % 3],
                            recorded_by=case.lead_practitioner,
                        )
                    )
                for codename in ("view_case", "change_case"):
                    group_perms.append(
                        CaseGroupObjectPermission(
                            group_id=case.team.group_id,
                            permission=perms[codename],
                            content_object=case,
                        )
                    )
            CaseParticipant.objects.bulk_create(participants, batch_size=BATCH)
            ChronologyEntry.objects.bulk_create(entries, batch_size=BATCH)
            CaseGroupObjectPermission.objects.bulk_create(group_perms, batch_size=BATCH)
            requests_, request_perms_g, request_perms_u, events = [], [], [], []
            for case in new_cases:
                for r in range(3):
                    school_index = rng.randrange(len(schools))
                    request_serial += 1
                    requests_.append(
                        InformationRequest(
                            reference=f"IR-2020-{request_serial:06d}",
                            direction="outgoing",
                            team=case.team,
                            gateway=gateway,
                            scp_function="cspr",
                            necessity="Benchmark necessity.",
                            requesting_organisation=unit,
                            receiving_organisation=schools[school_index],
                            recipient=scpos[school_index],
                            case=case,
                            information_sought="Attendance.",
                            purpose="Review.",
                            started_on=case.opened_on,
                            due_on=case.opened_on + timedelta(days=21),
                            status="closed"
                            if case.status == "closed"
                            else ("open", "answered")[r % 2],
                            closed_at=timezone.now() if case.status == "closed" else None,
                        )
                    )
            InformationRequest.objects.bulk_create(requests_, batch_size=BATCH)
            for request in requests_:
                for codename in ("view_informationrequest", "change_informationrequest"):
                    request_perms_g.append(
                        RequestGroupObjectPermission(
                            group_id=request.team.group_id,
                            permission=perms[codename],
                            content_object=request,
                        )
                    )
                for codename in ("view_informationrequest", "respond_informationrequest"):
                    request_perms_u.append(
                        RequestUserObjectPermission(
                            user_id=request.recipient_id or 0,
                            permission=perms[codename],
                            content_object=request,
                        )
                    )
                events.append(RequestEvent(request=request, kind="sent", at=timezone.now()))
            RequestGroupObjectPermission.objects.bulk_create(request_perms_g, batch_size=BATCH)
            RequestUserObjectPermission.objects.bulk_create(request_perms_u, batch_size=BATCH)
            RequestEvent.objects.bulk_create(events, batch_size=BATCH)
            decisions = [
                Decision(
                    organisation=unit,
                    made_by=case.lead_practitioner,
                    case=case,
                    outcome="share",
                    rationale="Benchmark decision.",
                    article6_basis="6_1_e",
                    consent_status="not_sought",
                    consent_not_sought_reason="unsafe",
                    not_told_reason="risk_of_harm",
                    record_completed_at=timezone.now(),
                    recipient_organisation=police,
                )
                for case in new_cases
                for _ in range(3)
            ]
            Decision.objects.bulk_create(decisions, batch_size=BATCH)
            disclosures = [
                Disclosure(
                    decision=decision,
                    recipient_organisation=police,
                    shared_on=decision.case.opened_on,  # type: ignore[union-attr]
                    channel="secure_email",
                    recorded_by=decision.made_by,
                )
                for n, decision in enumerate(decisions)
                if n % 3 != 2
            ]
            Disclosure.objects.bulk_create(disclosures, batch_size=BATCH)
            DisclosureItem.objects.bulk_create(
                [
                    DisclosureItem(disclosure=d, text="Benchmark item.", information_status="fact")
                    for d in disclosures
                ],
                batch_size=BATCH,
            )
            counts["cases"] += len(new_cases)
            counts["people"] += len(people)
            counts["participants"] += len(participants)
            counts["chronology"] += len(entries)
            counts["requests"] += len(requests_)
            counts["decisions"] += len(decisions)
            counts["disclosures"] += len(disclosures)
            counts["permissions"] += len(group_perms) + len(request_perms_g) + len(request_perms_u)
        say(f"  {counts['cases']} cases\n")
    ReferenceCounter.objects.update_or_create(
        prefix="SC", year=2020, defaults={"last": start_serial + cases}
    )
    ReferenceCounter.objects.update_or_create(
        prefix="IR", year=2020, defaults={"last": request_serial}
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts
