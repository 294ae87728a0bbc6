"""Permission-aware reads for cases. Every list, search and detail page starts
here: a user sees the cases they hold a grant on (through their team's group or
by name), plus any case they have opened by break-glass for its short while.
Superusers are not special: administrators see no case content unless granted."""

from datetime import date, datetime
from itertools import groupby
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from sharing.models import AccessEvent, User

from . import rules
from .models import (
    Case,
    CaseParticipant,
    CaseUserObjectPermission,
    ChronologyEntry,
    ParticipantRole,
    Person,
)

# The permission questions live in permissions.py; the pages read these here
# with the other selectors.
from .permissions import (
    break_glass_log,
    case_access,
    cases_visible_to,
    get_case_for_user,
    has_many_case_grants,
    people_changeable_by,
    people_visible_to,
    user_teams,
)


def case_list(
    user: User,
    *,
    text: str = "",
    date_of_birth: date | None = None,
    status: str = "",
    team_id: int | None = None,
) -> QuerySet[Case]:
    """Visible cases matching a search by reference or name, a date of birth, a
    status and a team, with their children ready to show.

    Without a search, driven by the user's grants: nothing else on this page
    narrows the cases as much (a status or one of the user's teams keeps most of
    them), so its cost follows what the user may see, not the size of the
    register. With one, driven by the matches (a name finds a few hundred
    cases), each probed for the user's grant: two semi-joins whose sizes
    PostgreSQL cannot estimate (a UNION each) let it drive from either, and
    driving a search from a worker's thousands of grants cost several times
    what driving it from the matches does (docs/performance.md)."""
    text = text.strip()
    # Without a search: a user with few grants has the list driven by them; one
    # with many (a team's thousands) has it read newest first from the index,
    # each case probed, so the first page costs the same whatever the size of
    # the register (has_many_case_grants).
    probe = bool(text) or has_many_case_grants(user)
    cases = cases_visible_to(user, single=probe, from_grants=not probe).select_related(
        "team", "lead_practitioner"
    )
    if text:
        name_terms = Q()
        for term in text.split():
            name_terms &= (
                Q(person__first_name__icontains=term)
                | Q(person__last_name__icontains=term)
                | Q(person__other_names__icontains=term)
            )
        # The cases whose reference matches and those of the people whose
        # names match, as one set PostgreSQL builds from the trigram indexes
        # (cases migrations 0003 and 0004), rather than a test of every case
        # in the table (an OR of the two would be).
        matching = (
            Case.objects.filter(reference__icontains=text)
            .order_by()
            .values("pk")
            .union(
                CaseParticipant.objects.filter(name_terms).order_by().values("case_id"), all=True
            )
        )
        cases = cases.filter(pk__in=matching)
    if date_of_birth is not None:
        cases = cases.filter(
            Exists(
                CaseParticipant.objects.filter(
                    case=OuterRef("pk"), person__date_of_birth=date_of_birth
                )
            )
        )
    if status:
        cases = cases.filter(status=status)
    if team_id:
        cases = cases.filter(team_id=team_id)
    children = CaseParticipant.objects.filter(role=ParticipantRole.CHILD).select_related("person")
    return cases.prefetch_related(Prefetch("participants", queryset=children, to_attr="children"))


def case_detail(user: User, pk: int) -> Case:
    """The case with its people, chronology and categories, and (one
    statement with the case) whether the user may change it."""
    case = get_case_for_user(user, pk, with_can_change=True)
    participants = CaseParticipant.objects.filter(case=case).select_related("person")
    entries = ChronologyEntry.objects.filter(case=case).select_related(
        "source_organisation", "recorded_by"
    )
    case.participant_list = list(participants)  # type: ignore[attr-defined]
    case.entry_list = list(entries)  # type: ignore[attr-defined]
    case.category_list = list(case.categories.all())  # type: ignore[attr-defined]
    return case


def person_cases(user: User, person: Person) -> QuerySet[CaseParticipant]:
    """The person's participations in cases the user may see, each probed."""
    if not user.is_authenticated or not user.is_active:
        return CaseParticipant.objects.none()
    return CaseParticipant.objects.filter(
        case_access(user, "view_case", "case_id", single=True), person=person
    ).select_related("case")


def person_for_user(user: User, pk: int) -> Person:
    person = people_visible_to(user).filter(pk=pk).first()
    if person is None:
        raise Http404("No such person.")
    return person


def person_search(
    user: User, text: str = "", date_of_birth: date | None = None, *, changeable: bool = False
) -> QuerySet[Person]:
    """People matching a name or identifier and a date of birth, among those the
    user may see (or, ``changeable``, edit and add to a case)."""
    people = people_changeable_by(user) if changeable else people_visible_to(user)
    for term in text.split():
        people = people.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(other_names__icontains=term)
            | Q(nhs_number=term)
            | Q(upn=term.upper())
            | Q(la_identifier=term)
        )
    if date_of_birth is not None:
        people = people.filter(date_of_birth=date_of_birth)
    return people


