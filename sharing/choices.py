"""The sharing decision's fixed lists: outcome, lawful bases, consent, telling
the family, advice, sign-off. Plain enumerations with labels, importable
without Django (as sharing.roles is), so the pure rules
(sharing.decisions.rules) compare against the same members the Decision model
(sharing.models.decisions, which re-exports them) offers as field choices.

Each list says what its values mean in law (``Article6Basis.relies_on_consent``)
so no other module spells a value such as "6_1_a"."""

from collections.abc import Iterable
from enum import EnumType, StrEnum
from typing import Self


class _ChoicesType(EnumType):
    @property
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs, for a model field's ``choices``."""
        return [(member.value, member.label) for member in cls]  # type: ignore[var-annotated]

    @property
    def values(cls) -> list[str]:
        """The stored values, in order."""
        return [member.value for member in cls]  # type: ignore[var-annotated]


class Choices(StrEnum, metaclass=_ChoicesType):
    """A member is its stored value (a ``str``) and carries a label; the class
    has ``choices`` for a model field, as Django's TextChoices had, with the
    same values and labels (so no migration changes)."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def has_value(cls, value: object) -> bool:
        """Whether ``value`` is one of the list's stored values."""
        return value in cls._value2member_map_

    @classmethod
    def label_of(cls, value: str) -> str:
        """The label of the stored ``value``."""
        member: Choices = cls._value2member_map_[value]  # type: ignore[assignment]
        return member.label


class DecisionOutcome(Choices):
    SHARE = "share", "Share"
    SHARE_IN_PART = "share_in_part", "Share in part"
    DO_NOT_SHARE = "do_not_share", "Do not share"

    @classmethod
    def shares(cls, value: str) -> bool:
        """Something is shared: all of it, or part."""
        return value in {cls.SHARE, cls.SHARE_IN_PART}

    @classmethod
    def withholds(cls, value: str) -> bool:
        """Something is kept back, so the requester is told why (seed 000,
        golden rule 7: "be prepared to explain why")."""
        return value in {cls.DO_NOT_SHARE, cls.SHARE_IN_PART}


class DeclineReason(Choices):
    """The main reason for a decision not to share, as a category the
    partnership's statistics count (the full reasons stay in words, in the
    rationale). The grounds are the guidance's: seed 001 golden rule 6 (only
    what is necessary and proportionate for the purpose), seed 004's flowchart
    (no legitimate purpose, no lawful reason: do not share) and its duty of
    confidence (the partner the information came from decides whether it is
    disclosed), DPA 2018 Sch 2 para 2 (prejudice to crime prevention; seed 004,
    "DPA Section 29"), seed 001 (seek clarification when in doubt about what is
    needed), and third parties' information (seed 004: the impact on the
    subject and any third parties).

    Holding none of what was asked is not a decision not to share: a request
    is then answered "not held" (requests:not_held), without a decision."""

    NOT_NECESSARY = (
        "not_necessary",
        "It is not necessary or proportionate for the purpose given",
    )
    NO_LAWFUL_BASIS = "no_lawful_basis", "No law or lawful basis allows the sharing"
    PREJUDICE_OR_RISK = (
        "prejudice_or_risk",
        "Sharing would harm an investigation or put someone at risk",
    )
    ANOTHER_ORGANISATION = (
        "another_organisation",
        "It came from another organisation, which should be asked",
    )
    NOT_SPECIFIC = (
        "not_specific",
        "The request is not clear enough and was not clarified",
    )
    THIRD_PARTY = (
        "third_party",
        "It is about someone else, with no grounds to share it",
    )
    OTHER = "other", "Another reason (say what it is)"
    # Decisions recorded before the reason was asked for as a category: set
    # by the data migration that added the field, never offered on a form.
    NOT_RECORDED = "not_recorded", "Not recorded (decided before reasons were categorised)"

    @classmethod
    def offered(cls) -> list["DeclineReason"]:
        """The reasons a person may choose (not "not recorded")."""
        return [member for member in cls if member != cls.NOT_RECORDED]

    @classmethod
    def hint(cls, value: str) -> str:
        return _DECLINE_HINTS.get(value, "")


