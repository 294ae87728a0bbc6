"""The register's roles. Each is a Django group, created by a data migration
(sharing/migrations/0002_roles.py keeps its own copy of these names, as
migrations must not import application code; the partnership business
manager's group is made by reports/migrations/0001_business_manager_role.py)."""

from enum import StrEnum


class Role(StrEnum):
    UNIT_STAFF = "Safeguarding unit staff"
    MANAGER = "Manager"
    SCPO = "School SCPO"
    DPO = "Data protection officer"
    ADMINISTRATOR = "Administrator"
    # Statistics for the partnership's annual report, never a record (seed 000 §7).
    BUSINESS_MANAGER = "Partnership business manager"