def _duplicate_condition(
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    nhs_number: str = "",
    upn: str = "",
    la_identifier: str = "",
) -> Q:
    condition = Q(pk__in=[])
    if date_of_birth is not None:
        condition |= Q(
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            date_of_birth=date_of_birth,
        )
    for field, value in (
        ("nhs_number", nhs_number),
        ("upn", upn),
        ("la_identifier", la_identifier),
    ):
        if value:
            condition |= Q(**{field: value})
    return condition


def duplicate_condition(**details: Any) -> Q:
    """The people a new record with these details might duplicate."""
    return _duplicate_condition(**details)


def person_possible_duplicates(user: User, **details: Any) -> tuple[list[Person], bool]:
    """People already recorded with the same name and date of birth, or the same
    identifier: those the user may see, and whether a match exists that they may
    not. The second is only a yes/no, with no detail: recording the same child
    twice splits their history, so the worker must know to ask, not what is there."""
    condition = _duplicate_condition(**details)
    visible = list(people_visible_to(user).filter(condition)[:10])
    hidden = Person.objects.filter(condition).exclude(pk__in=[p.pk for p in visible]).exists()
    return visible, hidden


def case_history(case: Case) -> list[dict[str, Any]]:
    """Every change to the case, its participants and its chronology, newest
    first: who, when, why, and each field's old and new value as a person reads
    it (labels, not codes; names, not ids). A fixed number of queries."""
    sources: list[tuple[str, type[models.Model], Any]] = [
        ("Case", Case, Case.history.filter(id=case.pk)),
        ("Participant", CaseParticipant, CaseParticipant.history.filter(case_id=case.pk)),
        ("Chronology entry", ChronologyEntry, ChronologyEntry.history.filter(case_id=case.pk)),
    ]
    rows: list[dict[str, Any]] = []
    wanted: dict[type[models.Model], set[Any]] = {}
    for label, model, records in sources:
        fields = _history_fields(model)
        names = [f.attname for f in fields]
        ordered = records.select_related("history_user").order_by(
            "id", "history_date", "history_id"
        )
        for _object_id, versions in groupby(ordered, key=lambda r: r.id):
            previous: dict[str, Any] | None = None
            for record in versions:
                current = {name: getattr(record, name) for name in names}
                changes = rules.changes_between(previous, current, names)
                for change in changes:
                    field = model._meta.get_field(change.field.removesuffix("_id"))
                    if field.is_relation and field.related_model is not None:
                        wanted.setdefault(field.related_model, set()).update(  # type: ignore[arg-type]
                            v for v in (change.old, change.new) if v is not None
                        )
                rows.append(
                    {
                        "what": label,
                        "model": model,
                        "object_id": record.id,
                        "when": record.history_date,
                        "who": record.history_user,
                        "why": record.history_change_reason or "",
                        "type": record.get_history_type_display(),
                        "changes": changes,
                    }
                )
                previous = current
    # One query per related model named anywhere in the history.
    names_of = {
        related: {pk: str(obj) for pk, obj in related._default_manager.in_bulk(ids).items()}
        for related, ids in wanted.items()
    }
    for row in rows:
        row["changes"] = [_readable(row["model"], change, names_of) for change in row["changes"]]
    rows.sort(key=lambda row: row["when"], reverse=True)
    return rows


def _readable(
    model: type[models.Model],
    change: rules.FieldChange,
    names_of: dict[type[models.Model], dict[Any, str]],
) -> rules.FieldChange:
    field = model._meta.get_field(change.field.removesuffix("_id"))

    def show(value: Any) -> Any:
        if value is None:
            return None
        if field.is_relation and field.related_model is not None:
            return names_of.get(field.related_model, {}).get(value, f"(removed, {value})")  # type: ignore[arg-type]
        choices = dict(getattr(field, "flatchoices", None) or [])
        if value in choices:
            return choices[value]
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return value

    label = str(getattr(field, "verbose_name", change.field))
    return rules.FieldChange(label[:1].upper() + label[1:], show(change.old), show(change.new))


def _history_fields(model: type[models.Model]) -> list[Any]:
    """The fields worth showing in history: the model's own, minus keys and
    timestamps, and minus the case a participant or entry belongs to."""
    skip = {"id", "created_at", "recorded_at", "case"}
    return [f for f in model._meta.concrete_fields if f.name not in skip]


def case_access_events(case: Case) -> QuerySet[AccessEvent]:
    """Who has looked at this case, its chronology and its people."""
    types = ContentType.objects.get_for_models(Case, ChronologyEntry, Person)
    entry_ids = ChronologyEntry.objects.filter(case=case).values("pk")
    person_ids = CaseParticipant.objects.filter(case=case).values("person_id")
    return AccessEvent.objects.filter(
        Q(content_type=types[Case], object_id=case.pk)
        | Q(content_type=types[ChronologyEntry], object_id__in=entry_ids)
        | Q(content_type=types[Person], object_id__in=person_ids)
    ).select_related("user", "content_type")


