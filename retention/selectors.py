"""Reads for the DPO: retention metadata only, never case narrative."""

from collections import Counter
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import Http404

from cases.models import Case, CaseCategoryKind, CaseParticipant, ChronologyEntry
from cases.transfers.models import Transfer, TransferItem, TransferItemKind
from requests.models import Attachment, InformationRequest
from sharing.models import Agreement, Decision, Disclosure, Organisation, User
from sharing.plumbing.counts import counts_alone
from sharing.roles import Role

from . import holds, permissions
from .models import (
    DisposalCertificate,
    HoldScope,
    LegalHold,
    RecordType,
    RetentionRule,
    RetentionState,
    Status,
    SweepRun,
    Trigger,
)
from .subject_access.models import SubjectAccessItem, SubjectAccessRequest

# Every status but "not yet due", named rather than excluded: an IN list can
# use the (status, due_on) index; "not not_due" reads every state in the
# register to find the few that matter.
FLAGGED = [Status.DUE_REVIEW, Status.DUE_DISPOSAL, Status.RETAINED, Status.APPROVED]


def _reference_of(
    model: type[Case] | type[InformationRequest] | type[Transfer] | type[SubjectAccessRequest],
) -> Subquery:
    return Subquery(model.objects.filter(pk=OuterRef("object_id")).values("reference")[:1])


def _one(model: type[Attachment] | type[Agreement] | type[Decision], value: Any) -> Subquery:
    return Subquery(model.objects.filter(pk=OuterRef("object_id")).values_list(value)[:1])


def with_references(states: QuerySet[RetentionState]) -> QuerySet[RetentionState]:
    """Each state with ``reference``: the case's SC-... or the request's IR-...
    (the DPO works by reference, which names no one); for a decision or an
    attachment, the reference of the request (or case) it belongs to; for an
    agreement, its title. Empty only for a record no longer in the register. With
    ``organisation_name``: the reports name the organisation, not its number."""
    return states.annotate(
        organisation_name=Subquery(
            Organisation.objects.filter(pk=OuterRef("organisation_id")).values("name")[:1]
        ),
        reference=SqlCase(
            When(record_type=RecordType.CASE, then=_reference_of(Case)),
            When(record_type=RecordType.REQUEST, then=_reference_of(InformationRequest)),
            When(
                record_type=RecordType.DECISION,
                # A decision standing alone is known by its number ("Sharing decision 12").
                then=_one(
                    Decision,
                    Coalesce(
                        "request__reference",
                        "case__reference",
                        Concat(Value("#"), Cast("pk", CharField())),
                    ),
                ),
            ),
            When(record_type=RecordType.ATTACHMENT, then=_one(Attachment, "request__reference")),
            When(record_type=RecordType.AGREEMENT, then=_one(Agreement, "title")),
            When(record_type=RecordType.TRANSFER, then=_reference_of(Transfer)),
            When(record_type=RecordType.SAR, then=_reference_of(SubjectAccessRequest)),
            default=Value(""),
            output_field=CharField(),
        ),
    )


# A decision or an attachment is named by the request or case it belongs to.
BELONGS_TO: dict[str, str] = {
    RecordType.DECISION: "Sharing decision on",
    RecordType.ATTACHMENT: "Attachment to",
}


def record_label(state: RetentionState) -> str:
    """The record as the DPO knows it, by reference (retention.selectors.with_references):
    SC-..., IR-..., TR-..., SAR-..., "Sharing decision on IR-...", "Agreement:
    <title>". Never an id."""
    reference = getattr(state, "reference", "")
    kind = state.get_record_type_display()
    if not reference:
        return f"{kind} no longer in the register"
    if state.record_type == RecordType.DECISION and str(reference).startswith("#"):
        return f"Sharing decision {str(reference)[1:]}"
    if state.record_type in BELONGS_TO:
        return f"{BELONGS_TO[state.record_type]} {reference}"
    if state.record_type == RecordType.AGREEMENT:
        return f"Agreement: {reference}"
    return str(reference)


def label_of(record_type: str, object_id: int) -> str:
    """Any record by its reference, as record_label names a state's record."""
    model = holds.MODELS.get(record_type)
    state = RetentionState(record_type=record_type, object_id=object_id)
    if model is not None:
        content_type = ContentType.objects.get_for_model(model)
        state.content_type = content_type
        state.reference = _reference_for(record_type, object_id)  # type: ignore[attr-defined]
    return record_label(state)


