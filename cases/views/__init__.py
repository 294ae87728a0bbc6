"""Case pages. Each view reads top to bottom: find the object through a
permission-aware selector (404 if the user may not see it), log the read,
call a service to write, render."""

from .break_glass import break_glass, break_glass_review
from .case_pages import (
    case_access,
    case_access_log,
    case_close,
    case_detail,
    case_edit,
    case_history,
    case_list,
    case_open,
)
from .categories import case_categories, case_category_change
from .participants import (
    chronology_add,
    chronology_edit,
    chronology_not_for_subject,
    participant_add,
    participant_edit,
)
from .people import person_create, person_detail, person_edit, person_search

__all__ = [
    "break_glass",
    "break_glass_review",
    "case_access",
    "case_access_log",
    "case_categories",
    "case_category_change",
    "case_close",
    "case_detail",
    "case_edit",
    "case_history",
    "case_list",
    "case_open",
    "chronology_add",
    "chronology_edit",
    "chronology_not_for_subject",
    "participant_add",
    "participant_edit",
    "person_create",
    "person_detail",
    "person_edit",
    "person_search",
]