def access_log_rows(case: Case, events: list[AccessEvent]) -> list[tuple[AccessEvent, str]]:
    """Each read in the case's access log with what was read, in words its readers
    (the DPO and managers, who may not see the case's content) may see: the case's
    reference, a chronology entry's date, a person's role in the case. Never a name,
    what an entry says, or a database id."""
    types = ContentType.objects.get_for_models(Case, ChronologyEntry, Person)
    ids = {
        kind: {e.object_id for e in events if e.content_type_id == types[kind].pk}
        for kind in (ChronologyEntry, Person)
    }
    dates = dict(
        ChronologyEntry.objects.filter(case=case, pk__in=ids[ChronologyEntry]).values_list(
            "pk", "occurred_on"
        )
    )
    roles: dict[int, list[str]] = {}
    for person_id, role in CaseParticipant.objects.filter(
        case=case, person_id__in=ids[Person]
    ).values_list("person_id", "role"):
        roles.setdefault(person_id, []).append(ParticipantRole(role).label.lower())

    def what(event: AccessEvent) -> str:
        if event.content_type_id == types[ChronologyEntry].pk:
            on = dates.get(event.object_id)
            return f"Chronology entry dated {on.day} {on:%B %Y}" if on else "Chronology entry"
        if event.content_type_id == types[Person].pk:
            return "Person in the case: " + (", ".join(roles.get(event.object_id, [])) or "removed")
        return f"Case {case.reference}"

    return [(event, what(event)) for event in events]


def case_named_access(case: Case) -> list[tuple[User, bool]]:
    """The practitioners given this case by name, and whether they may change it
    (the team's access comes through its group and is shown as the team)."""
    rows = (
        CaseUserObjectPermission.objects.filter(content_object=case)
        .select_related("user", "permission")
        .order_by("user__last_name", "user__first_name", "user_id")
    )
    access: dict[int, tuple[User, bool]] = {}
    for row in rows:
        user, can_change = access.get(row.user_id, (row.user, False))
        access[row.user_id] = (user, can_change or row.permission.codename == "change_case")
    return list(access.values())


def changeable_person(user: User, pk: int | None) -> Person | None:
    """A person this user may change, or None: seeing a person (a view-only
    grant, break-glass) is not enough."""
    if pk is None:
        return None
    return people_changeable_by(user).filter(pk=pk).first()


def may_record_requests_about(user: User, person: Person) -> bool:
    """Requests are recorded by the unit's teams, about people they may act for."""
    return user_teams(user).exists() and people_changeable_by(user).filter(pk=person.pk).exists()


def case_history_records(case: Case) -> list[models.Model]:
    """What a case's history page shows besides the case itself: its chronology
    and its people, old versions included (ids only, for the read log)."""
    entries = ChronologyEntry.objects.filter(case=case).only("pk")
    people = Person.objects.filter(participations__case=case).only("pk")
    return [*entries, *people]


def case_for_access_review(pk: int) -> Case:
    """The case whose read log is asked for, whoever asks: the caller checks
    ``permissions.can_review_access`` (reviewers need not see the case)."""
    case = Case.objects.select_related("team").filter(pk=pk).first()
    if case is None:
        raise Http404("No such case.")
    return case


def colleagues_for_grants(user: User, case: Case) -> QuerySet[User]:
    """Who this user may give the case to by name: active colleagues in the
    case's organisation, never themselves."""
    return User.objects.filter(organisation_id=case.team.organisation_id, is_active=True).exclude(
        pk=user.pk
    )


def case_participant(case: Case, pk: int) -> CaseParticipant:
    """One person's part in a case the caller already holds, with the person."""
    participant = CaseParticipant.objects.select_related("person").filter(pk=pk, case=case).first()
    if participant is None:
        raise Http404("No such person in this case.")
    return participant


def chronology_entry(case: Case, pk: int) -> ChronologyEntry:
    """One entry of a case the caller already holds."""
    entry = ChronologyEntry.objects.filter(pk=pk, case=case).first()
    if entry is None:
        raise Http404("No such entry in this case.")
    return entry


def case_children(case: Case) -> list[Person]:
    """The people a case is about (its participants in the child's role)."""
    return list(
        Person.objects.filter(participations__case=case, participations__role=ParticipantRole.CHILD)
    )


# How far back a manager's home page counts break-glass uses for review.
BREAK_GLASS_REVIEW_DAYS = 30


def break_glass_uses_since(user: User, since: datetime) -> int:
    """Break-glass uses ``user`` reviews (``break_glass_log``) made since ``since``:
    a count for their home page, one query."""
    return break_glass_log(user).filter(granted_at__gte=since).count()
