"""The one permission path for sharing decisions and disclosures. Views,
services, the PDF, exports and the pages' context all ask here.

Two levels of reading (the issue's need-to-know rule):

- the **metadata** of a decision (outcome, dates, gateway, lawful basis,
  consent status, sign-off state): managers and the DPO of the deciding
  organisation, for oversight, and everyone who may read the narrative;
- the **narrative** (reasons, what was shared, the people named, advice,
  consent details, protected identities: everything else): those who may open
  its case (team, by name, lead, break-glass); the manager asked to sign it off
  while it waits; for a decision with no case, the deciding team and the people
  named on it (its maker, the request's recording team and addressee); and the
  DPO for the hour of a reasoned access (``decision_access_open``).

Nobody outside the deciding organisation sees a decision: a requester sees
only the outcome and the explanation, on the request."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.models import CaseGroupObjectPermission, CaseUserObjectPermission
from cases.permissions import VIEW, can_change_case, case_access
from requests import permissions as request_permissions
from sharing.models import (
    ConsentStatus,
    Decision,
    DecisionAccess,
    DecisionDraft,
    DecisionOutcome,
    Disclosure,
    SignOff,
    Team,
    User,
)
from sharing.permissions import (
    AnyUser,
    has_role,
    is_dpo,
    is_manager,
    is_manager_of,
    is_scpo,
    is_unit_staff,
)
from sharing.roles import Role
from sharing.selectors import granted_ids, user_role_names

VIEWING_ROLES = frozenset(
    {Role.UNIT_STAFF.value, Role.MANAGER.value, Role.SCPO.value, Role.DPO.value}
)
DPO_ACCESS_MIN_REASON = 10


def _in_organisation(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and getattr(user, "organisation_id", None) is not None
        and VIEWING_ROLES & user_role_names(user)
    )


def _organisation_decisions(user: User) -> QuerySet[Decision]:
    if user.organisation_id is None:
        return Decision.objects.none()
    return Decision.objects.filter(organisation_id=user.organisation_id)


def _team_group_ids(user: User) -> QuerySet[Team, Any]:
    """The groups of the teams ``user`` belongs to (not their role groups)."""
    return Team.objects.filter(group__user=user).values("group_id")


def narrative_condition(user: User, *, single: bool = False) -> Q:
    """Who reads a decision's narrative, as a filter on decisions of the
    user's organisation (see the module's docstring). ``single`` when the
    caller narrows it to one decision or a few (sharing.selectors.granted)."""
    on_case = Q(case__isnull=False) & case_access(user, VIEW, "case_id", single=single)
    teams = _team_group_ids(user)
    teammates = User.groups.through.objects.filter(group_id__in=teams).values("user_id")
    named = (
        Q(made_by=user)
        | Q(made_by_id__in=teammates)
        | Q(request__team__group_id__in=teams)
        | Q(request__recipient=user)
    )
    # A decision on a request is read only while the user still holds the
    # request's grant (an addressee who moves school loses it at once).
    requests = request_permissions.readable_requests(user, single=single)
    if single:
        # One decision or a few: its request probed, not every request the
        # user may read listed first (a hashed subplan over the register's
        # requests, docs/performance.md).
        on_request = Q(request__isnull=True) | Q(Exists(requests.filter(pk=OuterRef("request_id"))))
    else:
        on_request = Q(request__isnull=True) | Q(request__in=requests.values("pk"))
    without_case = Q(case__isnull=True) & named & on_request
    condition = on_case | without_case
    if is_manager(user):
        # The manager asked to sign it off, while it waits.
        condition |= Q(sign_off=SignOff.PENDING) & ~Q(made_by=user)
    if is_dpo(user):
        condition |= Q(
            pk__in=DecisionAccess.objects.filter(user=user, expires_at__gt=timezone.now()).values(
                "decision_id"
            )
        )
    return condition


def decisions_on_few_granted_cases(user: AnyUser, many: int) -> QuerySet[Decision] | None:
    """The decisions of the user's organisation on the cases they hold a view
    grant on, the cases named in the query, or None when they hold ``many``
    or more (the caller then filters by the grants). For anyone but a manager
    (whose break-glass cases are not grants) a decision on a case is readable
    exactly when its case's grant is held (``narrative_condition``), so no
    other test is needed: without one, PostgreSQL joined every request of
    the register to test the case-less branch (1 s at a million cases)."""
    if not isinstance(user, User) or not _in_organisation(user) or is_manager(user):
        return None
    ids = granted_ids(
        user, f"cases.{VIEW}", CaseUserObjectPermission, CaseGroupObjectPermission, many
    )
    if len(ids) >= many:
        return None
    return _organisation_decisions(user).filter(case_id__in=sorted(set(ids)))


def narrative_decisions(user: AnyUser, *, single: bool = False) -> QuerySet[Decision]:
    """The decisions whose narrative ``user`` may read."""
    if not isinstance(user, User) or not _in_organisation(user):
        return Decision.objects.none()
    return _organisation_decisions(user).filter(narrative_condition(user, single=single))


def readable_decisions(user: AnyUser, *, single: bool = False) -> QuerySet[Decision]:
    """The decisions ``user`` may know of (metadata): managers and the DPO see
    their organisation's, for oversight; everyone else only those whose
    narrative they may read."""
    if not isinstance(user, User) or not _in_organisation(user):
        return Decision.objects.none()
    if sees_all_metadata(user):
        return _organisation_decisions(user)
    return narrative_decisions(user, single=single)


def sees_all_metadata(user: AnyUser) -> bool:
    """Managers and the DPO oversee their organisation's decisions (metadata
    only, unless they may read the narrative too)."""
    return is_manager(user) or is_dpo(user)


def get_decision_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Decision:
    """The decision, if ``user`` may know of it (``write``: read its narrative,
    as every change to it needs); otherwise 404, with no hint that it exists."""
    source = narrative_decisions if write else readable_decisions
    decision = (
        source(user, single=True)
        .select_related(
            "made_by",
            "gateway",
            "recipient_organisation",
            "request",
            "case",
            "signed_off_by",
            "supersedes",
            "organisation",
        )
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404("No such decision.")
    return decision


def get_disclosure_for_user(user: AnyUser, decision: Decision, pk: int) -> Disclosure:
    """A disclosure under ``decision`` (already found for ``user`` with
    ``write=True``); otherwise 404."""
    disclosure = decision.disclosures.filter(pk=pk).first()
    if disclosure is None:
        raise Http404("No such disclosure.")
    disclosure.decision = decision
    return disclosure


def can_read_decision_narrative(user: AnyUser, decision: Decision) -> bool:
    # Asked several times while one page is built (the page, then whether the
    # user may reconsider or record a disclosure): answered once per user and
    # decision object, which lives no longer than the request.
    memo: dict[object, bool] = decision.__dict__.setdefault("_narrative_memo", {})
    if user.pk not in memo:
        memo[user.pk] = narrative_decisions(user, single=True).filter(pk=decision.pk).exists()
    return memo[user.pk]


def narrative_ids(user: AnyUser, decisions: list[Decision]) -> set[int]:
    """Of these decisions, the ones whose narrative ``user`` may read: one query."""
    if not decisions:
        return set()
    return set(
        narrative_decisions(user)
        .filter(pk__in=[d.pk for d in decisions])
        .values_list("pk", flat=True)
    )


# --- Making and acting on decisions -------------------------------------------------


def makes_decisions(user: AnyUser) -> bool:
    """Unit staff, managers and school safeguarding officers record decisions
    for their organisation; the DPO and administrators do not."""
    return bool(
        getattr(user, "organisation_id", None) is not None
        and (is_unit_staff(user) or is_manager(user) or is_scpo(user))
    )


def _decides_for(user: AnyUser, decision: Decision) -> bool:
    return makes_decisions(user) and getattr(user, "organisation_id", None) == (
        decision.organisation_id
    )


def can_decide_on_request(user: AnyUser, request_id: int | None) -> bool:
    """A decision answers only a request the user holds the grant to answer."""
    return (
        request_id is not None
        and request_permissions.answerable_requests(user, single=True)
        .filter(pk=request_id)
        .exists()
    )


def can_decide_on_case(user: AnyUser, case_id: int | None) -> bool:
    """A decision is tied only to a case the user may change: no way into
    someone else's case."""
    return can_change_case(user, case_id)


