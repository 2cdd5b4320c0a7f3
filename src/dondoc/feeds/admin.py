from django.contrib import admin

from dondoc.feeds.models import CalendarToken


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    """Administrators see who has a calendar address and may revoke one (set its revocation
    time); the token itself is never stored, so it cannot be shown."""

    list_display = ("user", "created_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "user__full_name")
    readonly_fields = ("user", "digest", "created_at")

    def has_add_permission(self, request: object) -> bool:
        return False
