"""Not to be disclosed to the person it is about: the flag a chronology entry,
a document or a disclosed item carries when its subject asks for their records
(UK GDPR Art 15), with the exemption relied on and why (seed 000 §6, seed 004).
Set by whoever may edit the record, with history; the DPO's subject access
pack holds flagged items back and lists their exemption."""

from django.db import models

from ..choices import SubjectAccessExemption


class NotForSubject(models.Model):
    not_for_subject = models.BooleanField(
        "not to be disclosed to the person it is about", default=False
    )
    not_for_subject_exemption = models.CharField(
        "exemption relied on", max_length=24, choices=SubjectAccessExemption.choices, blank=True
    )
    not_for_subject_reason = models.TextField("why it is not to be disclosed", blank=True)

    class Meta:
        abstract = True
