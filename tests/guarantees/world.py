"""One register with every kind of object and every kind of actor, for the
tests that walk the whole surface (access matrix, read log, junk input).

Built through the services, as a user would build it; the objects a DPO works
on (retention state, certificate) are made directly, as the sweep and the
disposal job make them."""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cases import services as case_services
from cases.models import Case
from requests import services as request_services
from retention.models import DisposalCertificate, RetentionRule, RetentionState
from retention.subject_access import services as sar_services
from sharing import services as sharing_services
from sharing.decisions import services as decision_services
from sharing.models import OrganisationKind
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.conftest import sign_in_verified
from tests.requests.factories import World
from tests.retention.factories import ensure_rules
from tests.sharing.decisions.builders import (
    consent_fields,
    decision_fields,
    emergency_fields,
    share_in_part_fields,
)
from tests.sharing.factories import OrganisationFactory, UserFactory

CHILD_FIRST, CHILD_LAST = "Jamie", "Reed"
NEIGHBOUR = "Neighbourly"
RATIONALE = "Strategy discussion under s47 needs the household's history."
ITEM = "Two previous referrals, 2022 and 2024."
SHARE_WITHOUT_CONSENT = {
    "legitimate_purpose": True,
    "identifiable": True,
    "confidential": True,
    "consent": False,
    "other_reason": True,
}

