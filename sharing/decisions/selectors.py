"""Reads of sharing decisions and disclosures for the pages: each asks
sharing.decisions.permissions who may know of what."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.models import Case, CaseGroupObjectPermission, CaseUserObjectPermission, Person
from cases.permissions import MANY_CASE_GRANTS
from requests.models import InformationRequest, Status

from ..models import (
    ConsentStatus,
    Decision,
    DecisionDraft,
    Disclosure,
    DisclosureItem,
    PendingAnswer,
    PendingAnswerState,
    SignOff,
    User,
)
from ..permissions import is_manager_of
from ..selectors import grants
from . import permissions


def decisions_visible_to(user: User, *, single: bool = False) -> QuerySet[Decision]:
    """The decisions ``user`` may know of (metadata level): see
    sharing.decisions.permissions, the one place that says who reads what."""
    return permissions.readable_decisions(user, single=single)


def decision_chain(decision: Decision) -> list[Decision]:
    """The decision with those it superseded and those that superseded it,
    oldest first: a reconsideration keeps both, in order."""
    earlier: list[Decision] = []
    current = decision.supersedes
    while current is not None:
        earlier.append(current)
        current = current.supersedes
    later: list[Decision] = []
    current = Decision.objects.filter(supersedes=decision).first()
    while current is not None:
        later.append(current)
        current = Decision.objects.filter(supersedes=current).first()
    return [*reversed(earlier), decision, *later]


def latest_decisions(user: User, limit: int = 50) -> list[Decision]:
    """The decisions page: the latest the user may know of, newest first.

    Managers and the DPO see all their organisation's (metadata; the page
    shows the narrative's names only where they may read it): read in order
    from its index (decision_latest). Other staff see those of cases they may
    open and the case-less ones they are named on: walking the organisation's
    latest until 50 pass their grants is quick for a team that made a tenth of
    them, and slow for a practitioner given a few cases by name. So the latest
    are read from each source of grants on its own (the team's, by name, no
    case), each a semi-join PostgreSQL can estimate and drive either way, and
    merged."""
    visible = permissions.readable_decisions(user).select_related("made_by", "request")
    latest = ("-made_at", "-id")
    if permissions.sees_all_metadata(user):
        return list(visible.order_by(*latest)[:limit])
    # A few hundred granted cases at most: named in the query, so PostgreSQL
    # reads their decisions from the case index (as a semi-join it scanned the
    # organisation's decisions: 134 ms against 10 ms at 100,000 cases).
    on_cases = permissions.decisions_on_few_granted_cases(user, MANY_CASE_GRANTS + 1)
    if on_cases is not None:
        sources = [
            visible.filter(case__isnull=True),
            on_cases.select_related("made_by", "request"),
        ]
    else:
        by_team, by_name = grants(
            user, "cases.view_case", CaseUserObjectPermission, CaseGroupObjectPermission
        )
        sources = [
            visible.filter(case__isnull=True),
            visible.filter(case_id__in=by_team.values("content_object_id")),
            visible.filter(case_id__in=by_name.values("content_object_id")),
        ]
    found = {d.pk: d for source in sources for d in source.order_by(*latest)[:limit]}
    return sorted(found.values(), key=lambda d: (d.made_at, d.pk), reverse=True)[:limit]


def sign_off_queue(user: User) -> QuerySet[Decision]:
    """Decisions waiting for a manager of the user's organisation (not their own)."""
    if user.organisation_id is None or not is_manager_of(user, user.organisation_id):
        return Decision.objects.none()
    return (
        Decision.objects.filter(organisation_id=user.organisation_id, sign_off=SignOff.PENDING)
        .exclude(made_by=user)
        .select_related("made_by", "request")
        .order_by("made_at")
    )


def incomplete_emergency_decisions(user: User) -> QuerySet[Decision]:
    return decisions_visible_to(user).filter(emergency=True, record_completed_at__isnull=True)


def decisions_to_confirm_in_writing(user: User) -> QuerySet[Decision]:
    """Decisions under which something was shared in person or by telephone
    and not yet confirmed in writing (seed 000 §6), flagged until it is."""
    return decisions_visible_to(user).filter(
        pk__in=Disclosure.objects.filter(Disclosure.awaiting_written_confirmation()).values(
            "decision_id"
        )
    )


def disclosures_for_consent_review(user: User) -> QuerySet[Disclosure]:
    """For the DPO: disclosures whose only basis was consent that has since been
    withdrawn, to review for erasure or another basis."""
    if not permissions.can_review_consent(user) or user.organisation_id is None:
        return Disclosure.objects.none()
    return Disclosure.objects.filter(
        Decision.relying_on_consent("decision__"),
        decision__organisation_id=user.organisation_id,
        decision__consent_status=ConsentStatus.WITHDRAWN,
    ).select_related("decision", "recipient_organisation")


