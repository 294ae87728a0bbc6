"""Pure rules for information requests: the legal gateways' conditions, as a
table. No database, no settings, no clock: the facts are passed in.

The same table judges every path information leaves by: a request logged or
sent, a sharing decision, a disclosure (``REQUEST``, ``DECISION``,
``DISCLOSURE``). A check about who may give or receive information under a
gateway holds on every path; a check about what a request must say (which
section, which partnership function, why it is needed) is asked of the request.
On a decision or disclosure the organisation that shares stands where a
request's recipient stands, and the organisation it shares with where the
requester stands.

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


REQUEST = "request"
DECISION = "decision"
DISCLOSURE = "disclosure"
EVERY_PATH = frozenset({REQUEST, DECISION, DISCLOSURE})
REQUEST_ONLY = frozenset({REQUEST})


@dataclass(frozen=True)
class RequestFacts:
    """What the request (or the request behind a decision) says.
    ``about_identified_people`` comes from the people it names (a request's
    subjects, a decision's case, request and protected identities), never from
    a tick box: a request that names a child is personal information."""

    ca1989_section: str = ""
    scp_function: str = ""
    scp_function_other: str = ""
    necessity: str = ""
    for_svd_functions: bool = False
    about_identified_people: bool = True
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
    paths: frozenset[str] = EVERY_PATH

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
        # Who may ask: a proactive share was asked by nobody.
        paths=REQUEST_ONLY,
    ),
    Check(
        cites="Gateway catalogue: who may be asked",
        breaks=lambda p: bool(p.may_be_asked) and p.recipient.kind not in p.may_be_asked,
        message="{gateway} does not allow asking {recipient}.",
        paths=REQUEST_ONLY,
    ),
)

# --- Children Act 1989 s17 / s47 (seed 000: state which you act under) ----------

CA1989_CHECKS: tuple[Check, ...] = (
    Check(
        cites="Children Act 1989 s17 and s47; seed 000",
        breaks=lambda p: p.facts.ca1989_section not in {"s17", "s47"},
        message="A Children Act 1989 request must say whether it is made under s17 (child in "
        "need) or s47 (enquiries into significant harm).",
        paths=REQUEST_ONLY,
    ),
)

# --- Children Act 2004 s14B and s16H: the partnership may require information -----
# s14B (the former LSCB power) is the section seed 000 §7 words; s16H, inserted
# by the Children and Social Work Act 2017, is the safeguarding partners'
# present-day power. Both carry the same conditions.

# A necessity statement shorter than this cannot say, in substance, why the
# information is needed and why no less would do.
MIN_NECESSITY_LENGTH = 40

# Words that name each partnership function in a necessity statement.
FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    "cspr": ("practice review", "serious case review", "case review"),
    "cdr": ("child death", "death review"),
    "allegations": ("allegation",),
}


def _no_scp_function(p: Proposal) -> bool:
    facts = p.facts
    return not facts.scp_function or (
        facts.scp_function == "other" and not facts.scp_function_other.strip()
    )


def _necessity_too_short(p: Proposal) -> bool:
    return len(" ".join(p.facts.necessity.split())) < MIN_NECESSITY_LENGTH


def _necessity_names_no_function(p: Proposal) -> bool:
    """The statement says which partnership function the information serves:
    the function's own words, or for another function a word of the function
    stated (three letters or more)."""
    if _no_scp_function(p) or _necessity_too_short(p):
        return False  # told already, by the checks above
    text = " ".join(p.facts.necessity.lower().split())
    if p.facts.scp_function == "other":
        words = [w.strip(".,;:()") for w in p.facts.scp_function_other.lower().split()]
        return not any(len(w) >= 3 and w in text for w in words)
    return not any(words in text for words in FUNCTION_WORDS.get(p.facts.scp_function, ()))


def _requiring_checks(section: str) -> tuple[Check, ...]:
    """The conditions of the partnership's power to require information, under
    ``section`` ("s14B" or "s16H") of the Children Act 2004 (seed 000 §7)."""
    return (
        Check(
            cites=f"Children Act 2004 {section}(1)",
            breaks=lambda p: p.requester.kind != "safeguarding_partnership",
            message="Only the safeguarding children partnership can require information under "
            f"{section} of the Children Act 2004.",
        ),
        Check(
            cites=f"Children Act 2004 {section}(1); seed 000 §7",
            breaks=_no_scp_function,
            message=f"An {section} request must name the partnership function it serves (child "
            "safeguarding practice review, child death review, allegations management, or "
            "another function stated).",
            paths=REQUEST_ONLY,
        ),
        Check(
            cites=f"Children Act 2004 {section}; seed 000 §7 (necessary, proportionate, explained)",
            breaks=_necessity_too_short,
            message=f"An {section} request must say why the information is needed, and ask "
            "only for what is necessary and proportionate: explain it in a sentence or two "
            f"(at least {MIN_NECESSITY_LENGTH} characters).",
            paths=REQUEST_ONLY,
        ),
        Check(
            cites=f"Children Act 2004 {section}(1); seed 000 §7 (for the partnership's functions)",
            breaks=_necessity_names_no_function,
            message=f"An {section} request must say, in why the information is needed, which "
            "partnership function it serves (for example the practice review, the child death "
            "review or the allegation).",
            paths=REQUEST_ONLY,
        ),
    )


S14B_CHECKS: tuple[Check, ...] = _requiring_checks("s14B")
S16H_CHECKS: tuple[Check, ...] = _requiring_checks("s16H")

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
        paths=REQUEST_ONLY,
    ),
    Check(
        cites="PCSC Act 2022 s17; seed 000 §8.7 (restrictions on patient information)",
        breaks=lambda p: p.facts.includes_patient_information,
        message="s17 of the PCSC Act 2022 does not authorise asking for, or giving, patient "
        "information: use another gateway.",
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
        breaks=lambda p: p.recipient.health_or_social_care and p.facts.about_identified_people,
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

# Gateway code -> every check information under it must pass, on the paths each
# check names, in the order the person recording is told. A gateway with conditions of its own set by statute (s14B,
# s16, s17) is judged by those alone, not by the catalogue's lists; a gateway
# not named here (one added in the admin, say) is judged by the catalogue's lists.
GATEWAY_RULES: dict[str, tuple[Check, ...]] = {
    "ca1989-s17-s47": CATALOGUE_CHECKS + CA1989_CHECKS,
    "ca2004-s14b": S14B_CHECKS,
    "ca2004-s16h": S16H_CHECKS,
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
    path: str = REQUEST,
) -> list[str]:
    """Every rule of the gateway the request, decision or disclosure
    (``path``) breaks, each as a message that names the rule. An empty list
    means the gateway may be used. On a decision or disclosure ``recipient``
    is the organisation that shares and ``requester`` the one it shares with."""
    if path not in EVERY_PATH:
        raise ValueError(f"{path!r} is not a path information leaves by")
    proposal = Proposal(gateway_name, invoked_by, may_be_asked, requester, recipient, facts)
    found = (check.problem(proposal) for check in checks_for(code) if path in check.paths)
    return [problem for problem in found if problem is not None]
