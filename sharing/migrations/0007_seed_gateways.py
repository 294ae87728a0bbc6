"""The legal gateways catalogue (DESIGN.md "Legal gateways"; seeds 000 and 004).
Response times are local defaults in working days, editable in the admin."""

from django.db import migrations

SPECIFIED = [
    "la_childrens_social_care",
    "police",
    "probation",
    "youth_offending_team",
    "health",
    "fire_and_rescue",
]
SVD_PARTIES = [*SPECIFIED, "local_policing_body", "school", "prison"]

GATEWAYS = [
    {
        "code": "ca1989-s17-s47",
        "name": "Children Act 1989 s17 / s47",
        "statute": "Children Act 1989",
        "section": "s17 (child in need) or s47 (enquiries)",
        "summary": "A local authority assessing a child in need (s17) or making enquiries where it suspects significant harm (s47), and partners (police, health, schools) asking in support of them. The request must say which section it is made under.",
        "invoked_by": [
            "la_childrens_social_care",
            "safeguarding_partnership",
            "police",
            "health",
            "school",
            "probation",
            "youth_offending_team",
        ],
        "may_be_asked": [],
        "recipient_must_comply": False,
        "routine_working_days": 5,
        "urgent_working_days": 1,
    },
    {
        "code": "ca2004-s10-s11",
        "name": "Children Act 2004 s10 / s11",
        "statute": "Children Act 2004",
        "section": "s10 (co-operation), s11 (safeguarding duty)",
        "summary": "Permissive: partners co-operate to improve children's well-being and safeguard them.",
        "invoked_by": [],
        "may_be_asked": [],
        "recipient_must_comply": False,
        "routine_working_days": 10,
        "urgent_working_days": 2,
    },
    {
        "code": "ca2004-s14b",
        "name": "Children Act 2004 s14B (safeguarding partnership)",
        "statute": "Children Act 2004",
        "section": "s14B",
        "summary": "The safeguarding partnership may require a person or body to supply information, for the partnership's functions only.",
        "invoked_by": ["safeguarding_partnership"],
        "may_be_asked": [],
        "recipient_must_comply": True,
        "restrictions": "Only for the partnership's functions (child safeguarding practice reviews, child death reviews, allegations management); only what is necessary and proportionate; explain why it is needed and mind the burden of the request.",
        "routine_working_days": 15,
        "urgent_working_days": 3,
    },
    {
        "code": "pcsc2022-s16",
        "name": "PCSC Act 2022 s16 (Serious Violence Duty disclosure)",
        "statute": "Police, Crime, Sentencing and Courts Act 2022",
        "section": "s16",
        "summary": "Permissive disclosure between specified authorities, local policing bodies, educational, prison and youth custody authorities, for the Serious Violence Duty.",
        "invoked_by": SVD_PARTIES,
        "may_be_asked": SVD_PARTIES,
        "recipient_must_comply": False,
        "restrictions": "Never obliges anyone to share. Does not authorise disclosure of patient information, or of personal information by a health or social care authority.",
        "routine_working_days": 10,
        "urgent_working_days": 2,
    },
    {
        "code": "pcsc2022-s17",
        "name": "PCSC Act 2022 s17 (Serious Violence Duty request)",
        "statute": "Police, Crime, Sentencing and Courts Act 2022",
        "section": "s17",
        "summary": "A local policing body may request information from a specified, educational, prison or youth custody authority in its police force area, for its Serious Violence Duty functions.",
        "invoked_by": ["local_policing_body"],
        "may_be_asked": [*SPECIFIED, "school", "prison"],
        "recipient_must_comply": True,
        "restrictions": "Only within the requester's police force area; only for its Serious Violence Duty functions.",
        "routine_working_days": 10,
        "urgent_working_days": 2,
    },
    {
        "code": "cda1998-s115",
        "name": "Crime and Disorder Act 1998 s115",
        "statute": "Crime and Disorder Act 1998",
        "section": "s115",
        "summary": "Disclosure to relevant authorities for the purposes of the Act (crime and disorder reduction).",
        "invoked_by": [
            "police",
            "la_childrens_social_care",
            "probation",
            "health",
            "fire_and_rescue",
            "youth_offending_team",
        ],
        "may_be_asked": [],
        "recipient_must_comply": False,
        "routine_working_days": 10,
        "urgent_working_days": 2,
    },
    {
        "code": "dvds-right-to-ask",
        "name": "Domestic Violence Disclosure Scheme: right to ask",
        "statute": "Domestic Violence Disclosure Scheme (statutory guidance)",
        "section": "",
        "summary": "A member of the public asks the police about a partner's history of abuse.",
        "invoked_by": ["police"],
        "may_be_asked": [],
        "recipient_must_comply": False,
        "routine_working_days": 10,
        "urgent_working_days": 2,
    },
    {
        "code": "dvds-right-to-know",
        "name": "Domestic Violence Disclosure Scheme: right to know",
        "statute": "Domestic Violence Disclosure Scheme (statutory guidance)",
        "section": "",
        "summary": "The police proactively disclose a partner's history of abuse to protect someone.",
        "invoked_by": ["police"],
        "may_be_asked": [],
        "recipient_must_comply": False,
        "routine_working_days": 10,
        "urgent_working_days": 2,
    },
    {
        "code": "csods",
        "name": "Child Sex Offender Disclosure Scheme",
        "statute": "Child Sex Offender Disclosure Scheme guidance",
        "section": "",
        "summary": "A parent, carer or guardian asks the police whether someone with access to a child has a record of child sexual offences.",
        "invoked_by": ["police"],
        "may_be_asked": [],
        "recipient_must_comply": False,
        "routine_working_days": 10,
        "urgent_working_days": 2,
    },
    {
        "code": "mappa",
        "name": "MAPPA (Criminal Justice Act 2003 s325)",
        "statute": "Criminal Justice Act 2003",
        "section": "s325",
        "summary": "Multi-agency public protection arrangements: co-operation and sharing to manage risk from offenders.",
        "invoked_by": ["police", "probation", "prison"],
        "may_be_asked": [],
        "recipient_must_comply": False,
        "routine_working_days": 10,
        "urgent_working_days": 2,
    },
    {
        "code": "ctsa2015-s26",
        "name": "Counter-Terrorism and Security Act 2015 s26 (Prevent)",
        "statute": "Counter-Terrorism and Security Act 2015",
        "section": "s26",
        "summary": "The Prevent duty: due regard to the need to prevent people from being drawn into terrorism.",
        "invoked_by": [],
        "may_be_asked": [],
        "recipient_must_comply": False,
        "routine_working_days": 10,
        "urgent_working_days": 2,
    },
    {
        "code": "hsca2012-duty-to-share",
        "name": "Health and Social Care Act 2012 duty to share",
        "statute": "Health and Social Care Act 2012 (Health and Social Care (Safety and Quality) Act 2015)",
        "section": "s251B",
        "summary": "Health and adult social care bodies share information for a person's direct care where it is in their interests.",
        "invoked_by": ["health", "la_childrens_social_care"],
        "may_be_asked": [],
        "recipient_must_comply": False,
        "routine_working_days": 10,
        "urgent_working_days": 2,
    },
    {
        "code": "other-stated",
        "name": "Other gateway (stated in the request)",
        "statute": "As stated",
        "section": "",
        "summary": "Another lawful basis, named in the request's purpose.",
        "invoked_by": [],
        "may_be_asked": [],
        "recipient_must_comply": False,
        "routine_working_days": 10,
        "urgent_working_days": 2,
    },
]


def seed(apps, schema_editor):
    Gateway = apps.get_model("sharing", "Gateway")
    for spec in GATEWAYS:
        Gateway.objects.update_or_create(
            code=spec["code"], defaults={k: v for k, v in spec.items() if k != "code"}
        )


def unseed(apps, schema_editor):
    apps.get_model("sharing", "Gateway").objects.filter(
        code__in=[g["code"] for g in GATEWAYS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sharing", "0006_gateway")]

    operations = [migrations.RunPython(seed, unseed)]
