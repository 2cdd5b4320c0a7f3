from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from dondoc.core.dates import format_date, parse_date, within_range
from dondoc.core.http import NotFound
from dondoc.core.submissions import new_key
from dondoc.core.text import CELL_LIMIT
from dondoc.core.validators import TextValidator


class DayInput(forms.TextInput):
    """A text box for dd/mm/yyyy: the browser's own date picker shows the user's locale order."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return format_date(value)
        return super().format_value(value)


class DayField(forms.Field):
    """A date typed as 19/06/2020 or 2020-06-19, with a Vietnamese message when it is not a date
    or falls outside the accepted years (core/dates.py day_range)."""

    widget = DayInput
    default_error_messages = {"invalid": _("Ngày không hợp lệ.")}

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        try:
            if isinstance(value, dt.date):
                return within_range(value)
            return parse_date(str(value))
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


MAX_ID = 2**63 - 1  # the largest id a row can have (a 64-bit integer, as in every database)


class IdField(forms.IntegerField):
    """A row's id in a query string or a hidden field: a whole number from 1 to MAX_ID, so that
    `abc`, `-1` or twenty digits are a form error, never a database overflow."""

    default_error_messages = dict.fromkeys(
        ["invalid", "min_value", "max_value"], _("Mã số không hợp lệ.")
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


def id_or_404(value: str) -> int:
    """The id a query parameter names; 404 when it cannot be any row's id."""
    try:
        return int(IdField().clean(value))
    except forms.ValidationError:
        raise NotFound(_("Không tìm thấy trang hoặc nội dung này.")) from None


def _is_id(value: Any) -> bool:
    try:
        IdField().clean(value)
    except forms.ValidationError:
        return False
    return True


class RowChoiceField(forms.ModelChoiceField):
    """A choice of one row by its id: a key that no row can have is not one of the choices,
    rather than a database overflow."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not self.to_field_name and not _is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows by their ids, refusing keys that no row can have (RowChoiceField)."""

    def clean(self, value: Any) -> Any:
        if not self.to_field_name and isinstance(value, list | tuple):
            for key in value:
                if not _is_id(key):
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": key},
                    )
        return super().clean(value)


def check_text(field: forms.Field, limit: int = CELL_LIMIT) -> forms.Field:
    """Give `field` our text check instead of Django's English "Null characters are not
    allowed.": a Vietnamese message that names the character and where it is."""
    field.validators = [
        v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
    ]
    field.validators.append(TextValidator(limit))
    return field


class TextField(forms.CharField):
    """Text a user types: refused, with a Vietnamese message, when it holds a character no stored
    text may hold or is longer than `limit` (default: what a spreadsheet cell holds). Every text
    field of the app's forms is one (a ModelForm's through `Meta.field_classes`)."""

    def __init__(self, *, limit: int = CELL_LIMIT, max_length: int | None = None, **kwargs: Any):
        limit = min(limit, max_length) if max_length is not None else limit
        super().__init__(**kwargs)
        check_text(self, limit)
        self.limit = limit
        self.widget.attrs.setdefault("maxlength", str(limit))


class SubmissionField(forms.CharField):
    """The one-time key a form carries, made anew each time the form is drawn (and kept when
    it is drawn again with its errors): sent twice, the form is recorded once
    (core/submissions.py)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=64, initial=new_key, **kwargs)
        check_text(self, 64)


def add_service_errors(
    form: forms.BaseForm, error: forms.ValidationError, fields: Mapping[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form. The service names its problems by its own
    parameters; `fields` maps those that the form calls otherwise. A problem whose name is no
    field of the form is shown above the form."""
    fields = fields or {}
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            field = fields.get(name, name)
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