def withdrawal_tasks(user: User) -> QuerySet[Disclosure]:
    """The maker's task when consent is withdrawn: each recipient that relied on
    it, still to be told (UK GDPR Art 7(3); seed 000 §5)."""
    return Disclosure.objects.filter(
        Decision.relying_on_consent("decision__"),
        decision__made_by=user,
        decision__consent_status=ConsentStatus.WITHDRAWN,
        withdrawal_told_on__isnull=True,
    ).select_related("decision", "recipient_organisation")


def people_to_protect(
    case: Case | None, info_request: InformationRequest | None
) -> QuerySet[Person] | None:
    """Whose identity a new decision may protect: the people of its case and
    of its request (None when it has neither)."""
    if case is None and info_request is None:
        return None
    condition = Q(pk__in=[])
    if case is not None:
        condition |= Q(participations__case=case)
    if info_request is not None:
        condition |= Q(requests=info_request)
    return Person.objects.filter(condition).distinct()


def protected_people_of_request(info_request: InformationRequest) -> QuerySet[Person]:
    """The request's people, and its case's, whose identity is protected
    (the person-level flag): free text sent in answer is checked for them."""
    condition = Q(requests=info_request)
    if info_request.case_id is not None:
        condition |= Q(participations__case_id=info_request.case_id)
    return Person.objects.filter(condition, identity_protected=True).distinct()


def pending_answer_of(decision: Decision) -> PendingAnswer | None:
    """The answer that waited (or waits) with the decision for its sign-off.
    Only a decision on a request that needed sign-off can have one: no query
    for the others."""
    if decision.request_id is None or decision.sign_off == SignOff.NOT_NEEDED:
        return None
    return PendingAnswer.objects.filter(decision=decision).first()


def answer_waiting_on(info_request: InformationRequest) -> bool:
    """Whether an answer to the request waits for a manager's sign-off."""
    return PendingAnswer.objects.filter(
        request=info_request, state=PendingAnswerState.WAITING
    ).exists()


_OPEN = [Status.OPEN, Status.CLARIFICATION, Status.IN_PROGRESS]


def answers_waiting_for_sign_off(user: User) -> QuerySet[InformationRequest]:
    """The requests the user answered with a decision that waits for a
    manager's sign-off: nothing has gone to the requester yet."""
    return InformationRequest.objects.filter(
        status__in=_OPEN,
        pk__in=PendingAnswer.objects.filter(
            state=PendingAnswerState.WAITING, decision__made_by=user
        ).values("request"),
    )


def answers_returned(user: User) -> QuerySet[InformationRequest]:
    """The requests, still open, whose answer by the user a manager returned
    (nothing was sent) and that they have not answered again."""
    return InformationRequest.objects.filter(
        status__in=_OPEN,
        pk__in=PendingAnswer.objects.filter(
            state=PendingAnswerState.RETURNED, decision__made_by=user
        ).values("request"),
    ).exclude(
        pk__in=PendingAnswer.objects.filter(state=PendingAnswerState.WAITING).values("request")
    )


def protected_people_in(request_id: int | None, case_id: int | None) -> QuerySet[Person]:
    """The people of a request and of a case whose identity is protected (the
    person-level flag), before any decision about them is saved."""
    condition = Q(pk__in=[])
    if request_id is not None:
        condition |= Q(requests=request_id)
    if case_id is not None:
        condition |= Q(participations__case_id=case_id)
    return Person.objects.filter(condition, identity_protected=True).distinct()


def protected_people_of_decision(decision: Decision) -> QuerySet[Person]:
    """Everyone protected in a decision's context: the identities it protects,
    and the protected people of its request and case."""
    condition = Q(protected_in_decisions=decision)
    protected_flag = Q(pk__in=[])
    if decision.request_id is not None:
        protected_flag |= Q(requests=decision.request_id)
    if decision.case_id is not None:
        protected_flag |= Q(participations__case_id=decision.case_id)
    return Person.objects.filter(
        condition | (protected_flag & Q(identity_protected=True))
    ).distinct()


def decision_subjects(decision: Decision) -> list[Person]:
    """The people the decision's request is about."""
    return list(decision.request.subjects.all()) if decision.request else []


def protected_ids(decision: Decision) -> set[int]:
    """The people whose identity the decision protects, by id."""
    return {person.pk for person in decision.identities_protected.all()}


def decision_disclosures(decision: Decision) -> list[Disclosure]:
    """What was shared under the decision, with its items."""
    return list(
        decision.disclosures.prefetch_related("items").select_related("recipient_organisation")
    )


def disclosure_item(decision: Decision, pk: int) -> DisclosureItem:
    """An item shared under ``decision`` (already found for the user); otherwise 404."""
    item = (
        DisclosureItem.objects.select_related("disclosure__recipient_organisation")
        .filter(pk=pk, disclosure__decision=decision)
        .first()
    )
    if item is None:
        raise Http404("No such item.")
    item.disclosure.decision = decision
    return item


def own_drafts(user: User) -> QuerySet[DecisionDraft]:
    """The decisions the user has started and not yet recorded (theirs alone),
    newest first, to come back to."""
    return DecisionDraft.objects.filter(
        owner_id=user.pk, expires_at__gt=timezone.now()
    ).select_related("request", "case")
