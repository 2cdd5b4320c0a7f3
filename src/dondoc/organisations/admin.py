from django.contrib import admin

from dondoc.organisations.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code", "search_name"]
    autocomplete_fields = ["parent", "successor"]
    readonly_fields = ["path"]
    ordering = ["path"]
    fields = [
        "code",
        "name",
        "short_name",
        "kind",
        "parent",
        "valid_from",
        "valid_to",
        "successor",
        "sort_order",
        "path",
    ]
