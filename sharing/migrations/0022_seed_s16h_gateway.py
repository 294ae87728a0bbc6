"""Children Act 2004 s16H beside s14B in the gateways catalogue.

Seed 000 §7 words the partnership's power to require information as s14B (the
former Local Safeguarding Children Board's power). Since the Children and Social
Work Act 2017 inserted s16H, the safeguarding partners require information under
that section; both stay in the catalogue, with the same rules
(requests/rules.py GATEWAY_RULES)."""

from django.db import migrations

S16H = {
    "code": "ca2004-s16h",
    "name": "Children Act 2004 s16H (safeguarding partners)",
    "statute": "Children Act 2004 (inserted by the Children and Social Work Act 2017)",
    "section": "s16H",
    "summary": "The safeguarding partners may require a person or body to supply "
    "information, for the partners' functions only: the present-day form of the "
    "power seed 000 gives as s14B.",
    "invoked_by": ["safeguarding_partnership"],
    "may_be_asked": [],
    "recipient_must_comply": True,
    "restrictions": "Only for the safeguarding partners' functions (child safeguarding "
    "practice reviews, child death reviews, allegations management); only what is "
    "necessary and proportionate; explain why it is needed and mind the burden of the "
    "request.",
    "routine_working_days": 15,
    "urgent_working_days": 3,
}


def seed(apps, schema_editor):
    Gateway = apps.get_model("sharing", "Gateway")
    Gateway.objects.update_or_create(
        code=S16H["code"], defaults={k: v for k, v in S16H.items() if k != "code"}
    )


def unseed(apps, schema_editor):
    apps.get_model("sharing", "Gateway").objects.filter(code=S16H["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("sharing", "0021_channel_catalogue_confirmed_in_writing")]

    operations = [migrations.RunPython(seed, unseed)]
