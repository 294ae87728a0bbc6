"""A family known to the unit, for subject access tests: a child in a case
with a parent and a neighbour whose identity is protected, a chronology, an
answered request with a document, a decision and what was shared under it.
Built through the services, as a user would build it."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services as case_services
from sharing.decisions import services as decision_services
from sharing.roles import Role
from tests.cases.factories import PersonFactory
from tests.requests.factories import World, answer
from tests.sharing.decisions.builders import share_in_part_fields
from tests.sharing.factories import UserFactory

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SHARE_WITHOUT_CONSENT = {
    "legitimate_purpose": True,
    "identifiable": True,
    "confidential": True,
    "consent": False,
    "other_reason": True,
}


class Family(World):
    """Jamie Reed (the child, the requester's subject), Morgan Reed (a parent,
    a third party to Jamie's request) and Pat Neighbourly (protected)."""

    def __init__(self):
        super().__init__()
        self.dpo = UserFactory(
            organisation=self.partnership, roles=[Role.DPO], email="dpo@unit.example"
        )
        self.child.date_of_birth = date(2010, 5, 4)
        self.child.address = "12 Mill Lane, Northtown"
        self.child.save()
        self.parent = PersonFactory(owning_team=self.team, first_name="Morgan", last_name="Reed")
        self.neighbour = PersonFactory(
            owning_team=self.team,
            first_name="Pat",
            last_name="Neighbourly",
            identity_protected=True,
            identity_protection_reason="Reported the concern",
        )
        self.case = case_services.case_open(
            user=self.worker,
            team=self.team,
            child=self.child,
            summary="Concerns about neglect at home.",
            reason="referral",
            opened_on=date(2026, 10, 1),
        )
        for person, role in ((self.parent, "parent"), (self.neighbour, "other")):
            case_services.participant_add(
                user=self.worker, case=self.case, person=person, role=role, reason="r"
            )
        self.visit = case_services.chronology_add(
            user=self.worker,
            case=self.case,
            reason="home visit",
            occurred_on=date(2026, 10, 2),
            kind="contact",
            information_status="fact",
            text="Home visit: Jamie said Morgan Reed was asleep all day. The kitchen had no food.",
        )
        self.referral = case_services.chronology_add(
            user=self.worker,
            case=self.case,
            reason="referral",
            occurred_on=date(2026, 9, 30),
            kind="referral",
            information_status="fact",
            text="Pat Neighbourly rang to say Jamie was left alone at night.",
        )
        self.police_note = case_services.chronology_add(
            user=self.worker,
            case=self.case,
            reason="police",
            occurred_on=date(2026, 10, 3),
            kind="information_received",
            information_status="fact",
            text="Police are investigating an adult who visits the house.",
        )
        self.request = self.s14b_to(self.school_a, self.scpo_a, case=self.case)
        answer(
            user=self.scpo_a,
            request=self.request,
            outcome="shared",
            response_status="fact",
            response_text="Attendance record attached. Jamie was absent 20 days.",
            files=[
                SimpleUploadedFile("attendance.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("dsl-notes.pdf", PDF, content_type="application/pdf"),
            ],
        )
        self.request.refresh_from_db()
        self.attendance, self.dsl_notes = self.request.attachments.order_by("pk")
        self.incoming = self.incoming_s47(case=self.case)
        self.decision = decision_services.decision_record(
            user=self.worker,
            request=self.incoming,
            case=self.case,
            recipient_organisation=self.police,
            guide_answers=SHARE_WITHOUT_CONSENT,
            gateway=self.incoming.gateway,
            identities_protected=[self.neighbour],
            **share_in_part_fields(rationale="Strategy discussion under s47."),
        )
        self.disclosure = decision_services.disclosure_record(
            user=self.worker,
            decision=self.decision,
            recipient_organisation=self.police,
            shared_on=date(2026, 11, 16),
            channel="secure_email",
            items=[
                ("Two previous referrals, 2022 and 2024.", "historical"),
                ("The police have a marker on the address.", "fact"),
            ],
        )
        self.referrals_item, self.marker_item = self.disclosure.items.order_by("pk")
