"""Term calendars in the admin: administrators correct a school's holidays.
(Case content is never in the admin.)"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import TermHoliday


@admin.register(TermHoliday)
class TermHolidayAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "name", "starts_on", "ends_on")
    list_filter = ("organisation",)
    ordering = ("organisation", "starts_on")
