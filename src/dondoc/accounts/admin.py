from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from dondoc.accounts.models import User
from dondoc.core.forms import PreciseMessages, RowChoiceField, RowsChoiceField

# Rows chosen by id through our fields: an id no row can have (twenty digits) is a form error,
# not a database overflow (core/forms.py RowChoiceField).
ROW_FIELDS = {
    "unit": RowChoiceField,
    "groups": RowsChoiceField,
    "user_permissions": RowsChoiceField,
}


class UserCreationForm(PreciseMessages, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "unit", "role"]
        field_classes = ROW_FIELDS


class UserEditForm(PreciseMessages, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = ROW_FIELDS


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    list_display = ["username", "full_name", "title", "unit", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "email", "unit__name"]
    autocomplete_fields = ["unit"]
    ordering = ["username"]
    filter_horizontal = []
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Thông tin cán bộ"), {"fields": ["full_name", "title", "email"]}),
        (_("Đơn vị và vai trò"), {"fields": ["unit", "role", "is_active"]}),
        (_("Thời gian"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "full_name", "unit", "role", "password1", "password2"],
            },
        ),
    ]
