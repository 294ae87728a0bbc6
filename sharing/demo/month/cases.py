"""The unit's cases: the assessment team's and the child protection team's."""

from datetime import date

from cases.models import Case, EntryKind, Gender, InformationStatus, ParticipantRole

from .cast import ASSESSMENT_TEAM, CHILD_PROTECTION_TEAM, Cast, _case


def _assessment_cases(cast: Cast) -> dict[str, Case]:
    """Sam Okafor's team: the case the demo always had, and four more opened this month."""
    d = cast.days_ago
    cases: dict[str, Case] = {}
    existing = Case.objects.filter(team=cast.teams[ASSESSMENT_TEAM]).order_by("pk").first()
    if existing is not None:
        cases["reed"] = existing
    else:
        cases["reed"] = _case(
            cast,
            username="worker",
            team=ASSESSMENT_TEAM,
            child=("Jamie", "Reed", date(2014, 5, 17), Gender.MALE),
            opened=d(28),
            summary="Concerns raised by school about injuries and missed attendance.",
            adults=(
                ("Lee", "Reed", date(1988, 2, 3), ParticipantRole.PARENT),
                ("Kyle", "Marsh", date(1990, 11, 12), ParticipantRole.ALLEGED_PERPETRATOR),
            ),
            entries=(
                (
                    d(28),
                    EntryKind.REFERRAL,
                    InformationStatus.FACT,
                    "Referral from Riverside Academy DSL: bruising to forearm seen in PE.",
                ),
                (
                    d(26),
                    EntryKind.INFORMATION_RECEIVED,
                    InformationStatus.OPINION,
                    "Class teacher believes Jamie is frightened to go home on Fridays.",
                ),
                (
                    d(25),
                    EntryKind.INFORMATION_RECEIVED,
                    InformationStatus.HISTORICAL,
                    "Previous referral in 2022 (another authority), closed after assessment.",
                ),
            ),
        )
    cases["patel"] = _case(
        cast,
        username="worker",
        team=ASSESSMENT_TEAM,
        child=("Aisha", "Patel", date(2012, 9, 3), Gender.FEMALE),
        opened=d(21),
        summary="Aisha told a teaching assistant she is often left to look after her "
        "younger brother overnight.",
        adults=(("Nadia", "Patel", date(1985, 6, 30), ParticipantRole.PARENT),),
        entries=(
            (
                d(21),
                EntryKind.REFERRAL,
                InformationStatus.FACT,
                "Referral from Riverside Academy: Aisha disclosed being left alone overnight.",
            ),
            (
                d(14),
                EntryKind.MEETING,
                InformationStatus.FACT,
                "Home visit with mother present; agreed a plan for evening care.",
            ),
        ),
    )
    cases["walsh"] = _case(
        cast,
        username="worker",
        team=ASSESSMENT_TEAM,
        child=("Tyler", "Walsh", date(2010, 1, 22), Gender.MALE),
        opened=d(17),
        summary="Going missing from home; seen with older young people in the town centre "
        "late at night.",
        entries=(
            (
                d(17),
                EntryKind.CONCERN,
                InformationStatus.FACT,
                "Reported missing overnight by his grandmother; found the next morning.",
            ),
            (
                d(10),
                EntryKind.INFORMATION_RECEIVED,
                InformationStatus.OPINION,
                "Police community support officer thinks Tyler is being groomed to carry drugs.",
            ),
        ),
        source="Northshire Police",
    )
    cases["nowak"] = _case(
        cast,
        username="worker",
        team=ASSESSMENT_TEAM,
        child=("Zofia", "Nowak", date(2017, 4, 11), Gender.FEMALE),
        opened=d(9),
        summary="Health visitor concerned about weight loss and missed appointments.",
        adults=(("Piotr", "Nowak", date(1983, 8, 19), ParticipantRole.PARENT),),
        entries=(
            (
                d(9),
                EntryKind.REFERRAL,
                InformationStatus.FACT,
                "Referral from the health visiting team: three missed appointments "
                "since the summer.",
            ),
        ),
        source="Northshire NHS Foundation Trust",
    )
    cases["brennan"] = _case(
        cast,
        username="worker",
        team=ASSESSMENT_TEAM,
        child=("Ellie", "Brennan", date(2015, 12, 2), Gender.FEMALE),
        opened=d(3),
        summary="Domestic abuse incident at home reported by police; Ellie was present.",
        entries=(
            (
                d(3),
                EntryKind.INFORMATION_RECEIVED,
                InformationStatus.FACT,
                "Police notification of a domestic incident; Ellie was in the house.",
            ),
        ),
        source="Northshire Police",
    )
    return cases


def _child_protection_cases(cast: Cast) -> dict[str, Case]:
    """Ruth Adeyemi's team: three children on plans."""
    d = cast.days_ago
    return {
        "hughes": _case(
            cast,
            username="worker.cp",
            team=CHILD_PROTECTION_TEAM,
            child=("Mason", "Clarke", date(2013, 7, 8), Gender.MALE),
            opened=d(33),
            summary="Child protection plan: neglect. Home conditions and school attendance.",
            adults=(("Kerry", "Clarke", date(1989, 3, 14), ParticipantRole.PARENT),),
            entries=(
                (
                    d(33),
                    EntryKind.MEETING,
                    InformationStatus.FACT,
                    "Initial child protection conference: plan agreed under neglect.",
                ),
                (
                    d(12),
                    EntryKind.CONTACT,
                    InformationStatus.FACT,
                    "Unannounced visit: house cold, little food; mother engaged well.",
                ),
            ),
            source="St Anne's Primary School",
        ),
        "osei": _case(
            cast,
            username="worker.cp",
            team=CHILD_PROTECTION_TEAM,
            child=("Grace", "Osei", date(2016, 2, 27), Gender.FEMALE),
            opened=d(24),
            summary="Child protection plan: emotional harm from parental conflict.",
            entries=(
                (
                    d(24),
                    EntryKind.MEETING,
                    InformationStatus.FACT,
                    "Strategy discussion with police and health.",
                ),
            ),
            source="St Anne's Primary School",
        ),
        "price": _case(
            cast,
            username="worker.cp",
            team=CHILD_PROTECTION_TEAM,
            child=("Liam", "Price", date(2011, 10, 5), Gender.MALE),
            opened=d(6),
            summary="Allegation of physical harm by a stepfather; police investigation under way.",
            adults=(("Darren", "Cole", date(1987, 5, 1), ParticipantRole.ALLEGED_PERPETRATOR),),
            entries=(
                (
                    d(6),
                    EntryKind.REFERRAL,
                    InformationStatus.FACT,
                    "Police referral: Liam attended A&E with a fractured wrist.",
                ),
            ),
            source="Northshire Police",
        ),
    }