_DECLINE_HINTS: dict[str, str] = {
    DeclineReason.NOT_NECESSARY: "For example, it is not relevant to what they need it for, "
    "or they asked for more than the purpose needs.",
    DeclineReason.NO_LAWFUL_BASIS: "No power or duty allows it, and no UK GDPR basis (or, for "
    "special category information, no condition) fits.",
    DeclineReason.PREJUDICE_OR_RISK: "For example, it would alert someone to a police "
    "investigation, or put the child or another person in danger.",
    DeclineReason.ANOTHER_ORGANISATION: "The organisation it came from decides whether it is "
    "shared. If you hold none of what was asked for, answer that you do not hold it instead.",
    DeclineReason.NOT_SPECIFIC: "You asked what they need and why, and did not get an answer "
    "you can decide on.",
    DeclineReason.THIRD_PARTY: "For example, a relative's or a neighbour's information, where "
    "they have not agreed and no risk justifies sharing it without their agreement.",
}


class Article6Basis(Choices):
    CONSENT = "6_1_a", "6(1)(a) consent"
    LEGAL_OBLIGATION = "6_1_c", "6(1)(c) legal obligation"
    VITAL_INTERESTS = "6_1_d", "6(1)(d) vital interests"
    PUBLIC_TASK = "6_1_e", "6(1)(e) public task"
    LEGITIMATE_INTERESTS = (
        "6_1_f",
        "6(1)(f) legitimate interests (not for public authorities' tasks)",
    )

    @classmethod
    def relies_on_consent(cls, value: str) -> bool:
        return value == cls.CONSENT


class Schedule1Condition(Choices):
    """DPA 2018 Schedule 1 conditions, where Article 9 needs one."""

    SAFEGUARDING = "para_18", "Para 18: safeguarding of children and of individuals at risk"
    UNLAWFUL_ACTS = "para_10", "Para 10: preventing or detecting unlawful acts"
    STATUTORY_PURPOSES = "para_6", "Para 6: statutory and government purposes"
    SOCIAL_PROTECTION = "para_1", "Para 1: employment, social security and social protection"
    HEALTH_OR_SOCIAL_CARE = "para_2", "Para 2: health or social care purposes"


class Article9Condition(Choices):
    EXPLICIT_CONSENT = "9_2_a", "9(2)(a) explicit consent"
    SOCIAL_PROTECTION = "9_2_b", "9(2)(b) employment, social security and social protection law"
    VITAL_INTERESTS = "9_2_c", "9(2)(c) vital interests"
    LEGAL_CLAIMS = "9_2_f", "9(2)(f) legal claims"
    SUBSTANTIAL_PUBLIC_INTEREST = "9_2_g", "9(2)(g) substantial public interest"
    HEALTH_OR_SOCIAL_CARE = "9_2_h", "9(2)(h) health or social care"

    @classmethod
    def relies_on_consent(cls, value: str) -> bool:
        return value == cls.EXPLICIT_CONSENT

    @classmethod
    def schedule1_conditions(cls, value: str) -> frozenset[Schedule1Condition]:
        """The DPA 2018 Schedule 1 conditions that may go with this Article 9
        condition (DPA 2018 s10): Part 1 para 1 with 9(2)(b), para 2 with
        9(2)(h), Part 2 (statutory purposes, unlawful acts, safeguarding) with
        9(2)(g); none needed with the others."""
        return _SCHEDULE_1_FOR.get(value, frozenset())

    @classmethod
    def needs_schedule1(cls, value: str) -> bool:
        return value in _SCHEDULE_1_FOR


_SCHEDULE_1_FOR: dict[str, frozenset[Schedule1Condition]] = {
    Article9Condition.SOCIAL_PROTECTION: frozenset({Schedule1Condition.SOCIAL_PROTECTION}),
    Article9Condition.HEALTH_OR_SOCIAL_CARE: frozenset({Schedule1Condition.HEALTH_OR_SOCIAL_CARE}),
    Article9Condition.SUBSTANTIAL_PUBLIC_INTEREST: frozenset(
        {
            Schedule1Condition.STATUTORY_PURPOSES,
            Schedule1Condition.UNLAWFUL_ACTS,
            Schedule1Condition.SAFEGUARDING,
        }
    ),
}


