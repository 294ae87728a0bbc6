"""Pure rules for information requests: working-day due dates and the legal
gateways' conditions. No database, no settings, no clock: holidays and facts
are passed in."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

# --- Due dates ----------------------------------------------------------------


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def due_date(start: date, working_days: int, holidays: Collection[date]) -> date:
    """The day of receipt (or sending) is day 0; the due date is the Nth working
    day after it (Monday to Friday, not a bank holiday). With N = 0 the request
    is due the day it arrives."""
    if working_days < 0:
        raise ValueError("working_days cannot be negative")
    day = start
    remaining = working_days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if
    ``end`` is earlier): how long is left, or how overdue."""
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return sign * count


def england_and_wales_bank_holidays(years: Iterable[int]) -> frozenset[date]:
    """Bank holidays in England and Wales (the same days in both), from the
    maintained ``holidays`` library, observed dates included."""
    return _bank_holidays(tuple(sorted(set(years))))


@cache
def _bank_holidays(years: tuple[int, ...]) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=list(years)).keys())


# --- Gateways -----------------------------------------------------------------

SPECIFIED_OR_RELEVANT_KINDS = frozenset({"local_policing_body", "school", "prison"})
GATEWAYS_WITH_OWN_RULES = frozenset({"ca2004-s14b", "pcsc2022-s16", "pcsc2022-s17"})


@dataclass(frozen=True)
class OrgFacts:
    name: str
    kind: str
    police_force_area: str
    svd_specified: bool
    health_or_social_care: bool


@dataclass(frozen=True)
class RequestFacts:
    ca1989_section: str = ""
    scp_function: str = ""
    scp_function_other: str = ""
    necessity: str = ""
    for_svd_functions: bool = False
    includes_personal_information: bool = True
    includes_patient_information: bool = False


def _svd_party(org: OrgFacts) -> bool:
    """Specified authority, local policing body, educational, prison or youth
    custody authority: the parties s16 and s17 of the PCSC Act 2022 name."""
    return org.svd_specified or org.kind in SPECIFIED_OR_RELEVANT_KINDS


def gateway_violations(
    *,
    code: str,
    gateway_name: str,
    invoked_by: Collection[str],
    may_be_asked: Collection[str],
    requester: OrgFacts,
    recipient: OrgFacts,
    facts: RequestFacts,
) -> list[str]:
    """Every rule of the gateway the request breaks, each as a message that
    names the rule. An empty list means the gateway may be used."""
    problems: list[str] = []
    # Gateways with rules of their own below are judged by those rules alone.
    if code not in GATEWAYS_WITH_OWN_RULES:
        if invoked_by and requester.kind not in invoked_by:
            problems.append(
                f"{gateway_name} cannot be used by {requester.name}: "
                "it is not a kind of body that may make this request."
            )
        if may_be_asked and recipient.kind not in may_be_asked:
            problems.append(f"{gateway_name} does not allow asking {recipient.name}.")

    if code == "ca1989-s17-s47" and facts.ca1989_section not in {"s17", "s47"}:
        problems.append(
            "A Children Act 1989 request must say whether it is made under s17 (child in need) or s47 (enquiries into significant harm)."
        )

    if code == "ca2004-s14b":
        if requester.kind != "safeguarding_partnership":
            problems.append(
                "Only the safeguarding children partnership can require information under s14B of the Children Act 2004."
            )
        if not facts.scp_function or (
            facts.scp_function == "other" and not facts.scp_function_other.strip()
        ):
            problems.append(
                "An s14B request must name the partnership function it serves (child safeguarding practice review, child death review, allegations management, or another function stated)."
            )
        if not facts.necessity.strip():
            problems.append(
                "An s14B request must say why the information is needed, and ask only for what is necessary and proportionate."
            )

    if code == "pcsc2022-s17":
        if requester.kind != "local_policing_body":
            problems.append(
                "Under s17 of the PCSC Act 2022 only a local policing body (PCC or equivalent) may request information."
            )
        if not _svd_party(recipient) or recipient.kind == "local_policing_body":
            problems.append(
                f"Under s17 of the PCSC Act 2022 a request may go only to a specified, educational, prison or youth custody authority; {recipient.name} is not one."
            )
        if (
            not requester.police_force_area
            or requester.police_force_area != recipient.police_force_area
        ):
            problems.append(
                f"Under s17 of the PCSC Act 2022 the request must stay within the requester's police force area; {recipient.name} is not in it."
            )
        if not facts.for_svd_functions:
            problems.append(
                "An s17 request must be made for the requester's Serious Violence Duty functions."
            )

    if code == "pcsc2022-s16":
        for org in (requester, recipient):
            if not _svd_party(org):
                problems.append(
                    f"s16 of the PCSC Act 2022 applies only between specified authorities, local policing bodies, educational, prison and youth custody authorities; {org.name} is not one."
                )
        # The organisation asked is the one that would disclose.
        if recipient.health_or_social_care and facts.includes_personal_information:
            problems.append(
                f"s16 of the PCSC Act 2022 does not authorise {recipient.name}, a health or social care authority, to disclose personal information: use another gateway."
            )
        if facts.includes_patient_information:
            problems.append(
                "s16 of the PCSC Act 2022 does not authorise the disclosure of patient information: use another gateway."
            )
    return problems