def is_signing_manager(user: AnyUser, decision: Decision) -> bool:
    """A manager of the deciding organisation who did not make the decision."""
    return is_manager_of(user, decision.organisation_id) and decision.made_by_id != user.pk


def can_sign_off(user: AnyUser, decision: Decision) -> bool:
    return is_signing_manager(user, decision) and decision.sign_off == SignOff.PENDING


def may_complete_emergency(user: AnyUser, decision: Decision) -> bool:
    """The person who decided, or a manager of the organisation, who may read it."""
    return (
        decision.made_by_id == user.pk or is_manager_of(user, decision.organisation_id)
    ) and can_read_decision_narrative(user, decision)


def can_complete_emergency(user: AnyUser, decision: Decision) -> bool:
    return decision.record_incomplete and may_complete_emergency(user, decision)


def may_reconsider(user: AnyUser, decision: Decision) -> bool:
    return _decides_for(user, decision) and can_read_decision_narrative(user, decision)


def can_reconsider(user: AnyUser, decision: Decision) -> bool:
    return (
        decision.is_final
        and not Decision.objects.filter(supersedes=decision).exists()
        and may_reconsider(user, decision)
    )


def may_record_consent_withdrawn(user: AnyUser, decision: Decision) -> bool:
    return _decides_for(user, decision) and can_read_decision_narrative(user, decision)