def relies_on_consent(article6_basis: str, article9_condition: str) -> bool:
    """Consent is a lawful basis of the decision (Article 6(1)(a) or 9(2)(a)):
    if it is withdrawn, nothing more is shared under it and what was shared is
    reviewed."""
    return Article6Basis.relies_on_consent(article6_basis) or Article9Condition.relies_on_consent(
        article9_condition
    )


class Para18ConsentReason(Choices):
    """Why DPA 2018 Schedule 1 para 18 is relied on instead of consent: the
    paragraph applies only in these three cases (para 18(2))."""

    CANNOT_BE_GIVEN = "cannot_be_given", "Consent cannot be given by or for the person"
    CANNOT_REASONABLY_OBTAIN = (
        "cannot_reasonably_obtain",
        "We cannot reasonably be expected to get consent",
    )
    WOULD_PREJUDICE = "would_prejudice", "Asking for consent would put the protection at risk"


class ConsentStatus(Choices):
    NOT_SOUGHT = "not_sought", "Not sought"
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"

    @classmethod
    def against_consent(cls, value: str) -> bool:
        """Sharing now goes against the person's wishes: consent was refused or
        withdrawn (seed 004, "Sharing information when consent has been
        refused")."""
        return value in {cls.REFUSED, cls.WITHDRAWN}


class ConsentGivenBy(Choices):
    """Whose consent it was (seeds 001, 004): a child judged competent to give
    it (Gillick competence), a person with parental responsibility for the
    child, or an adult about whom the information is."""

    COMPETENT_CHILD = "competent_child", "The child, judged competent to give it"
    PARENTAL_RESPONSIBILITY = "parental_responsibility", "A person with parental responsibility"
    ADULT = "adult", "An adult the information is about"


class ConsentNotSoughtReason(Choices):
    UNSAFE = "unsafe", "Seeking it would be unsafe"
    INCREASE_RISK = "increase_risk", "It would increase the risk of harm"
    PREJUDICE_INVESTIGATION = "prejudice_investigation", "It would prejudice an investigation"
    CANNOT_BE_GIVEN = "cannot_be_given", "It cannot be given"
    URGENT = "urgent", "There was no time: urgent"


class NotToldReason(Choices):
    RISK_OF_HARM = "risk_of_harm", "Telling them would create or increase a risk of harm"
    PREJUDICE_CRIME = "prejudice_crime", "It would prejudice the prevention or detection of crime"
    OTHER = "other", "Other reason (say what it is)"


class Advice(Choices):
    NONE = "", "No advice sought"
    DPO = "dpo", "Data protection officer"
    CALDICOTT = "caldicott", "Caldicott Guardian"
    LEGAL = "legal", "Legal"
    MANAGER = "manager", "Manager"
    # Seeds 003 and 004, golden rule 3: seek advice without disclosing the
    # identity of the individual where possible. Who advised is not needed.
    WITHOUT_NAMING = "without_naming", "Advice sought without naming the child or family"

    @classmethod
    def names_an_adviser(cls, value: str) -> bool:
        """A named source: the record says who advised, when and what."""
        return value in {cls.DPO, cls.CALDICOTT, cls.LEGAL, cls.MANAGER}


class InformationStatus(Choices):
    """Each item shared is marked as fact, opinion or historical information
    (seed 004, Accurate: distinguish fact from opinion, explain what is
    historical)."""

    FACT = "fact", "Fact"
    OPINION = "opinion", "Opinion"
    HISTORICAL = "historical", "Historical information"

    @classmethod
    def least_certain(cls, statuses: Iterable[str]) -> "InformationStatus":
        """The marking of one record that reports several items (the
        chronology entry made from a disclosure): theirs when they agree,
        otherwise the least certain present (opinion, then historical), so a
        record holding an opinion is never stamped as fact."""
        present = set(statuses)
        for status in (cls.OPINION, cls.HISTORICAL):
            if status in present:
                return status
        return cls.FACT


