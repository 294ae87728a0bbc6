"""seed_demo: a usable demo, the same however often it runs."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from cases.models import (
    BreakGlassAccess,
    Case,
    ChronologyEntry,
    Person,
    TermHoliday,
    Transfer,
    TransferStatus,
)
from requests.models import Direction, InformationRequest, RequestEvent
from requests.models import Status as RequestStatus
from retention.models import (
    DisposalCertificate,
    ItemDecision,
    LegalHold,
    RetentionState,
    SarStatus,
    SubjectAccessRequest,
    SweepRun,
)
from retention.models import Status as RetentionStatus
from sharing.models import (
    AccessChange,
    Decision,
    Organisation,
    OrganisationKind,
    SignOff,
    Team,
    User,
)
from sharing.roles import Role

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_the_partnership_and_one_user_per_role():
    _seed()
    kinds = list(Organisation.objects.values_list("kind", flat=True))
    assert kinds.count(OrganisationKind.SCHOOL) == 2
    for kind in (
        OrganisationKind.SAFEGUARDING_PARTNERSHIP,
        OrganisationKind.POLICE,
        OrganisationKind.LOCAL_POLICING_BODY,
        OrganisationKind.HEALTH,
    ):
        assert kind in kinds
    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
    assert User.objects.filter(groups__name=Role.SCPO.value).count() == 2


def _everything() -> dict[str, object]:
    """How many of each kind of row the demo makes, and the states they are in."""
    models = (
        Organisation,
        User,
        Team,
        Person,
        Case,
        ChronologyEntry,
        InformationRequest,
        RequestEvent,
        Decision,
        RetentionState,
        LegalHold,
        DisposalCertificate,
        SweepRun,
        AccessChange,
        BreakGlassAccess,
    )
    counts: dict[str, object] = {model.__name__: model.objects.count() for model in models}
    counts["request states"] = Counter(InformationRequest.objects.values_list("status", flat=True))
    counts["retention states"] = Counter(RetentionState.objects.values_list("status", flat=True))
    counts["history"] = Case.history.count() + InformationRequest.history.count()
    return counts


def test_seed_demo_is_idempotent():
    _seed()
    first = _everything()
    _seed()
    assert _everything() == first


def test_seed_demo_builds_a_month_of_work_for_every_role():
    _seed()
    # A dozen cases over two unit teams and a school (one of the school's old
    # files already disposed of; one open, its file on its way to St Anne's).
    teams = Counter(Case.objects.values_list("team__name", flat=True))
    assert teams == {"Assessment team": 6, "Child protection team": 4, "Safeguarding records": 3}
    transfer = Transfer.objects.get()
    assert transfer.status == TransferStatus.SENT
    assert transfer.receiving_user.username == "scpo.stannes"
    assert TermHoliday.objects.filter(organisation=transfer.sending_organisation).count() == 18
    assert Case.objects.filter(team__organisation__kind=OrganisationKind.SCHOOL).exists()
    # Requests in each state a worker or a school acts on.
    requests = InformationRequest.objects.all()
    today = date.today()
    open_ = requests.filter(status=RequestStatus.OPEN)
    assert open_.filter(due_on__lt=today, direction=Direction.OUTGOING).exists()  # overdue
    assert open_.filter(due_on__lt=today, direction=Direction.INCOMING).exists()
    assert open_.filter(due_on__gte=today, due_on__lte=today + timedelta(days=7)).exists()
    assert requests.filter(status=RequestStatus.CLARIFICATION).count() == 1
    assert requests.filter(status=RequestStatus.ANSWERED).count() == 1
    assert requests.filter(status=RequestStatus.CLOSED).exclude(feedback="").count() == 1
    # Both schools' safeguarding leads have requests waiting in their inbox.
    for username in ("scpo.riverside", "scpo.stannes"):
        assert requests.filter(recipient__username=username, status=RequestStatus.OPEN).exists()
    # The manager has a decision to sign off and a break-glass to review.
    assert Decision.objects.filter(sign_off=SignOff.PENDING).count() == 1
    assert BreakGlassAccess.objects.filter(user__username="manager").count() == 1
    # The worker has an emergency share still to write up.
    assert Decision.objects.filter(emergency=True, record_completed_at=None).count() == 1
    # A decision started through the task list, for the worker to finish.
    from sharing.models import DecisionDraft

    assert DecisionDraft.objects.get().owner.username == "worker"
    # The DPO has records due for review and for disposal, one held, one disposed of.
    states = Counter(RetentionState.objects.values_list("status", flat=True))
    assert states[RetentionStatus.DUE_REVIEW] == 3
    assert states[RetentionStatus.DUE_DISPOSAL] == 1
    assert LegalHold.objects.filter(lifted_at=None).count() == 1
    assert DisposalCertificate.objects.count() == 1
    # A parent's subject access request, its draft pack waiting for review.
    sar = SubjectAccessRequest.objects.get()
    assert (sar.status, sar.identity_checked) == (SarStatus.IN_REVIEW, True)
    assert sar.items.filter(decision=ItemDecision.PENDING).exists()
    # An administrator's change to a team, with its reason.
    change = AccessChange.objects.get(actor__username="admin")
    assert change.subject.username == "worker.cp" and change.reason


def test_seed_demo_prints_a_way_in_that_works():
    output = _seed()
    line = next(
        line for line in output.splitlines() if "backup codes" in line and line.startswith("    ")
    )
    # The first user listed is the unit worker.
    code = line.split(":", 1)[1].split()[0]
    password = output.split("password for all: ", 1)[1].split(")", 1)[0]
    client = Client()

    client.post(reverse("login"), {"username": "worker", "password": password})
    client.post(reverse("two_factor"), {"token": code})

    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b'data-role="unit-staff"' in response.content


def test_seed_demo_refuses_to_run_without_debug():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
