"""The demo (``manage.py seed_demo``, ``make run``): organisations and one
user per role, ready to sign in, and a case with its requests.

Idempotent: running it again changes nothing but re-printing what a demo user
needs (passwords are reset to the demo password; unused backup codes are kept,
and topped up only when a user has none left).
"""

import base64
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper
from django.core.management.color import Style

from cases import services as case_services
from cases.models import Case, EntryKind, InformationStatus, ParticipantRole
from requests import services as request_services
from sharing import services
from sharing.models import (
    Gateway,
    OrganisationKind,
    PoliceForceArea,
    SecureChannel,
    Team,
    User,
)
from sharing.roles import Role
from sharing.selectors import backup_codes_remaining

REASON = "Demo data (seed_demo)"
MIN_DEMO_PASSWORD = 8
AREA = PoliceForceArea.WEST_MERCIA

ORGANISATIONS: list[dict[str, Any]] = [
    {
        "name": "Northshire Safeguarding Children Partnership",
        "kind": OrganisationKind.SAFEGUARDING_PARTNERSHIP,
        "secure_contact": "partnership@northshire.example.gov.uk",
    },
    {
        "name": "Northshire Safeguarding Unit",
        "kind": OrganisationKind.SAFEGUARDING_PARTNERSHIP,
        "secure_contact": "safeguarding.unit@northshire.example.gov.uk",
    },
    {
        "name": "Riverside Academy",
        "kind": OrganisationKind.SCHOOL,
        "secure_contact": "dsl@riverside.example.sch.uk",
    },
    {
        "name": "St Anne's Primary School",
        "kind": OrganisationKind.SCHOOL,
        "secure_contact": "dsl@stannes.example.sch.uk",
    },
    {
        "name": "Northshire Police",
        "kind": OrganisationKind.POLICE,
        "secure_contact": "mash@northshire-police.example.police.uk",
    },
    {
        "name": "Northshire Police and Crime Commissioner",
        "kind": OrganisationKind.LOCAL_POLICING_BODY,
        "secure_contact": "svd@northshire-pcc.example.gov.uk",
    },
    {
        "name": "Northshire NHS Foundation Trust",
        "kind": OrganisationKind.HEALTH,
        "secure_contact": "safeguarding@northshire-nhs.example.nhs.uk",
    },
]

USERS: list[dict[str, Any]] = [
    {
        "username": "worker",
        "first_name": "Sam",
        "last_name": "Okafor",
        "organisation": "Northshire Safeguarding Unit",
        "roles": [Role.UNIT_STAFF],
    },
    {
        "username": "manager",
        "first_name": "Priya",
        "last_name": "Shah",
        "organisation": "Northshire Safeguarding Unit",
        "roles": [Role.MANAGER],
    },
    {
        "username": "scpo.riverside",
        "first_name": "Dan",
        "last_name": "Hughes",
        "organisation": "Riverside Academy",
        "roles": [Role.SCPO],
    },
    {
        "username": "scpo.stannes",
        "first_name": "Mary",
        "last_name": "Doyle",
        "organisation": "St Anne's Primary School",
        "roles": [Role.SCPO],
    },
    {
        "username": "dpo",
        "first_name": "Alex",
        "last_name": "Morgan",
        "organisation": "Northshire Safeguarding Children Partnership",
        "roles": [Role.DPO],
    },
    {
        "username": "admin",
        "first_name": "Chris",
        "last_name": "Lee",
        "organisation": "Northshire Safeguarding Children Partnership",
        "roles": [Role.ADMINISTRATOR],
    },
]

DEFAULT_DEMO_PASSWORD = "register-demo-2026"  # noqa: S105 - printed for the demo on purpose


def seed(*, password: str, allow_without_debug: bool, stdout: OutputWrapper, style: Style) -> None:
    """Check the arguments, then seed the organisations, the users (printing how
    each signs in) and the demo case."""
    # A blank or unprintable password would be printed as if it worked and
    # then refused at sign-in; say so now, in one line.
    if (
        len(password) < MIN_DEMO_PASSWORD
        or not password.isprintable()
        or password != password.strip()
    ):
        raise CommandError(
            f"--password must be at least {MIN_DEMO_PASSWORD} characters, "
            "printable, with no spaces at either end."
        )
    if not settings.DEBUG and not allow_without_debug:
        raise CommandError(
            "seed_demo creates users with a published password: it runs only with "
            "DEBUG on (the embedded demo). Pass --allow-without-debug to override."
        )
    organisations = {
        spec["name"]: services.organisation_upsert(
            reason=REASON,
            police_force_area=AREA,
            secure_channel=SecureChannel.SECURE_EMAIL,
            **spec,
        )
        for spec in ORGANISATIONS
    }
    stdout.write(f"Demo users (password for all: {password})\n")
    for spec in USERS:
        spec = dict(spec)
        organisation = organisations[spec.pop("organisation")]
        user = services.user_upsert(
            organisation=organisation, reason=REASON, password=password, **spec
        )
        totp = services.demo_totp_device_ensure(user)
        codes = backup_codes_remaining(user) or services.backup_codes_issue(user)
        roles = ", ".join(role.value for role in spec["roles"])
        stdout.write(f"\n  {user.username}  ({roles}, {organisation})")
        stdout.write(f"    authenticator key: {base64.b32encode(totp.bin_key).decode()}")
        stdout.write(f"    backup codes (each works once): {' '.join(codes)}")
    _seed_cases(organisations)
    stdout.write(style.SUCCESS("\nDemo ready: sign in at http://127.0.0.1:8000/"))