def _reference_for(record_type: str, object_id: int) -> str:
    if record_type == RecordType.CASE:
        return Case.objects.filter(pk=object_id).values_list("reference", flat=True).first() or ""
    if record_type == RecordType.REQUEST:
        return (
            InformationRequest.objects.filter(pk=object_id)
            .values_list("reference", flat=True)
            .first()
            or ""
        )
    if record_type == RecordType.DECISION:
        row = (
            Decision.objects.filter(pk=object_id)
            .values_list("request__reference", "case__reference")
            .first()
        )
        return (row[0] or row[1] or f"#{object_id}") if row else ""
    if record_type == RecordType.ATTACHMENT:
        return (
            Attachment.objects.filter(pk=object_id)
            .values_list("request__reference", flat=True)
            .first()
            or ""
        )
    if record_type == RecordType.AGREEMENT:
        return Agreement.objects.filter(pk=object_id).values_list("title", flat=True).first() or ""
    if record_type in (RecordType.TRANSFER, RecordType.SAR):
        model = Transfer if record_type == RecordType.TRANSFER else SubjectAccessRequest
        return (
            model._default_manager.filter(pk=object_id).values_list("reference", flat=True).first()
            or ""
        )
    return ""


def states_for_review(
    user: User, status: str = "", record_type: str = ""
) -> QuerySet[RetentionState]:
    states = permissions.readable_states(user).select_related("rule").filter(status__in=FLAGGED)
    if status:
        states = states.filter(status=status)
    if record_type:
        states = states.filter(record_type=record_type)
    return with_references(states).order_by("due_on", "pk")


