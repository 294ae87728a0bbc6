from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(SimpleHistoryAdmin):
    """Retention rules: administrators keep them in line with local policy; the
    nightly sweep applies them."""

    list_display = (
        "name",
        "record_type",
        "organisation_kind",
        "trigger",
        "period_months",
        "action",
        "is_active",
    )
    list_filter = ("record_type", "action", "is_active")
    search_fields = ("name",)
