"""The sharing framework's models: organisations, users, teams, the access log
and legal gateways (``core``); sharing decisions and disclosures (``decisions``)."""

from .access import AccessChange, AccessChangeKind, DecisionAccess, SavedSearch
from .core import (
    AccessAction,
    AccessEvent,
    Agreement,
    Gateway,
    Organisation,
    OrganisationKind,
    PoliceForceArea,
    SecureChannel,
    Team,
    User,
)
from .decisions import (
    Advice,
    Article6Basis,
    Article9Condition,
    ConsentNotSoughtReason,
    ConsentStatus,
    Decision,
    DecisionOutcome,
    Disclosure,
    DisclosureItem,
    NotToldReason,
    Schedule1Condition,
    SignOff,
)

__all__ = [
    "AccessAction",
    "AccessChange",
    "AccessChangeKind",
    "AccessEvent",
    "Advice",
    "Agreement",
    "Article6Basis",
    "Article9Condition",
    "ConsentNotSoughtReason",
    "ConsentStatus",
    "Decision",
    "DecisionAccess",
    "DecisionOutcome",
    "Disclosure",
    "DisclosureItem",
    "Gateway",
    "NotToldReason",
    "Organisation",
    "OrganisationKind",
    "PoliceForceArea",
    "SavedSearch",
    "Schedule1Condition",
    "SecureChannel",
    "SignOff",
    "Team",
    "User",
]
