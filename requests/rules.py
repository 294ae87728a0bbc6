"""Pure rules for information requests: the legal gateways' conditions, as a
table. No database, no settings, no clock: the facts are passed in.

The working-day due dates live with the gateway catalogue, in sharing/rules.py
(``Gateway.due_on``)."""

from collections.abc import Callable, Collection
from dataclasses import dataclass

SPECIFIED_OR_RELEVANT_KINDS = frozenset({"local_policing_body", "school", "prison"})


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


@dataclass(frozen=True)
class Proposal:
    """A request as the gateway rules see it: the gateway's catalogue entry,
    who asks, who is asked, and what the request says."""

    gateway_name: str
    invoked_by: Collection[str]
    may_be_asked: Collection[str]
    requester: OrgFacts
    recipient: OrgFacts
    facts: RequestFacts


@dataclass(frozen=True)
class Check:
    """One condition of a gateway: ``breaks`` says whether the proposal breaks
    it; ``message`` is what the requester is told (``{gateway}``,
    ``{requester}`` and ``{recipient}`` are filled in with names); ``cites``
    is the statute, section or source the condition comes from."""

    cites: str
    breaks: Callable[[Proposal], bool]
    message: str

    def problem(self, proposal: Proposal) -> str | None:
        if not self.breaks(proposal):
            return None
        return self.message.format(
            gateway=proposal.gateway_name,
            requester=proposal.requester.name,
            recipient=proposal.recipient.name,
        )


def _svd_party(org: OrgFacts) -> bool:
    """Specified authority, local policing body, educational, prison or youth
    custody authority: the parties s16 and s17 of the PCSC Act 2022 name."""
    return org.svd_specified or org.kind in SPECIFIED_OR_RELEVANT_KINDS


# --- Any gateway: the catalogue's own lists (editable in the admin) ------------

CATALOGUE_CHECKS: tuple[Check, ...] = (
    Check(
        cites="Gateway catalogue: who may invoke it",
        breaks=lambda p: bool(p.invoked_by) and p.requester.kind not in p.invoked_by,
        message="{gateway} cannot be used by {requester}: "
        "it is not a kind of body that may make this request.",
    ),
    Check(
        cites="Gateway catalogue: who may be asked",
        breaks=lambda p: bool(p.may_be_asked) and p.recipient.kind not in p.may_be_asked,
        message="{gateway} does not allow asking {recipient}.",
    ),
)

# --- Children Act 1989 s17 / s47 (seed 000: state which you act under) ----------

CA1989_CHECKS: tuple[Check, ...] = (
    Check(
        cites="Children Act 1989 s17 and s47; seed 000",
        breaks=lambda p: p.facts.ca1989_section not in {"s17", "s47"},
        message="A Children Act 1989 request must say whether it is made under s17 (child in "
        "need) or s47 (enquiries into significant harm).",
    ),
)

# --- Children Act 2004 s14B: the partnership may require information (seed 000 §7)


def _no_scp_function(p: Proposal) -> bool:
    facts = p.facts
    return not facts.scp_function or (
        facts.scp_function == "other" and not facts.scp_function_other.strip()
    )


S14B_CHECKS: tuple[Check, ...] = (
    Check(
        cites="Children Act 2004 s14B(1)",
        breaks=lambda p: p.requester.kind != "safeguarding_partnership",
        message="Only the safeguarding children partnership can require information under "
        "s14B of the Children Act 2004.",
    ),
    Check(
        cites="Children Act 2004 s14B(1); seed 000 §7",
        breaks=_no_scp_function,
        message="An s14B request must name the partnership function it serves (child "
        "safeguarding practice review, child death review, allegations management, or "
        "another function stated).",
    ),
    Check(
        cites="Children Act 2004 s14B; seed 000 §7 (necessary, proportionate, explained)",
        breaks=lambda p: not p.facts.necessity.strip(),
        message="An s14B request must say why the information is needed, and ask only for "
        "what is necessary and proportionate.",
    ),
)

