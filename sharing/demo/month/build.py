"""The month, built in order."""


from django.db import transaction
from django.utils import timezone

from cases.models import Case
from sharing.models import Organisation

from .cases import _assessment_cases, _child_protection_cases
from .cast import CHILD_PROTECTION_TEAM, Cast, _teams
from .records import _manager_looks, _old_records, _subject_access
from .work import _decisions, _requests


def build_month(organisations: dict[str, Organisation]) -> None:
    """The teams (always ensured), then the month, unless it is already there."""
    cast = Cast(organisations=organisations, today=timezone.localdate())
    _teams(cast)
    if Case.objects.filter(team=cast.teams[CHILD_PROTECTION_TEAM]).exists():
        return
    # All or nothing: a seed that fails halfway leaves no half-month behind
    # for the next run to skip.
    with transaction.atomic():
        _build(cast)


def _build(cast: Cast) -> None:
    assessment = _assessment_cases(cast)
    child_protection = _child_protection_cases(cast)
    _requests(cast, assessment, child_protection)
    _decisions(cast, assessment, child_protection)
    _old_records(cast)
    _manager_looks(cast, child_protection)
    _subject_access(cast, assessment)
