"""Who may see and decide on retention: the one permission path for retention
states, legal holds and disposal certificates.

Views, services, reports and tasks all ask here. Retention is the data
protection officer's: the DPO sees retention metadata (record type and id,
rule, dates, status), never case narrative, and alone retains, approves
disposal, places and lifts legal holds."""

from django.db.models import QuerySet
from django.http import Http404

from cases.models import Person
from sharing.permissions import AnyUser, is_dpo
from sharing.permissions import require_dpo as require_dpo

from .models import (
    DisposalCertificate,
    LegalHold,
    RetentionRule,
    RetentionState,
    SubjectAccessRequest,
)

__all__ = [
    "can_approve_disposal",
    "can_change_rules",
    "can_handle_subject_access",
    "can_lift_hold",
    "can_place_hold",
    "can_review_retention",
    "get_hold_for_dpo",
    "get_rule_for_dpo",
    "get_state_for_dpo",
    "get_subject_access_for_dpo",
    "people_for_subject_access",
    "readable_certificates",
    "readable_holds",
    "readable_rules",
    "readable_states",
    "readable_subject_access_requests",
    "require_dpo",
]


def can_review_retention(user: AnyUser) -> bool:
    """The dashboard, the reports and a decision to retain."""
    return is_dpo(user)


def can_approve_disposal(user: AnyUser) -> bool:
    return is_dpo(user)


def can_place_hold(user: AnyUser) -> bool:
    return is_dpo(user)


def can_lift_hold(user: AnyUser) -> bool:
    return is_dpo(user)


def readable_states(user: AnyUser) -> QuerySet[RetentionState]:
    if not can_review_retention(user):
        return RetentionState.objects.none()
    return RetentionState.objects.all()


def readable_holds(user: AnyUser) -> QuerySet[LegalHold]:
    if not can_review_retention(user):
        return LegalHold.objects.none()
    return LegalHold.objects.all()


def readable_certificates(user: AnyUser) -> QuerySet[DisposalCertificate]:
    if not can_review_retention(user):
        return DisposalCertificate.objects.none()
    return DisposalCertificate.objects.all()


def get_state_for_dpo(user: AnyUser, pk: int) -> RetentionState:
    """The record's retention state, or 404 (to anyone but the DPO as well:
    whether a record has a state is not theirs to learn)."""
    state = readable_states(user).select_related("rule").filter(pk=pk).first()
    if state is None:
        raise Http404("No such record.")
    return state


def can_change_rules(user: AnyUser) -> bool:
    """The DPO changes retention rules on their own page (with a reason);
    the administrator still can in the admin."""
    return is_dpo(user)


def readable_rules(user: AnyUser) -> QuerySet[RetentionRule]:
    if not can_review_retention(user):
        return RetentionRule.objects.none()
    return RetentionRule.objects.all()


def get_rule_for_dpo(user: AnyUser, pk: int) -> RetentionRule:
    if not can_change_rules(user):
        raise Http404("No such rule.")
    rule = readable_rules(user).filter(pk=pk).first()
    if rule is None:
        raise Http404("No such rule.")
    return rule


def get_hold_for_dpo(user: AnyUser, pk: int) -> LegalHold:
    hold = readable_holds(user).filter(pk=pk).first()
    if hold is None:
        raise Http404("No such hold.")
    return hold


# --- Subject access requests (UK GDPR Art 15): the DPO's alone ----------------


def can_handle_subject_access(user: AnyUser) -> bool:
    """Log a request, check identity, extend, build, review and release the
    pack: the data protection officer, who answers for the whole register."""
    return is_dpo(user)


def readable_subject_access_requests(user: AnyUser) -> QuerySet[SubjectAccessRequest]:
    if not can_handle_subject_access(user):
        return SubjectAccessRequest.objects.none()
    return SubjectAccessRequest.objects.all()


def people_for_subject_access(user: AnyUser) -> QuerySet[Person]:
    """Whom a request may be about: anyone in the register, for the DPO."""
    if not can_handle_subject_access(user):
        return Person.objects.none()
    return Person.objects.all()


def get_subject_access_for_dpo(user: AnyUser, pk: int) -> SubjectAccessRequest:
    """The request, or 404 to anyone but the DPO (whether someone asked is not
    theirs to learn)."""
    found = readable_subject_access_requests(user).select_related("person").filter(pk=pk).first()
    if found is None:
        raise Http404("No such request.")
    return found