# The smallest real PDF: what a school attaches to an answer.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class Register(World):
    """World's partnership, unit team, schools and SCPOs, plus everyone else."""

    def __init__(self):  # untyped, as the factories it calls are
        super().__init__()
        ensure_rules()
        org = self.partnership
        self.other_team = make_team(organisation=org, name="Other unit")
        self.other_worker = team_member(self.other_team, roles=[Role.UNIT_STAFF])
        self.named = UserFactory(organisation=org, roles=[Role.UNIT_STAFF])
        self.manager = UserFactory(organisation=org, roles=[Role.MANAGER])
        self.manager_bg = UserFactory(organisation=org, roles=[Role.MANAGER])
        elsewhere = OrganisationFactory(
            name="Southshire Partnership", kind=OrganisationKind.SAFEGUARDING_PARTNERSHIP
        )
        self.manager_other = UserFactory(organisation=elsewhere, roles=[Role.MANAGER])
        self.dpo = UserFactory(organisation=org, roles=[Role.DPO], email="dpo@unit.example")
        # The partnership's statistics, never a record.
        self.business_manager = UserFactory(organisation=org, roles=[Role.BUSINESS_MANAGER])
        self.administrator = UserFactory(
            organisation=org, roles=[Role.ADMINISTRATOR], is_staff=True
        )
        self.superuser = UserFactory(organisation=org, is_staff=True, is_superuser=True)
        # A change to an organisation's health or social care status, waiting
        # for the DPO.
        self.status_change = sharing_services.status_change_request(
            actor=self.administrator,
            organisation=self.police,
            health_or_social_care=True,
            reason="The force now runs a health and justice service.",
        )
        self.unverified = team_member(self.team, roles=[Role.UNIT_STAFF])
        self.inactive = team_member(self.team, roles=[Role.UNIT_STAFF])

        self.case = case_services.case_open(
            user=self.worker,
            team=self.team,
            child=self.child,
            summary="Concerns about neglect at home.",
            reason="referral",
            opened_on=date(2026, 10, 1),
        )
        self.neighbour = PersonFactory(
            owning_team=self.team,
            first_name="Pat",
            last_name=NEIGHBOUR,
            identity_protected=True,
            identity_protection_reason="Reported the concern",
        )
        case_services.participant_add(
            user=self.worker, case=self.case, person=self.neighbour, role="other", reason="r"
        )
        self.entry = case_services.chronology_add(
            user=self.worker,
            case=self.case,
            reason="home visit",
            occurred_on=date(2026, 10, 2),
            kind="contact",
            information_status="fact",
            text="Home visit: the kitchen had no food.",
        )
        self.category = case_services.case_category_add(
            user=self.worker,
            case=self.case,
            category="child_in_need",
            started_on=date(2026, 10, 1),
            reason="Assessment under section 17",
        )
        case_services.case_grant(
            user=self.worker,
            case=self.case,
            practitioner=self.named,
            can_change=False,
            reason="Youth worker supporting the child",
        )
        case_services.break_glass_open(
            user=self.manager_bg,
            reference=self.case.reference,
            reason="Police at the door at night; the duty worker cannot be reached.",
        )

        # An open request to school A (the SCPO may answer it) and an answered one.
        self.request = self.s14b_to(self.school_a, self.scpo_a, case=self.case)
        self.answered = self.s14b_to(self.school_a, self.scpo_a, case=self.case)
        decision_services.request_answer_by_decision(
            user=self.scpo_a,
            request=self.answered,
            decision_fields=decision_fields(),
            channel="register",
            response_status="fact",
            response_text="Attendance record attached.",
            files=[SimpleUploadedFile("attendance.pdf", PDF, content_type="application/pdf")],
        )
        self.answered.refresh_from_db()
        self.attachment = self.answered.attachments.get()
        self.export, _password = request_services.request_export(
            user=self.worker,
            request=self.answered,
            issued_to="Review panel chair",
            password_route="phone",
        )

        self.incoming = incoming = self.incoming_s47(case=self.case)
        self.decision = decision_services.decision_record(
            user=self.worker,
            request=incoming,
            case=self.case,
            recipient_organisation=self.police,
            guide_answers=SHARE_WITHOUT_CONSENT,
            gateway=incoming.gateway,
            identities_protected=[self.neighbour],
            **share_in_part_fields(rationale=RATIONALE),
        )
        self.disclosure = decision_services.disclosure_record(
            user=self.worker,
            decision=self.decision,
            recipient_organisation=self.police,
            shared_on=date(2026, 11, 16),
            channel="secure_email",
            items=[(ITEM, "historical")],
        )
        # Shared by phone in an emergency: the record to complete and the
        # spoken share to confirm in writing, each with its own form.
        self.emergency = decision_services.decision_record(
            user=self.worker,
            case=self.case,
            recipient_organisation=self.police,
            **emergency_fields(),
        )
        self.spoken = decision_services.disclosure_record(
            user=self.worker,
            decision=self.emergency,
            recipient_organisation=self.police,
            shared_on=date(2026, 11, 16),
            channel="telephone",
            items=[(ITEM, "historical")],
        )
        # Shared on consent since withdrawn: the recipient is still to be told.
        self.consented = decision_services.decision_record(
            user=self.worker, case=self.case, recipient_organisation=self.police, **consent_fields()
        )
        self.relied_on = decision_services.disclosure_record(
            user=self.worker,
            decision=self.consented,
            recipient_organisation=self.police,
            shared_on=date(2026, 11, 16),
            channel="secure_email",
            items=[(ITEM, "historical")],
        )
        decision_services.decision_consent_withdrawn(
            user=self.worker, decision=self.consented, withdrawn_on=date(2026, 11, 20)
        )

        self.state = RetentionState.objects.create(
            content_type=ContentType.objects.get_for_model(Case),
            object_id=self.case.pk,
            record_type="case",
            organisation_id=org.pk,
            rule=RetentionRule.objects.filter(record_type="case").first(),
            due_on=date(2026, 11, 1),
            status="due_review",
            flagged_on=date(2026, 11, 1),
        )
        self.certificate = DisposalCertificate.objects.create(
            number="DC-2026-000001",
            record_type="case",
            object_id=self.case.pk + 1000,
            rule_name="Unit case records",
            approved_by=self.dpo,
            approved_at=timezone.now() - timedelta(days=1),
            method="secure_deletion",
        )

        # A subject access request about the child, its pack in review, and
        # another already released.
        self.sar = sar_services.sar_log(
            user=self.dpo,
            person=self.child,
            requester="Jamie Reed, by letter",
            requester_is="subject",
            received_on=timezone.localdate(),
            identity_checked=True,
            identity_check="Passport seen in person",
        )
        sar_services.sar_build(user=self.dpo, sar=self.sar)
        self.sar_item = self.sar.items.order_by("position").first()
        self.released_sar = sar_services.sar_log(
            user=self.dpo,
            person=self.child,
            requester="Jamie Reed, again",
            requester_is="subject",
            received_on=timezone.localdate(),
            identity_checked=True,
            identity_check="Passport seen in person",
        )
        sar_services.sar_build(user=self.dpo, sar=self.released_sar)
        for item in self.released_sar.items.all():
            sar_services.sar_item_review(user=self.dpo, item=item, decision="include")
        sar_services.sar_release(user=self.dpo, sar=self.released_sar, password_route="phone")

        self.inactive.is_active = False
        self.inactive.save()

    # The people and words that must never reach someone without a need to know.
    SECRETS = (CHILD_FIRST, CHILD_LAST, NEIGHBOUR, RATIONALE, ITEM)

    def client_for(self, actor: str) -> Client:
        if actor == "anonymous":
            return Client()
        user = getattr(self, actor)
        if actor == "unverified":
            client = Client()
            client.force_login(user)
            return client
        return sign_in_verified(Client(), user)


