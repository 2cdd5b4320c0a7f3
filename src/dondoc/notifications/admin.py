from django.contrib import admin
from django.http import HttpRequest

from dondoc.notifications.models import Notification, PlannedDay


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox, to look at (what failed and why); rows are written and sent by the code only."""

    list_display = ["id", "created_at", "recipient", "channel", "kind", "status", "attempts"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["recipient__username", "last_error"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "task", "event"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PlannedDay)
class PlannedDayAdmin(admin.ModelAdmin):
    """The days whose reminders and digests were planned (planning.plan_due), to look at."""

    list_display = ["day", "planned_at", "reminders", "digests"]
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
