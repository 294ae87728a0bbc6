"""Who sees the partnership's statistics: managers, the DPO and the
partnership business manager. Figures only: counts of records, never a
record, so no need-to-know queryset is involved; the business manager's role
opens nothing else (every record's own permissions.py refuses them)."""

from django.core.exceptions import PermissionDenied

from sharing.permissions import AnyUser, is_business_manager, is_dpo, is_manager


def can_see_statistics(user: AnyUser) -> bool:
    return is_manager(user) or is_dpo(user) or is_business_manager(user)


def require_statistics(user: AnyUser) -> None:
    if not can_see_statistics(user):
        raise PermissionDenied(
            "The partnership's statistics are for managers, the data protection officer "
            "and the partnership business manager."
        )
