"""The register's roles. Each is a Django group, created by a data migration
(sharing/migrations/0002_roles.py keeps its own copy of these names, as
migrations must not import application code)."""

from enum import StrEnum


class Role(StrEnum):
    UNIT_STAFF = "Safeguarding unit staff"
    MANAGER = "Manager"
    SCPO = "School SCPO"
    DPO = "Data protection officer"
    ADMINISTRATOR = "Administrator"