def _seed_cases(organisations: dict[str, Any]) -> None:
    """One team in the unit with the worker in it, and one demo case. The
    manager is not in the team: they reach the case by break-glass."""
    unit = organisations["Northshire Safeguarding Unit"]
    team = Team.objects.filter(organisation=unit, name="Assessment team").first()
    if team is None:
        team = services.team_create(organisation=unit, name="Assessment team", reason=REASON)
    worker = User.objects.get(username="worker")
    services.team_add_member(team=team, user=worker)
    if Case.objects.filter(team=team).exists():
        return
    _seed_case(organisations, team, worker)


def _seed_case(organisations: dict[str, Any], team: Any, worker: Any) -> None:
    child = case_services.person_create(
        user=worker,
        team=team,
        reason=REASON,
        first_name="Jamie",
        last_name="Reed",
        date_of_birth=date(2014, 5, 17),
        gender="male",
        nhs_number="9434765919",
    )
    case = case_services.case_open(
        user=worker,
        team=team,
        child=child,
        opened_on=date(2026, 9, 1),
        reason=REASON,
        summary="Concerns raised by school about injuries and missed attendance.",
        lead_practitioner=worker,
    )
    adults = [
        ("Lee", "Reed", date(1988, 2, 3), ParticipantRole.PARENT),
        ("Kyle", "Marsh", date(1990, 11, 12), ParticipantRole.ALLEGED_PERPETRATOR),
    ]
    for first, last, born, role in adults:
        person = case_services.person_create(
            user=worker,
            team=team,
            reason=REASON,
            first_name=first,
            last_name=last,
            date_of_birth=born,
        )
        case_services.participant_add(
            user=worker, case=case, person=person, role=role, reason=REASON
        )
    school = organisations["Riverside Academy"]
    for occurred_on, kind, status, text in [
        (
            date(2026, 9, 1),
            EntryKind.REFERRAL,
            InformationStatus.FACT,
            "Referral from Riverside Academy DSL: bruising to forearm seen in PE.",
        ),
        (
            date(2026, 9, 3),
            EntryKind.INFORMATION_RECEIVED,
            InformationStatus.OPINION,
            "Class teacher believes Jamie is frightened to go home on Fridays.",
        ),
        (
            date(2026, 9, 4),
            EntryKind.INFORMATION_RECEIVED,
            InformationStatus.HISTORICAL,
            "Previous referral in 2022 (another authority), closed after assessment.",
        ),
    ]:
        case_services.chronology_add(
            user=worker,
            case=case,
            reason=REASON,
            occurred_on=occurred_on,
            kind=kind,
            information_status=status,
            text=text,
            source_organisation=school,
        )
    # An s14B request to Riverside Academy's SCPO, waiting for an answer, and
    # an incoming s47 request from the police.
    scpo = User.objects.get(username="scpo.riverside")
    today = date.today()
    request_services.request_send(
        user=worker,
        team=team,
        recipient=scpo,
        receiving_organisation=school,
        gateway=Gateway.objects.get(code="ca2004-s14b"),
        scp_function="cspr",
        necessity="The practice review panel needs Jamie's attendance and any concerns "
        "recorded in the autumn term to understand what was known.",
        information_sought="Attendance and safeguarding concerns, September to December.",
        purpose="Child safeguarding practice review.",
        started_on=today,
        subjects=[child],
        case=case,
    )
    request_services.request_log_incoming(
        user=worker,
        team=team,
        requesting_organisation=organisations["Northshire Police"],
        requester_contact="DC Ellis, MASH",
        gateway=Gateway.objects.get(code="ca1989-s17-s47"),
        ca1989_section="s47",
        information_sought="Known concerns about the household.",
        purpose="Strategy discussion.",
        started_on=today,
        urgency="urgent",
        subjects=[child],
    )
