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
            {"about_identified_people": True},
            "does not authorise Kent NHS Trust",
        ),
        (
            "pcsc2022-s16",
            POLICE,
            CSC,
            {"about_identified_people": True},
            "health or social care authority",
        ),
        ("pcsc2022-s16", POLICE, NHS, {"about_identified_people": False}, None),
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


# Each rule of issue 15's "gateway rules on every path", one row each: the
# gateway, who receives (requester), who gives (recipient), what is said, the
# path, and the refusal expected (None: allowed). The id cites the seed and the
# section the row comes from.
REQ, DEC, DIS = rules.REQUEST, rules.DECISION, rules.DISCLOSURE
NECESSARY = "The practice review panel needs the attendance record for the autumn term."


def _row(cites, code, requester, recipient, facts, path, message):
    return pytest.param(code, requester, recipient, facts, path, message, id=cites)


@pytest.mark.parametrize(
    ("code", "requester", "recipient", "facts", "path", "message"),
    [
        # PCSC Act 2022 s16: no personal information from a health or social
        # care authority, whoever records it (seed 000 §8.7).
        *(
            _row(
                f"PCSC 2022 s16, seed 000 §8.7: health gives personal information ({path})",
                "pcsc2022-s16",
                POLICE,
                NHS,
                {"about_identified_people": True},
                path,
                "a health or social care authority, to disclose personal information",
            )
            for path in (REQ, DEC, DIS)
        ),
        *(
            _row(
                f"PCSC 2022 s16, seed 000 §8.7: social care gives personal information ({path})",
                "pcsc2022-s16",
                SCHOOL,
                CSC,
                {"about_identified_people": True},
                path,
                "does not authorise Kent Children's Services",
            )
            for path in (REQ, DEC, DIS)
        ),
        _row(
            "PCSC 2022 s16, seed 000 §8.7: health may give what identifies nobody",
            "pcsc2022-s16",
            POLICE,
            NHS,
            {"about_identified_people": False},
            DIS,
            None,
        ),
        *(
            _row(
                f"PCSC 2022 s16, seed 000 §8.7: never patient information ({path})",
                "pcsc2022-s16",
                NHS,
                POLICE,
                {"includes_patient_information": True, "about_identified_people": False},
                path,
                "does not authorise the disclosure of patient information",
            )
            for path in (REQ, DEC, DIS)
        ),
        _row(
            "PCSC 2022 s16(1), seed 000 §8.7: police may give a school personal information",
            "pcsc2022-s16",
            SCHOOL,
            POLICE,
            {},
            DEC,
            None,
        ),
        _row(
            "PCSC 2022 s16(1), seed 000 §8.7: only between the bodies it names (decision)",
            "pcsc2022-s16",
            VOLUNTARY,
            POLICE,
            {},
            DEC,
            "Youth club is not one",
        ),
        # PCSC Act 2022 s17: a local policing body asks the authorities in its
        # area, never for patient information (seed 000 §8.7).
        _row(
            "PCSC 2022 s17, seed 000 §8.7: an NHS trust asked for patient information",
            "pcsc2022-s17",
            PCC,
            NHS,
            {"for_svd_functions": True, "includes_patient_information": True},
            REQ,
            "does not authorise asking for, or giving, patient information",
        ),
        _row(
            "PCSC 2022 s17, seed 000 §8.7: no patient information on a decision under s17",
            "pcsc2022-s17",
            PCC,
            NHS,
            {"includes_patient_information": True},
            DEC,
            "patient information",
        ),
        _row(
            "PCSC 2022 s17(1), seed 000 §8.7: an NHS trust in the area may be asked",
            "pcsc2022-s17",
            PCC,
            NHS,
            {"for_svd_functions": True},
            REQ,
            None,
        ),
        _row(
            "PCSC 2022 s17(1), seed 000 §8.7: only a local policing body receives (decision)",
            "pcsc2022-s17",
            POLICE,
            SCHOOL,
            {},
            DIS,
            "only a local policing body",
        ),
        _row(
            "PCSC 2022 s17(1), seed 000 §8.7: only in the police force area (disclosure)",
            "pcsc2022-s17",
            _org("Essex PCC", "local_policing_body", area="essex"),
            SCHOOL,
            {},
            DIS,
            "police force area",
        ),
        # Children Act 2004 s14B and s16H: the partnership requires, for its
        # functions, saying in substance why (seed 000 §7).
        *(
            _row(
                f"CA 2004 {section}, seed 000 §7: 'x' is no necessity statement",
                code,
                PARTNERSHIP,
                SCHOOL,
                {"scp_function": "cspr", "necessity": "x"},
                REQ,
                f"An {section} request must say why the information is needed",
            )
            for code, section in (("ca2004-s14b", "s14B"), ("ca2004-s16h", "s16H"))
        ),
        *(
            _row(
                f"CA 2004 {section}(1), seed 000 §7: the statement names no function",
                code,
                PARTNERSHIP,
                SCHOOL,
                {
                    "scp_function": "cdr",
                    "necessity": "We need everything you hold about this family, please.",
                },
                REQ,
                "which partnership function it serves",
            )
            for code, section in (("ca2004-s14b", "s14B"), ("ca2004-s16h", "s16H"))
        ),
        *(
            _row(
                f"CA 2004 {section}(1), seed 000 §7: a statement in substance",
                code,
                PARTNERSHIP,
                SCHOOL,
                {"scp_function": "cspr", "necessity": NECESSARY},
                REQ,
                None,
            )
            for code, section in (("ca2004-s14b", "s14B"), ("ca2004-s16h", "s16H"))
        ),
        _row(
            "CA 2004 s14B(1), seed 000 §7: another function, named in the statement",
            "ca2004-s14b",
            PARTNERSHIP,
            SCHOOL,
            {
                "scp_function": "other",
                "scp_function_other": "Multi-agency audit of neglect cases",
                "necessity": "The neglect audit needs the dates of the referrals you made.",
            },
            REQ,
            None,
        ),
        _row(
            "CA 2004 s14B(1), seed 000 §7: another function, not named in the statement",
            "ca2004-s14b",
            PARTNERSHIP,
            SCHOOL,
            {
                "scp_function": "other",
                "scp_function_other": "Multi-agency audit of neglect cases",
                "necessity": "We need the dates of the referrals you made to us this year.",
            },
            REQ,
            "which partnership function it serves",
        ),
        _row(
            "CA 2004 s16H(1), seed 000 §7: only the partnership requires",
            "ca2004-s16h",
            POLICE,
            SCHOOL,
            {"scp_function": "cspr", "necessity": NECESSARY},
            REQ,
            "Only the safeguarding children partnership can require information under s16H",
        ),
        _row(
            "CA 2004 s14B(1), seed 000 §7: what is required goes to the partnership (decision)",
            "ca2004-s14b",
            POLICE,
            SCHOOL,
            {},
            DEC,
            "Only the safeguarding children partnership",
        ),
        _row(
            "CA 2004 s14B, seed 000 §7: a decision is not asked for the request's statement",
            "ca2004-s14b",
            PARTNERSHIP,
            SCHOOL,
            {},
            DEC,
            None,
        ),
        # Children Act 1989 s17/s47: a request says which (seed 000 §6).
        _row(
            "CA 1989 s17/s47, seed 000 §6: the request says which section",
            "ca1989-s17-s47",
            CSC,
            SCHOOL,
            {"ca1989_section": "s17"},
            REQ,
            None,
        ),
        _row(
            "CA 1989 s17/s47, seed 000 §6: a request that does not say is refused",
            "ca1989-s17-s47",
            CSC,
            SCHOOL,
            {"ca1989_section": ""},
            REQ,
            "s17 (child in need) or s47",
        ),
    ],
)
def test_gateway_rules_on_every_path(code, requester, recipient, facts, path, message):
    problems = rules.gateway_violations(
        code=code,
        gateway_name=code,
        invoked_by=(),
        may_be_asked=(),
        requester=requester,
        recipient=recipient,
        facts=rules.RequestFacts(**facts),
        path=path,
    )
    if message is None:
        assert problems == []
    else:
        assert any(message in problem for problem in problems), problems


def test_s16h_carries_the_same_conditions_as_s14b():
    s14b, s16h = rules.GATEWAY_RULES["ca2004-s14b"], rules.GATEWAY_RULES["ca2004-s16h"]
    assert [c.paths for c in s14b] == [c.paths for c in s16h]
    assert [c.message.replace("s14B", "s16H") for c in s14b] == [c.message for c in s16h]


def test_a_path_the_rules_do_not_know_is_refused():
    with pytest.raises(ValueError):
        rules.gateway_violations(
            code="pcsc2022-s16",
            gateway_name="s16",
            invoked_by=(),
            may_be_asked=(),
            requester=POLICE,
            recipient=SCHOOL,
            facts=rules.RequestFacts(),
            path="transfer",
        )