def can_record_consent_withdrawn(user: AnyUser, decision: Decision) -> bool:
    return decision.consent_status == ConsentStatus.GIVEN and may_record_consent_withdrawn(
        user, decision
    )


def may_record_disclosure(user: AnyUser, decision: Decision) -> bool:
    """Staff of the deciding organisation who may read the decision and, where
    it concerns a case, add to that case's chronology."""
    return (
        _decides_for(user, decision)
        and can_read_decision_narrative(user, decision)
        and (decision.case_id is None or can_change_case(user, decision.case_id))
    )


def can_record_disclosure(user: AnyUser, decision: Decision) -> bool:
    return decision.outcome != DecisionOutcome.DO_NOT_SHARE and may_record_disclosure(
        user, decision
    )


def can_confirm_in_writing(user: AnyUser, disclosure: Disclosure) -> bool:
    """Whoever may record what was shared under the decision confirms a
    spoken share in writing."""
    return disclosure.awaits_written_confirmation and may_record_disclosure(
        user, disclosure.decision
    )


def can_record_withdrawal_told(user: AnyUser, disclosure: Disclosure) -> bool:
    """Whoever may record what was shared under the decision records that its
    recipient was told consent was withdrawn (the maker's task, or a colleague's
    in the deciding organisation)."""
    return disclosure.recipient_to_be_told_of_withdrawal and may_record_disclosure(
        user, disclosure.decision
    )


def may_break_glass_to_read(user: AnyUser, decision: Decision) -> bool:
    """A manager of the organisation may open the decision's case by
    break-glass (reason required, logged) and so read it."""
    return decision.case_id is not None and is_manager_of(user, decision.organisation_id)


# --- The DPO's reasoned access -----------------------------------------------------


def can_request_dpo_access(user: AnyUser, decision: Decision) -> bool:
    """The DPO of the deciding organisation, who may not yet read it, may ask
    to, with a reason (a consent-withdrawn review, a subject access request)."""
    return (
        is_dpo(user)
        and getattr(user, "organisation_id", None) == decision.organisation_id
        and not can_read_decision_narrative(user, decision)
    )


def active_dpo_access(user: AnyUser, decision: Decision) -> DecisionAccess | None:
    """The user's reasoned access to this decision still running, if any."""
    if not is_dpo(user) or not isinstance(user, User):
        return None
    return (
        DecisionAccess.objects.filter(user=user, decision=decision, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def can_review_decision_accesses(user: AnyUser) -> bool:
    """Managers and the DPO review reasoned accesses to decisions."""
    return is_manager(user) or is_dpo(user)


def decision_accesses_for_review(user: AnyUser) -> QuerySet[DecisionAccess]:
    """Reasoned accesses to the organisation's decisions, newest first."""
    if (
        not can_review_decision_accesses(user)
        or not isinstance(user, User)
        or user.organisation_id is None
    ):
        return DecisionAccess.objects.none()
    return DecisionAccess.objects.filter(
        decision__organisation_id=user.organisation_id
    ).select_related("user")


def can_review_consent(user: AnyUser) -> bool:
    """The DPO reviews disclosures whose consent was withdrawn."""
    return has_role(user, Role.DPO) and getattr(user, "organisation_id", None) is not None


def get_draft_for_user(user: AnyUser, pk: int) -> DecisionDraft:
    """One's own unexpired decision draft; anyone else's is a 404, with no hint
    that it exists (a draft is seen by the person writing it, no one else)."""
    draft = (
        DecisionDraft.objects.filter(pk=pk, owner_id=getattr(user, "pk", None))
        .filter(expires_at__gt=timezone.now())
        .first()
    )
    if draft is None or not makes_decisions(user):
        raise Http404("No such draft.")
    return draft
