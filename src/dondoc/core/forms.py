from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from dondoc.core.dates import (
    day_range,
    format_date,
    future_problem,
    looks_like_date,
    range_problem,
    read_date,
    today,
)
from dondoc.core.http import NotFound
from dondoc.core.submissions import new_key
from dondoc.core.text import CELL_LIMIT
from dondoc.core.validators import TextValidator


class DayInput(forms.TextInput):
    """A text box for dd/mm/yyyy, typed as it is written, beside a button that opens the
    browser's calendar (core/widgets/day_input.html; static/dondoc/dondoc.js writes the chosen
    day back as dd/mm/yyyy). The one date widget of every form and filter."""

    template_name = "core/widgets/day_input.html"
    up_to_today = False  # the calendar stops at today (DayField's `up_to_today`)

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return format_date(value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        first, last = day_range()  # the calendar offers only the days the field accepts
        last = min(last, today()) if self.up_to_today else last
        context["widget"].update(min=first.isoformat(), max=last.isoformat())
        return context


class DayField(forms.Field):
    """A date typed as 19/06/2020 or 2020-06-19 (core/dates.py), with a Vietnamese message that
    names the field when it is not a date, does not exist or falls outside the accepted years;
    with `up_to_today`, when it has not come yet (the day a report's figures are taken as of:
    dates.future_problem)."""

    widget = DayInput
    default_error_messages = {
        "invalid": _("%(label)s phải theo dạng dd/mm/yyyy, ví dụ 19/06/2020 (đã nhập “%(text)s”)."),
        "nonexistent": _("%(label)s: ngày %(text)s không tồn tại."),
        "range": _("%(label)s: %(reason)s."),
        "future": _("%(label)s: %(reason)s."),
    }

    def __init__(self, *, up_to_today: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.up_to_today = up_to_today
        if isinstance(self.widget, DayInput):
            self.widget.up_to_today = up_to_today

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        label = capfirst(str(self.label or _("Ngày")))
        text = str(value).strip()
        try:
            day = value if isinstance(value, dt.date) else read_date(text)
        except ValueError:
            code = "nonexistent" if looks_like_date(text) else "invalid"
            raise forms.ValidationError(
                self.error_messages[code], code=code, params={"label": label, "text": text}
            ) from None
        for code, problem in (
            ("range", range_problem(day)),
            ("future", future_problem(day) if self.up_to_today else None),
        ):
            if problem:
                raise forms.ValidationError(
                    self.error_messages[code],
                    code=code,
                    params={"label": label, "reason": problem},
                )
        return day


def check_day_range(form: forms.BaseForm, start: str, end: str) -> None:
    """A "from" day after a "to" day is said on the "to" field, naming both days, rather than
    asking the database for a range that holds nothing (a list's filters, a report's period)."""
    data = form.cleaned_data
    first, last = data.get(start), data.get(end)
    if first and last and last < first:
        form.add_error(
            end,
            gettext(
                "%(end)s (%(last)s) phải sau hoặc bằng %(start)s (%(first)s): hãy sửa một trong "
                "hai ngày."
            )
            % {
                "end": capfirst(str(form.fields[end].label)),
                "last": format_date(last),
                "start": _naming(str(form.fields[start].label)),
                "first": format_date(first),
            },
        )


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


def _naming(label: str) -> str:
    """A label as it reads inside a sentence: "Ngày ban hành" → "ngày ban hành", an acronym
    ("UBND …") kept as it is."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def precise_messages(field: forms.Field, name: str) -> dict[str, str]:
    """The field's messages, in Vietnamese, each naming the field, for every code whose message
    would otherwise be Django's generic one ("This field is required.", "Select a valid choice…").
    A message the field was given by our code (DayField's, UnitField's…) is kept."""
    label = capfirst(str(field.label or name.replace("_", " ")))
    choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.FileField)
    choose = choose or isinstance(field.widget, forms.Select) or getattr(field, "picked", False)
    messages = _worded(
        label,
        get_language(),
        boolean=isinstance(field, forms.BooleanField),
        choose=bool(choose),
        number=isinstance(field, forms.IntegerField),
        file=isinstance(field, forms.FileField),
    )
    # A code the field has no message for may still come from one of its validators
    # (max_length, min_value…): Field.run_validators then shows the field's message for it.
    defaults = _django_defaults(type(field))  # type: ignore[arg-type]  # a class is hashable
    return {
        code: message
        for code, message in messages.items()
        if field.error_messages.get(code) is None
        or field.error_messages[code] is defaults.get(code)
    }


@functools.lru_cache(maxsize=2048)
def _worded(
    label: str, language: str | None, *, boolean: bool, choose: bool, number: bool, file: bool
) -> dict[str, str]:
    """precise_messages' wording for a label in a language (made once: every form of every page
    asks for it again; read only, never changed)."""
    inner = _naming(label)
    if boolean:
        required = gettext("Hãy đánh dấu ô “%(label)s”.") % {"label": label}
    elif choose:
        required = gettext("Hãy chọn %(label)s.") % {"label": inner}
    else:
        required = gettext("Hãy nhập %(label)s.") % {"label": inner}
    escaped = label.replace("%", "%%")
    messages = {
        "required": required,
        "invalid": (
            gettext("%(label)s phải là một số nguyên, ví dụ 10.")
            if number
            else gettext("%(label)s không đúng dạng, hãy nhập lại.")
        )
        % {"label": label},
        "invalid_choice": gettext(
            "%(label)s: “%%(value)s” không có trong danh sách; hãy chọn một mục có sẵn."
        )
        % {"label": escaped},
        "invalid_list": gettext("%(label)s: hãy chọn một hoặc nhiều mục trong danh sách.")
        % {"label": label},
        "invalid_pk_value": gettext("%(label)s: “%%(pk)s” không phải là mã hợp lệ.")
        % {"label": escaped},
        "min_value": gettext("%(label)s phải từ %%(limit_value)s trở lên.") % {"label": escaped},
        "max_value": gettext("%(label)s không được lớn hơn %%(limit_value)s.") % {"label": escaped},
        "step_size": gettext("%(label)s phải là bội số của %%(limit_value)s.") % {"label": escaped},
        "max_length": (
            gettext("%(label)s: tên tệp dài tối đa %%(max)d ký tự (tên này có %%(length)d).")
            if file
            else gettext("%(label)s dài tối đa %%(limit_value)d ký tự (hiện có %%(show_value)d).")
        )
        % {"label": escaped},
        "min_length": gettext(
            "%(label)s phải có ít nhất %%(limit_value)d ký tự (hiện có %%(show_value)d)."
        )
        % {"label": escaped},
        "missing": gettext("%(label)s: không nhận được tệp; hãy chọn lại tệp.") % {"label": label},
        "empty": gettext("%(label)s: tệp gửi lên rỗng (0 byte); hãy chọn tệp có nội dung.")
        % {"label": label},
        "contradiction": gettext(
            "%(label)s: hãy chọn tệp mới hoặc đánh dấu xóa tệp cũ, không cả hai."
        )
        % {"label": label},
    }
    if file:
        messages["invalid"] = gettext(
            "%(label)s: không đọc được tệp gửi lên; hãy chọn lại tệp rồi gửi lại."
        ) % {"label": label}
    return messages


@functools.cache
def _django_defaults(cls: type) -> dict[str, Any]:
    """The messages Django's own field classes in `cls`'s ancestry give each code (read only)."""
    merged: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("django.") or klass.__module__.startswith("django_filters"):
            merged.update(getattr(klass, "default_error_messages", {}))
    return merged


# Messages of Django's auth forms and password validators, by code, replaced on the form that
# raises them (PreciseMessages.add_error).
def _form_messages() -> dict[str, str]:
    return {
        "password_mismatch": gettext("Hai lần nhập mật khẩu mới không giống nhau; hãy nhập lại."),
        "password_incorrect": gettext("Mật khẩu hiện tại không đúng; hãy nhập lại."),
        "password_too_short": gettext("Mật khẩu mới quá ngắn: cần ít nhất %(min_length)d ký tự."),
        "password_too_common": gettext(
            "Mật khẩu mới quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác."
        ),
        "password_entirely_numeric": gettext("Mật khẩu mới không được chỉ gồm chữ số."),
        "password_too_similar": gettext(
            "Mật khẩu mới quá giống %(verbose_name)s của tài khoản; hãy chọn mật khẩu khác."
        ),
        "invalid_login": gettext(
            "Tên đăng nhập hoặc mật khẩu không đúng (phân biệt chữ hoa, chữ thường); hãy nhập lại."
        ),
        "inactive": gettext("Tài khoản này đã bị khóa; hãy liên hệ quản trị hệ thống."),
        "unique": gettext("%(model_name)s có %(field_label)s này đã có; hãy nhập giá trị khác."),
    }


class PreciseMessages:
    """Every form of the project has this base (through `Form` and `ModelForm` below): its
    fields' messages name the field in Vietnamese ("Hãy nhập hạn xử lý.") instead of Django's
    generic ones, and the messages of Django's own forms and password checks are ours too.
    core/tests/test_form_messages.py walks every form class and fails on a Django message."""

    fields: dict[str, forms.Field]
    # What a choice list offers for "none chosen", instead of Django's "---------": a filter's
    # form says "Tất cả" (TaskFilterForm), an input form asks to choose.
    blank_choice_label: Any = _("— Chọn —")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sharpen_messages()
        for field in self.fields.values():
            if getattr(field, "empty_label", None) == "---------":  # model and filter choices
                field.empty_label = self.blank_choice_label  # type: ignore[attr-defined]
                field.widget.choices = field.choices  # type: ignore[attr-defined]
            elif isinstance(field, forms.ChoiceField) and not isinstance(
                field,
                forms.ModelChoiceField,  # its choices are a query: read when drawn
            ):
                choices = list(field.choices)  # type: ignore[arg-type]
                if choices and choices[0] == ("", "---------"):
                    field.choices = [("", self.blank_choice_label), *choices[1:]]

    def sharpen_messages(self) -> None:
        """Give each field its precise messages (a form that adds fields later calls it again)."""
        for name, field in self.fields.items():
            field.error_messages.update(precise_messages(field, name))

    def add_error(self, field: str | None, error: Any) -> None:
        if isinstance(error, forms.ValidationError):
            error = _sharpen(error)
        super().add_error(field, error)  # type: ignore[misc]


def _sharpen(error: forms.ValidationError) -> forms.ValidationError:
    ours = _form_messages()
    if hasattr(error, "error_dict"):
        return forms.ValidationError(
            {name: [_sharpen(e) for e in errors] for name, errors in error.error_dict.items()}
        )
    if hasattr(error, "error_list") and len(error.error_list) > 1:
        return forms.ValidationError([_sharpen(e) for e in error.error_list])
    single = error.error_list[0] if hasattr(error, "error_list") else error
    code = getattr(single, "code", None)
    if code in ours:
        return forms.ValidationError(ours[code], code=code, params=single.params)
    return error


class Form(PreciseMessages, forms.Form):
    """The base of every plain form of the project (PreciseMessages)."""


class ModelForm(PreciseMessages, forms.ModelForm):
    """The base of every model form of the project (PreciseMessages)."""