ACTORS = (
    "worker",
    "other_worker",
    "named",
    "manager",
    "manager_bg",
    "manager_other",
    "scpo_a",
    "scpo_b",
    "dpo",
    "business_manager",
    "administrator",
    "superuser",
    "unverified",
    "anonymous",
    "inactive",
)


def sent_transfer(register: Register, route: str = "register"):  # untyped, as Register is
    """The unit's case's file sent to school A (its SCPO receives it), or as
    an encrypted pack: made when a walk asks, inside that test's transaction."""
    from cases.transfers import services as transfer_services

    fields = (
        {"receiving_user": register.scpo_a}
        if route == "register"
        else {"receiving_contact": "DSL, dsl@riverside.example", "password_route": "phone"}
    )
    transfer, _password, _token = transfer_services.transfer_send(
        user=register.worker,
        case=register.case,
        subject=register.child,
        kind="school",
        receiving_organisation=register.school_a,
        route=route,
        summary="Child protection plan for neglect; the file follows the child.",
        confirmed_on=date(2026, 11, 16),
        **fields,
    )
    return transfer


def receipt_token(register: Register) -> str:
    """A one-time receipt link's token, for a pack sent to school A."""
    from cases.transfers import services as transfer_services

    _transfer, _password, token = transfer_services.transfer_send(
        user=register.worker,
        case=register.case,
        subject=register.child,
        kind="school",
        receiving_organisation=register.school_a,
        route="pack",
        receiving_contact="DSL, dsl@riverside.example",
        password_route="phone",
        summary="Child protection plan for neglect; the file follows the child.",
        confirmed_on=date(2026, 11, 16),
    )
    return token


def decision_draft(register: Register):  # untyped, as Register is
    """A sharing decision the unit's worker is writing on the case (the task
    list): made when a walk asks, inside that test's transaction."""
    return decision_services.draft_start(
        user=register.worker, case=register.case, guide_answers={"consent": False}
    )


def answering_draft(register: Register):  # untyped, as Register is
    """The SCPO's answer to the request, written through the task list (its
    check your answers page takes the documents): made when a walk asks."""
    return decision_services.draft_start(
        user=register.scpo_a, request=register.request, answering=True
    )


def standing_hold(register: Register):  # untyped, as Register is
    """A legal hold on the case, for the DPO to lift: made when a walk asks."""
    from retention.services import review

    return review.hold_place(user=register.dpo, record=register.case, reason="Litigation hold")