class SecureChannel(Choices):
    """The one catalogue of ways information leaves the register, for
    disclosures, answers and an organisation's usual route (seed 000 §7: secure
    e-mail or MoveIT, else an encrypted or password-protected document with the
    password sent separately; transfer at partnership meetings). Unencrypted
    e-mail, messaging apps and the like are not in it, so cannot be chosen."""

    REGISTER = "register", "In the register"
    SECURE_EMAIL = "secure_email", "Secure e-mail"
    SECURE_FILE_TRANSFER = "secure_file_transfer", "Secure file transfer (such as MoveIT)"
    ENCRYPTED_DOCUMENT = (
        "encrypted_document",
        "Encrypted document, with the password sent by another route",
    )
    IN_PERSON = "in_person", "In person at a partnership meeting"
    TELEPHONE = "telephone", "By telephone in an emergency"

    @classmethod
    def spoken(cls, value: str) -> bool:
        """Shared by word of mouth, so to be confirmed in writing afterwards
        (seed 000 §6: "In urgent situations, information will need to be
        shared verbally, but should then if possible be followed up and
        confirmed in writing")."""
        return value in cls.spoken_values()

    @classmethod
    def spoken_values(cls) -> list[str]:
        return [cls.IN_PERSON.value, cls.TELEPHONE.value]

    @classmethod
    def written_choices(cls) -> list[tuple[str, str]]:
        """The channels an organisation can name as its usual secure route:
        the written ones (a telephone call is for emergencies only)."""
        return [(member.value, member.label) for member in cls if not cls.spoken(member)]


class SignOff(Choices):
    NOT_NEEDED = "not_needed", "Not needed"
    PENDING = "pending", "Waiting for a manager"
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned for more work"

    @classmethod
    def final(cls, value: str) -> bool:
        """The decision stands: no sign-off was needed, or a manager gave it."""
        return value in {cls.NOT_NEEDED, cls.SIGNED_OFF}


class SubjectAccessExemption(Choices):
    """Why something is not to be disclosed to the person it is about, in
    answer to their subject access request (UK GDPR Art 15): the exemptions of
    the Data Protection Act 2018 that safeguarding records rely on. Seed 000 §6
    asks the sharer to say whether information "should not be disclosed to the
    service user, or parent ... exempted for a specific reason, such as the
    likelihood of causing serious harm"; seed 004 (DPA s29, now Sch 2 para 2)
    names the crime exemption."""

    SOCIAL_WORK_SERIOUS_HARM = (
        "sch3_social_work",
        "Social work data: would be likely to cause serious harm to the physical or mental "
        "health of the person or someone else (DPA 2018 Sch 3 Part 3)",
    )
    HEALTH_SERIOUS_HARM = (
        "sch3_health",
        "Health data: would be likely to cause serious harm to the physical or mental "
        "health of the person or someone else (DPA 2018 Sch 3 Part 2)",
    )
    EDUCATION_SERIOUS_HARM = (
        "sch3_education",
        "Education data: would be likely to cause serious harm to the physical or mental "
        "health of the person or someone else (DPA 2018 Sch 3 Part 4)",
    )
    CHILD_ABUSE_DATA = (
        "sch3_child_abuse",
        "Child abuse data asked for by a parent, where disclosure is not in the child's "
        "best interests (DPA 2018 Sch 3 Part 5)",
    )
    CRIME = (
        "sch2_crime",
        "Crime: disclosure would be likely to prejudice the prevention or detection of crime "
        "or the apprehension or prosecution of offenders (DPA 2018 Sch 2 para 2)",
    )
    THIRD_PARTY = (
        "sch2_third_party",
        "Another person's information: they have not consented and it is not reasonable to "
        "disclose it without their consent (DPA 2018 Sch 2 para 16)",
    )
    LEGAL_PRIVILEGE = (
        "sch2_legal_privilege",
        "Legal professional privilege (DPA 2018 Sch 2 para 19)",
    )
    OTHER = "other", "Another exemption, named in the reason"