def dashboard(today: date) -> dict[str, Any]:
    """Counts by status, record type and organisation; holds; disposals this
    year; records under the default rule. Four statements: one read of the
    flagged states counted three ways here, the organisations' names, the
    other counts together in one, and the latest sweep."""
    by_status: Counter[str] = Counter()
    by_type_status: Counter[tuple[str, str]] = Counter()
    by_org: Counter[str] = Counter()
    names = dict(Organisation.objects.values_list("pk", "name"))
    for record_type, status, org_id, n in (
        RetentionState.objects.filter(status__in=FLAGGED)
        .values_list("record_type", "status", "organisation_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("record_type", "status", "organisation_id", "n")
    ):
        org_name = names.get(org_id or 0)
        by_status[status] += n
        by_org[org_name or "Unknown"] += n
        by_type_status[(record_type, status)] += n
    counted = counts_alone(
        on_hold=LegalHold.objects.filter(lifted_at__isnull=True),
        disposed_this_year=DisposalCertificate.objects.filter(disposed_at__year=today.year),
        # Records no specific rule fits: the default rule keeps them under review.
        under_default_rule=RetentionState.objects.filter(rule__is_default=True),
    )
    return {
        "due_review": by_status.get(Status.DUE_REVIEW, 0),
        "due_disposal": by_status.get(Status.DUE_DISPOSAL, 0),
        "approved": by_status.get(Status.APPROVED, 0),
        "retained": by_status.get(Status.RETAINED, 0),
        **counted,
        "by_type": sorted(by_type_status.items()),
        "by_organisation": sorted(by_org.items()),
        "last_sweep": SweepRun.objects.first(),
    }


def flagged_count(summary: dict[str, Any], status: str = "", record_type: str = "") -> int:
    """How many flagged states the dashboard's list holds with these filters,
    from the summary's counts (the list need not count them again)."""
    return sum(
        n
        for (kind, state_status), n in summary["by_type"]
        if (not status or state_status == status) and (not record_type or kind == record_type)
    )


def rules_for(user: User) -> QuerySet[RetentionRule]:
    """The rules, with how many records each governs."""
    return (
        permissions.readable_rules(user)
        .annotate(records=Count("states"))
        .order_by("record_type", "priority", "name")
    )


def _with_hold_reference(queryset: QuerySet[LegalHold]) -> QuerySet[LegalHold]:
    """Each hold with ``reference``: the case's SC-..., the request's IR-..., ..."""
    return queryset.select_related("placed_by", "content_type", "organisation").annotate(
        reference=SqlCase(
            *(
                When(
                    content_type__app_label=model._meta.app_label,
                    content_type__model=model._meta.model_name,
                    then=_reference_of(model),
                )
                for model in (Case, InformationRequest, Transfer, SubjectAccessRequest)
            ),
            default=Value(""),
            output_field=CharField(),
        )
    )


def active_holds(user: User) -> QuerySet[LegalHold]:
    """Holds in force, each with ``reference``: the case's SC-... or the request's IR-..."""
    return _with_hold_reference(permissions.readable_holds(user).filter(lifted_at__isnull=True))


def hold_named(user: User, pk: int) -> LegalHold:
    """One hold the DPO may see, in force or lifted, with its ``reference``."""
    hold = _with_hold_reference(
        permissions.readable_holds(user).filter(pk=pk).select_related("lifted_by")
    ).first()
    if hold is None:
        raise Http404("No such hold.")
    return hold


def hold_label(hold: LegalHold) -> str:
    """What a hold covers, in the DPO's words: by reference, never by row id."""
    if hold.scope == HoldScope.CATEGORY:
        kind = dict(CaseCategoryKind.choices).get(hold.category, hold.category)
        return f"every case that has been {str(kind).lower()}"
    if hold.scope == HoldScope.ORGANISATION and hold.organisation is not None:
        return f"everything of {hold.organisation.name}"
    reference = getattr(hold, "reference", "")
    if reference:
        return str(reference)
    kind = hold.content_type.name if hold.content_type is not None else "record"
    return f"{kind} no longer in the register"


def certificates(user: User) -> QuerySet[DisposalCertificate]:
    return permissions.readable_certificates(user).select_related("approved_by")


def dpo_addresses() -> list[str]:
    """Where notices for the data protection officer go."""
    return list(
        User.objects.filter(groups__name=Role.DPO.value, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def going_with(record_type: str, object_id: int) -> list[tuple[str, int]]:
    """How many records go with this one: what a disposal would remove."""
    if record_type == RecordType.CASE:
        requests = InformationRequest.objects.filter(case_id=object_id)
        decisions = Decision.objects.filter(Q(case_id=object_id) | Q(request__in=requests))
        return [
            ("Information requests", requests.count()),
            ("Sharing decisions", decisions.count()),
            ("Disclosures", Disclosure.objects.filter(decision__in=decisions).count()),
            ("Documents", Attachment.objects.filter(request__in=requests).count()),
            ("People in the case", CaseParticipant.objects.filter(case_id=object_id).count()),
            ("Chronology entries", ChronologyEntry.objects.filter(case_id=object_id).count()),
        ]
    if record_type == RecordType.REQUEST:
        decisions = Decision.objects.filter(request_id=object_id)
        return [
            ("Sharing decisions", decisions.count()),
            ("Disclosures", Disclosure.objects.filter(decision__in=decisions).count()),
            ("Documents", Attachment.objects.filter(request_id=object_id).count()),
            (
                "People the request is about",
                InformationRequest.subjects.through.objects.filter(
                    informationrequest_id=object_id
                ).count(),
            ),
        ]
    if record_type == RecordType.DECISION:
        return [("Disclosures", Disclosure.objects.filter(decision_id=object_id).count())]
    if record_type == RecordType.TRANSFER:
        items = TransferItem.objects.filter(transfer_id=object_id)
        return [
            ("Things the file carried", items.count()),
            ("Documents", items.filter(kind=TransferItemKind.DOCUMENT).count()),
        ]
    if record_type == RecordType.SAR:
        return [("Items of the pack", SubjectAccessItem.objects.filter(sar_id=object_id).count())]
    return []


def record_detail(state: RetentionState) -> dict[str, Any]:
    """What a record is, for the DPO, without narrative: its reference, kind,
    organisation, categories, rule and source, what the rule counts from, last
    activity, holds covering it, and counts of what goes with it."""
    above = holds.ancestry(state.record_type, state.object_id)
    labels = dict(CaseCategoryKind.choices)
    return {
        "label": record_label(state),
        "categories": sorted(labels.get(each, each) for each in above.categories),
        "counts": going_with(state.record_type, state.object_id),
        "holds": holds.holds_covering(state.record_type, state.object_id),
        "trigger": Trigger(state.rule.trigger).label
        if state.rule.trigger in Trigger.values
        else state.rule.trigger,
    }


def records_of(states: list[RetentionState]) -> list[Any]:
    """The records themselves (for the read log: type and id only)."""
    found: list[Any] = []
    for state in states:
        model = holds.MODELS.get(state.record_type)
        if model is not None:
            found += list(model._default_manager.filter(pk=state.object_id).only("pk"))
    return found
