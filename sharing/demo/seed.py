"""The demo (``manage.py seed_demo``, ``make run``): organisations and one
user per role, ready to sign in, and a month of work (sharing.demo.month).

Idempotent: running it again changes nothing but re-printing what a demo user
needs (passwords are reset to the demo password; unused backup codes are kept,
and topped up only when a user has none left).
"""

import base64
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper
from django.core.management.color import Style

from sharing import services
from sharing.demo.month import build_month
from sharing.demo.transfers import build_transfers
from sharing.models import OrganisationKind, PoliceForceArea, SecureChannel
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
        "username": "worker.cp",
        "first_name": "Ruth",
        "last_name": "Adeyemi",
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
        # The unit's DPO: a DPO oversees their own organisation's decisions.
        "organisation": "Northshire Safeguarding Unit",
        "roles": [Role.DPO],
    },
    {
        "username": "business.manager",
        "first_name": "Jo",
        "last_name": "Bennett",
        # The partnership's statistics for its annual report, never a record.
        "organisation": "Northshire Safeguarding Children Partnership",
        "roles": [Role.BUSINESS_MANAGER],
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
    each signs in) and the month's work."""
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
    build_month(organisations)
    build_transfers(organisations)
    stdout.write(
        style.SUCCESS("\nDemo ready: sign in with a username above, the password and a code.")
    )
