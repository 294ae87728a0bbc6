"""Pure rules for cases: identifiers, references, naming people whose identity
is protected, and reading history."""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from sharing.roles import Role

# How long a manager's break-glass access to one case lasts before they must
# give a reason again.
BREAK_GLASS_DURATION = timedelta(hours=1)
BREAK_GLASS_MIN_REASON = 10


def nhs_number_is_valid(value: str) -> bool:
    """NHS number: ten digits, the tenth a modulus 11 check digit (NHS Data
    Dictionary). Weights 10..2 over the first nine digits; 11 - (sum mod 11),
    where 11 means 0 and 10 means the number is invalid."""
    digits = value.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_UPN = re.compile(r"^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$")


def upn_is_well_formed(value: str) -> bool:
    """Unique pupil number (DfE): 13 characters, a check letter (no I, O or S),
    eleven digits, and a last character that is a digit, or a letter in a
    temporary UPN."""
    return bool(_UPN.match(value.strip().upper()))


def reference(prefix: str, year: int, number: int) -> str:
    """``SC-2026-000123``: a prefix, the year, and a serial that is never reused."""
    return f"{prefix}-{year}-{number:06d}"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


def changes_between(
    previous: Mapping[str, Any] | None, current: Mapping[str, Any], fields: Sequence[str]
) -> list[FieldChange]:
    """What changed from one history version to the next (all fields, for the first)."""
    if previous is None:
        return [FieldChange(f, None, current[f]) for f in fields if current[f] not in (None, "")]
    return [FieldChange(f, previous[f], current[f]) for f in fields if previous[f] != current[f]]


def may_review_access(roles: frozenset[str], user_org_id: int | None, case_org_id: int) -> bool:
    """Who may see a case's access log and break-glass record: the DPO, and a
    manager of the organisation that holds the case."""
    if Role.DPO.value in roles:
        return True
    return Role.MANAGER.value in roles and user_org_id is not None and user_org_id == case_org_id


def may_break_glass(roles: frozenset[str], user_org_id: int | None, case_org_id: int) -> bool:
    """Break-glass is for managers, and only into their own organisation's cases."""
    return Role.MANAGER.value in roles and user_org_id is not None and user_org_id == case_org_id


# --- Naming people (golden rule 5: identities to protect) --------------------

PROTECTED_IDENTITY = "A person whose identity is protected"


class Nameable(Protocol):
    pk: Any
    identity_protected: bool


@dataclass(frozen=True)
class ViewerContext:
    """What one page, export or PDF may show of people whose identity is
    protected. Made by ``masking_for``, the one place that decides it."""

    sees_protected: bool
    # People protected on this record only (a decision's identities to protect).
    protected_here: frozenset[int] = frozenset()


def masking_for(
    *, may_open_case: bool, leaves_the_team: bool = False, protected_here: Iterable[int] = ()
) -> ViewerContext:
    """The one rule for protected identities: a person whose identity is
    protected is named only to those who may open their case (the team
    working it), and never in what is read outside that team: a recipient's
    or school safeguarding officer's page, a secure export, a decision's
    record or PDF (the recipient may be sent them)."""
    return ViewerContext(
        sees_protected=may_open_case and not leaves_the_team,
        protected_here=frozenset(protected_here),
    )


# The two contexts most pages need: the team working the case, and anyone or
# anything outside it.
TEAM = masking_for(may_open_case=True)
OUTSIDE = masking_for(may_open_case=False, leaves_the_team=True)


def is_masked(person: Nameable, *, viewer_context: ViewerContext) -> bool:
    protected = person.identity_protected or person.pk in viewer_context.protected_here
    return protected and not viewer_context.sees_protected


def display_name(person: Nameable, *, viewer_context: ViewerContext) -> str:
    """The person's name, or the mask where this viewer may not see it."""
    if is_masked(person, viewer_context=viewer_context):
        return PROTECTED_IDENTITY
    return str(person)


# --- Redacting other people from what is sent to the person it is about -----

# Someone else named in a record sent to its subject (UK GDPR Art 15(4); DPA
# 2018 Sch 2 para 16): not named, unless they have agreed or the DPO decides it
# is reasonable, which the DPO does item by item.
THIRD_PARTY = "[another person]"


@dataclass(frozen=True)
class Named:
    first_name: str
    last_name: str
    other_names: str = ""
    identity_protected: bool = False


def _words(person: Named) -> set[str]:
    return {w for w in (person.first_name, person.last_name, *person.other_names.split()) if w}


def subject_access_redactions(subject: Named, others: Iterable[Named]) -> dict[str, str]:
    """What to replace in a record sent to ``subject``: each other person's
    full name, and each of their names that is not also the subject's own (a
    parent shares the child's surname; the child's own name stays). A person
    whose identity is protected is masked as everywhere else (golden rule 5);
    anyone else is a third party."""
    own = {w.casefold() for w in _words(subject)}
    redactions: dict[str, str] = {}
    for person in others:
        mask = PROTECTED_IDENTITY if person.identity_protected else THIRD_PARTY
        full = f"{person.first_name} {person.last_name}".strip()
        if full and full.casefold() != f"{subject.first_name} {subject.last_name}".casefold():
            redactions[full] = mask
        for word in _words(person):
            # A protected mask wins over a third party's for a shared name.
            if word.casefold() not in own and redactions.get(word) != PROTECTED_IDENTITY:
                redactions[word] = mask
    return redactions


def redact(text: str, redactions: Mapping[str, str]) -> str:
    """``text`` with each name in ``redactions`` replaced, whole words only,
    whatever the case, longest names first (a full name before its parts)."""
    if not text or not redactions:
        return text
    names = sorted(redactions, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
    )
    by_fold = {n.casefold(): redactions[n] for n in names}
    return pattern.sub(lambda m: by_fold[m.group(1).casefold()], text)
