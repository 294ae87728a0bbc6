import pytest

from requests import rules


def _org(name="Org", kind="school", area="kent", specified=False, health=False):
    return rules.OrgFacts(name, kind, area, specified, health)


PARTNERSHIP = _org("Partnership", "safeguarding_partnership")
SCHOOL = _org("Riverside Academy", "school")
PCC = _org("Kent PCC", "local_policing_body")
POLICE = _org("Kent Police", "police", specified=True)
NHS = _org("Kent NHS Trust", "health", specified=True, health=True)
CSC = _org("Kent Children's Services", "la_childrens_social_care", specified=True, health=True)
VOLUNTARY = _org("Youth club", "voluntary")


def _check(code, requester, recipient, invoked_by=(), may_be_asked=(), **facts):
    return rules.gateway_violations(
        code=code,
        gateway_name=code,
        invoked_by=invoked_by,
        may_be_asked=may_be_asked,
        requester=requester,
        recipient=recipient,
        facts=rules.RequestFacts(**facts),
    )


S14B_OK = {"scp_function": "cspr", "necessity": "Needed for the practice review of a death."}


@pytest.mark.parametrize(
    ("code", "requester", "recipient", "facts", "message"),
    [
        ("ca2004-s14b", PARTNERSHIP, SCHOOL, S14B_OK, None),
        ("ca2004-s14b", POLICE, SCHOOL, S14B_OK, "Only the safeguarding children partnership"),
        (
            "ca2004-s14b",
            PARTNERSHIP,
            SCHOOL,
            {"necessity": "x"},
            "must name the partnership function",
        ),
        (
            "ca2004-s14b",
            PARTNERSHIP,
            SCHOOL,
            {"scp_function": "other", "necessity": "x"},
            "must name the partnership function",
        ),
        (
            "ca2004-s14b",
            PARTNERSHIP,
            SCHOOL,
            {"scp_function": "cdr"},
            "must say why the information is needed",
        ),
        ("pcsc2022-s17", PCC, SCHOOL, {"for_svd_functions": True}, None),
        ("pcsc2022-s17", PCC, POLICE, {"for_svd_functions": True}, None),
        ("pcsc2022-s17", POLICE, SCHOOL, {"for_svd_functions": True}, "only a local policing body"),
        ("pcsc2022-s17", PCC, VOLUNTARY, {"for_svd_functions": True}, "is not one"),
        (
            "pcsc2022-s17",
            PCC,
            _org("Essex school", area="essex"),
            {"for_svd_functions": True},
            "police force area",
        ),
        (
            "pcsc2022-s17",
            PCC,
            SCHOOL,
            {"for_svd_functions": False},
            "Serious Violence Duty functions",
        ),
        ("pcsc2022-s16", POLICE, SCHOOL, {}, None),
        ("pcsc2022-s16", POLICE, VOLUNTARY, {}, "Youth club is not one"),
        (
            "pcsc2022-s16",
            POLICE,
            NHS,
            {"includes_personal_information": True},
            "does not authorise Kent NHS Trust",
        ),
        (
            "pcsc2022-s16",
            POLICE,
            CSC,
            {"includes_personal_information": True},
            "health or social care authority",
        ),
        ("pcsc2022-s16", POLICE, NHS, {"includes_personal_information": False}, None),
        (
            "pcsc2022-s16",
            SCHOOL,
            POLICE,
            {"includes_patient_information": True},
            "patient information",
        ),
        ("ca1989-s17-s47", CSC, SCHOOL, {"ca1989_section": "s47"}, None),
        ("ca1989-s17-s47", CSC, SCHOOL, {}, "s17 (child in need) or s47"),
    ],
)
def test_gateway_rules(code, requester, recipient, facts, message):
    problems = _check(code, requester, recipient, **facts)
    if message is None:
        assert problems == []
    else:
        assert any(message in problem for problem in problems), problems


def test_a_gateway_limited_to_some_bodies_refuses_others():
    problems = _check("cda1998-s115", VOLUNTARY, SCHOOL, invoked_by=["police"])
    assert problems == [
        "cda1998-s115 cannot be used by Youth club: "
        "it is not a kind of body that may make this request."
    ]


def test_every_gateway_check_cites_the_law_or_guidance_it_comes_from():
    for checks in (*rules.GATEWAY_RULES.values(), rules.CATALOGUE_CHECKS):
        assert checks
        assert all(check.cites.strip() for check in checks)
