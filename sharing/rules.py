"""Pure policy of the sharing framework: no database, no settings, no clock."""

from collections.abc import Iterable
from dataclasses import dataclass

from .roles import Role

# Organisation kinds whose default is "specified authority" under the Serious
# Violence Duty (PCSC Act 2022 s11 and Schedule 1): chief officers of police,
# probation, youth offending teams, integrated care boards, local authorities,
# fire and rescue authorities. Educational, prison and youth custody authorities
# and local policing bodies have duties under the Act but are not "specified".
SVD_SPECIFIED_KINDS = frozenset(
    {
        "la_childrens_social_care",
        "police",
        "probation",
        "youth_offending_team",
        "health",
        "fire_and_rescue",
    }
)

# Kinds that are health or social care authorities: s16 of the PCSC Act 2022
# does not authorise them to disclose personal (or patient) information.
HEALTH_OR_SOCIAL_CARE_KINDS = frozenset({"la_childrens_social_care", "health"})


def is_svd_specified_by_kind(kind: str) -> bool:
    return kind in SVD_SPECIFIED_KINDS


def is_health_or_social_care_by_kind(kind: str) -> bool:
    return kind in HEALTH_OR_SOCIAL_CARE_KINDS


def resolve_flag(override: bool | None, derived: bool) -> bool:
    """An administrator's explicit answer wins; otherwise the kind decides."""
    return derived if override is None else override


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str


# What each role may use, in the order it appears in the navigation. A role
# sees a link only if one of its roles lists it: nobody is shown a door they
# cannot open.
_NAV_BY_ROLE: dict[Role, tuple[NavItem, ...]] = {
    Role.UNIT_STAFF: (
        NavItem("Cases", "cases:case_list"),
        NavItem("People", "cases:person_search"),
        NavItem("Requests", "requests:dashboard"),
        NavItem("Decisions", "decisions:decision_list"),
    ),
    Role.MANAGER: (
        NavItem("Cases", "cases:case_list"),
        NavItem("Decisions", "decisions:decision_list"),
        NavItem("Break-glass", "cases:break_glass"),
        NavItem("Break-glass review", "cases:break_glass_review"),
        NavItem("Access changes", "access_changes"),
    ),
    Role.SCPO: (
        NavItem("Inbox", "requests:inbox"),
        NavItem("Decisions", "decisions:decision_list"),
    ),
    Role.DPO: (
        NavItem("Retention", "retention:dashboard"),
        NavItem("Decisions", "decisions:decision_list"),
        NavItem("Break-glass review", "cases:break_glass_review"),
        NavItem("Access changes", "access_changes"),
    ),
    Role.ADMINISTRATOR: (NavItem("Administration", "admin:index"),),
}

_ALWAYS = (NavItem("Home", "home"),)
_ACCOUNT = (NavItem("Account security", "account"),)


def navigation_for(roles: Iterable[str]) -> list[NavItem]:
    """The navigation for a user holding ``roles`` (group names)."""
    items: list[NavItem] = list(_ALWAYS)
    held = set(roles)
    for role in Role:
        if role.value in held:
            for item in _NAV_BY_ROLE[role]:
                if item not in items:
                    items.append(item)
    items.extend(_ACCOUNT)
    return items


def home_sections(roles: Iterable[str]) -> list[Role]:
    """The home page has one section per role held, in a fixed order."""
    held = set(roles)
    return [role for role in Role if role.value in held]