# --- PCSC Act 2022 s17: a local policing body requests (seed 000 §8.7) ----------


def _outside_force_area(p: Proposal) -> bool:
    area = p.requester.police_force_area
    return not area or area != p.recipient.police_force_area


PCSC_S17_CHECKS: tuple[Check, ...] = (
    Check(
        cites="PCSC Act 2022 s17(1)",
        breaks=lambda p: p.requester.kind != "local_policing_body",
        message="Under s17 of the PCSC Act 2022 only a local policing body (PCC or "
        "equivalent) may request information.",
    ),
    Check(
        cites="PCSC Act 2022 s17(1)",
        breaks=lambda p: not _svd_party(p.recipient) or p.recipient.kind == "local_policing_body",
        message="Under s17 of the PCSC Act 2022 a request may go only to a specified, "
        "educational, prison or youth custody authority; {recipient} is not one.",
    ),
    Check(
        cites="PCSC Act 2022 s17(1)",
        breaks=_outside_force_area,
        message="Under s17 of the PCSC Act 2022 the request must stay within the requester's "
        "police force area; {recipient} is not in it.",
    ),
    Check(
        cites="PCSC Act 2022 s17(1)",
        breaks=lambda p: not p.facts.for_svd_functions,
        message="An s17 request must be made for the requester's Serious Violence Duty functions.",
    ),
)

# --- PCSC Act 2022 s16: permissive disclosure between named bodies (seed 000 §8.7)

PCSC_S16_CHECKS: tuple[Check, ...] = (
    Check(
        cites="PCSC Act 2022 s16(1)",
        breaks=lambda p: not _svd_party(p.requester),
        message="s16 of the PCSC Act 2022 applies only between specified authorities, local "
        "policing bodies, educational, prison and youth custody authorities; {requester} is "
        "not one.",
    ),
    Check(
        cites="PCSC Act 2022 s16(1)",
        breaks=lambda p: not _svd_party(p.recipient),
        message="s16 of the PCSC Act 2022 applies only between specified authorities, local "
        "policing bodies, educational, prison and youth custody authorities; {recipient} is "
        "not one.",
    ),
    # The organisation asked is the one that would disclose.
    Check(
        cites="PCSC Act 2022 s16; seed 000 §8.7 (health or social care authorities)",
        breaks=lambda p: (
            p.recipient.health_or_social_care and p.facts.includes_personal_information
        ),
        message="s16 of the PCSC Act 2022 does not authorise {recipient}, a health or social "
        "care authority, to disclose personal information: use another gateway.",
    ),
    Check(
        cites="PCSC Act 2022 s16; seed 000 §8.7 (patient information)",
        breaks=lambda p: p.facts.includes_patient_information,
        message="s16 of the PCSC Act 2022 does not authorise the disclosure of patient "
        "information: use another gateway.",
    ),
)

# Gateway code -> every check a request under it must pass, in the order the
# requester is told. A gateway with conditions of its own set by statute (s14B,
# s16, s17) is judged by those alone, not by the catalogue's lists; a gateway
# not named here (one added in the admin, say) is judged by the catalogue's lists.
GATEWAY_RULES: dict[str, tuple[Check, ...]] = {
    "ca1989-s17-s47": CATALOGUE_CHECKS + CA1989_CHECKS,
    "ca2004-s14b": S14B_CHECKS,
    "pcsc2022-s16": PCSC_S16_CHECKS,
    "pcsc2022-s17": PCSC_S17_CHECKS,
}


def checks_for(code: str) -> tuple[Check, ...]:
    return GATEWAY_RULES.get(code, CATALOGUE_CHECKS)


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
    proposal = Proposal(gateway_name, invoked_by, may_be_asked, requester, recipient, facts)
    found = (check.problem(proposal) for check in checks_for(code))
    return [problem for problem in found if problem is not None]
