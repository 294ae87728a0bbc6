"""Retention's writes: the sweep, the DPO's review and holds, disposal, and
the deletion of disposed files. Views, tasks and commands call these; each
service asks ``retention.permissions`` the same questions the views ask."""

from .disposal import dispose_approved, dispose_case, dispose_record
from .sweep import (
    SweepAlreadyRunning,
    notify_dpo,
    retention_sweep,
    sweep_chunk,
    sweep_plan,
    system_user,
)

__all__ = [
    "SweepAlreadyRunning",
    "dispose_approved",
    "dispose_case",
    "dispose_record",
    "notify_dpo",
    "retention_sweep",
    "sweep_chunk",
    "sweep_plan",
    "system_user",
]
