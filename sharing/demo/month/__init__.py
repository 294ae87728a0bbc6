"""A month in the demo register, built through the services as people would
build it, so every role's first sign-in shows real work.

Two unit teams and a school keep a dozen cases between them: requests overdue,
due soon, answered and closed; a school's question waiting for an answer; a
decision not to share waiting for a manager's sign-off; an emergency share not
yet written up; a manager's break-glass; old records the retention sweep finds
due for review and for disposal, one under legal hold, one already disposed of
(its certificate kept); an administrator's change to a team; a parent's subject
access request, its draft pack waiting for the DPO's review. The names,
numbers and events are invented.

Dates are counted back from the day it runs, so the month is always this
month. Built once: a register that already has the second team's cases is left
as it is (running the seed again changes nothing)."""

from .build import build_month

__all__ = ["build_month"]
