"""The organisation tree's forms, and the unit fields of every form: a unit picked by name, code
or key, among the units that existed on the form's day (UnitField, UnitsField, the picker widget)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dondoc.attachments.uploads import check_upload
from dondoc.core.dates import today
from dondoc.core.forms import DayField, Form, SubmissionField, TextField, precise_messages
from dondoc.core.validators import text_problem
from dondoc.organisations.models import Unit, UnitKind, UnitQuerySet
from dondoc.organisations.reorganisation import Plan, Row
from dondoc.organisations.selectors import UnitScope, units_named
from dondoc.registers.reader import EXTENSIONS

NAME_LIMIT = 255  # a unit's name is at most this long (Unit.name)


class TreeFilterForm(Form):
    """The unit tree page's filters: which day, and a search that ignores diacritics."""

    ngay = DayField(label=_("Tại ngày"), required=False)
    q = TextField(label=_("Tìm đơn vị"), required=False, limit=100)

    def as_of(self) -> dt.date:
        day = self.cleaned_data.get("ngay") if self.is_valid() else None
        return day or today()

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class ReorganiseForm(Form):
    """A reorganisation as the office enters it: the day, the decision, the mapping (typed, or
    read from a mapping file), and the one-time key that makes "apply" happen once."""

    ngay = DayField(label=_("Ngày các đơn vị kế nhiệm bắt đầu"), required=False)
    van_ban = TextField(label=_("Văn bản quyết định"), required=False, limit=200)
    ghi_chu = TextField(
        label=_("Ghi chú"), required=False, limit=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    phuong_an = TextField(
        label=_(
            "Phương án (mỗi dòng: đơn vị cũ, đơn vị kế nhiệm, nhiệm vụ; đơn vị ghi mã hoặc tên)"
        ),
        required=False,
        limit=200_000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text=_(
            "Để trống đơn vị kế nhiệm nếu đơn vị giải thể. Cột nhiệm vụ (số hoặc mã) chỉ dùng "
            "khi đơn vị cũ có nhiều đơn vị kế nhiệm."
        ),
    )
    tep = forms.FileField(
        label=_("Hoặc tải tệp phương án (.xlsx hoặc .csv)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    key = SubmissionField()

    def clean_tep(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("tep")
        if upload is not None:
            check_upload(upload, extensions=EXTENSIONS)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("tep") and not self.errors:
            if data.get("ngay") is None:
                self.add_error("ngay", _("Hãy nhập ngày các đơn vị kế nhiệm bắt đầu."))
            if not data.get("phuong_an", "").strip():
                self.add_error("phuong_an", _("Hãy nhập phương án hoặc tải tệp phương án."))
        return data

    def plan(self) -> Plan:
        data = self.cleaned_data
        return Plan(
            on=data["ngay"],
            rows=rows_from_text(data["phuong_an"]),
            decision=data["van_ban"],
            note=data["ghi_chu"],
        )


def rows_from_text(text: str) -> tuple[Row, ...]:
    """The mapping typed in the form: one row a line, its cells split by commas, semicolons or
    tabs; a line's number is its row number."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in re.split(r"[,;\t]", line)]
        cells += [""] * (3 - len(cells))
        rows.append(Row(number, cells[0], cells[1], ",".join(cells[2:]).strip(",")))
    return tuple(rows)


def rows_to_text(rows: tuple[Row, ...]) -> str:
    """The rows as the form's text (rows_from_text reads it back)."""
    lines = []
    for row in rows:
        cells = [row.predecessor, row.successor, row.task]
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        lines.append(", ".join(cells))
    return "\n".join(lines)


class UnitPickerWidget(forms.Widget):
    """A unit field as a search box that offers units from the picker (views.pick) as one types,
    with a hidden input carrying the chosen unit's key (its code, or its id in a posted form); with
    `multiple`, the chosen units as removable chips. Without script it is a plain text box that
    takes a code or a name (UnitField reads either). The markup and its roles are described in the
    template, for the browser tests."""

    template_name = "organisations/widgets/unit_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, multiple: bool = False) -> None:
        super().__init__(attrs)
        self.multiple = multiple
        self.params: list[tuple[str, str]] = []  # the picker's query: the field's scope and key
        self.day_inputs: list[str] = []  # ids of the inputs that give the day units exist on
        # ids of other unit fields' search boxes whose chosen unit this one does not offer (the
        # task's lead unit is not also a coordinating unit)
        self.excluding: list[str] = []
        self.describe: Callable[[list[str]], list[tuple[str, str]]] = lambda keys: []

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple:
            values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
            values = [values] if isinstance(values, str) else values
            return [str(value) for value in values if str(value).strip()]
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        if value is None or value == "":
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v) for v in values if str(v).strip()]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        chosen = self.describe(widget["value"])  # [(key, label)], a key not found kept as typed
        query = urlencode(self.params)
        widget.update(
            multiple=self.multiple,
            url=f"{reverse('units:pick')}?{query}" if query else reverse("units:pick"),
            day_inputs=" ".join(self.day_inputs),
            excluding=" ".join(self.excluding),
            chosen=chosen,
            key=chosen[0][0] if chosen and not self.multiple else "",
            text="" if self.multiple or not chosen else chosen[0][1],
        )
        return context


class UnitField(forms.Field):
    """One unit, named by its key (`key`: its code, or its id), its code or its name as typed.

    A name is looked up among the units of the field's `scope` that exist on the field's `day`
    (set by the form from its date field, today when none); a key or a code is taken whatever the
    day (the services say when a unit did not exist on the day of an action, and a list's
    addresses keep naming units that have ended). Cleans to a Unit.
    """

    widget = UnitPickerWidget
    picked = True  # chosen from a list: its messages say "Hãy chọn …" (core/forms.py)
    default_error_messages = {
        "not_found": _("Không tìm thấy đơn vị “%(text)s”."),
        "ambiguous": _("Có nhiều đơn vị trùng tên “%(text)s”, hãy chọn trong danh sách."),
        "outside": _("Không chọn được %(unit)s ở đây."),
    }

    def __init__(self, *, scope: UnitScope | None = None, key: str = "code", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.key = key
        self.day: dt.date | None = None
        self.tree: Unit | None = None  # the tree of the user who fills the form, when known
        self.found: dict[str, Unit] = {}  # what `find` read, for drawing the form after cleaning
        self.set_scope(scope or UnitScope())
        self.widget.describe = self.describe

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        result = super().__deepcopy__(memo)  # type: ignore[misc]
        result.found = {}
        result.widget.describe = result.describe
        return result

    def set_scope(self, scope: UnitScope) -> None:
        self.scope = scope
        self.found = {}
        key = [("khoa", "id")] if self.key == "pk" else []
        self.widget.params = [*scope.as_params(), *key]

    def units(self) -> UnitQuerySet:
        return self.scope.units(tree=self.tree)

    def find(self, text: str) -> Unit:
        """The unit `text` names (its key, code or name), or a ValidationError that says why not."""
        text = text.strip()
        if text not in self.found:
            self.found[text] = self._find(text)
        return self.found[text]

    def _find(self, text: str) -> Unit:
        if problem := text_problem(text, limit=NAME_LIMIT):
            raise forms.ValidationError(problem, code="text")
        units = self.units().select_related("parent")
        if self.key == "pk" and text.isascii() and text.isdigit() and len(text) < 19:
            by_key = units.filter(pk=int(text)).first()
            if by_key is not None:
                return by_key
        by_code = units.filter(code=text.lower()).first()
        if by_code is not None:
            return by_code
        named = units_named(units.valid_on(self.day or today()), text) or units_named(units, text)
        if len(named) == 1:
            return named[0]
        if named:
            raise forms.ValidationError(
                self.error_messages["ambiguous"], code="ambiguous", params={"text": text}
            )
        other = Unit.objects.filter(code=text.lower()).first()
        if other is not None:  # a unit, but not one this field takes
            raise forms.ValidationError(
                self.error_messages["outside"], code="outside", params={"unit": other.short_name}
            )
        raise forms.ValidationError(
            self.error_messages["not_found"], code="not_found", params={"text": text}
        )

    def to_python(self, value: Any) -> Unit | None:
        if isinstance(value, Unit):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        return self.find(str(value))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Unit):
            return getattr(value, self.key)
        if isinstance(value, list | tuple):
            return [self.prepare_value(v) for v in value]
        return value

    def describe(self, keys: list[str]) -> list[tuple[str, str]]:
        """(key, name) of the units `keys` name, for the widget to show; text that names no unit
        shown as it was typed."""
        found: dict[str, str] = {}
        for text in keys:
            try:
                unit = self.find(text)
            except forms.ValidationError:
                continue
            found[text] = str(getattr(unit, self.key))
            found[f"name:{text}"] = unit.name
        return [(found.get(text, text), found.get(f"name:{text}", text)) for text in keys]


class UnitsField(UnitField):
    """Several units, each named as UnitField takes one (a posted list, one value each). Cleans
    to a list of Units, each once, in the order given."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", UnitPickerWidget(multiple=True))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[Unit]:  # type: ignore[override]
        if value in self.empty_values:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        units: list[Unit] = []
        errors: list[forms.ValidationError] = []
        for item in values:
            try:
                unit = super().to_python(item)
            except forms.ValidationError as error:
                errors.append(error)
                continue
            if unit is not None and unit not in units:
                units.append(unit)
        if errors:
            raise forms.ValidationError(errors)
        return units

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


def form_day(form: forms.BaseForm, names: Sequence[str]) -> dt.date:
    """The first valid day the form was sent with in one of the fields `names` (today when none):
    the day whose units the form's unit fields offer and read names on."""
    for name in names:
        raw = form.data.get(form.add_prefix(name)) if form.is_bound else form.initial.get(name)
        if isinstance(raw, dt.date):
            return raw
        if raw:
            try:
                day = DayField().clean(raw)
            except forms.ValidationError:
                continue
            if day:
                return day
    return today()


def prepare_unit_fields(
    form: forms.BaseForm,
    *,
    day_from: Sequence[str] = (),
    day_inputs: Sequence[str] = (),
    tree: Unit | None = None,
) -> None:
    """Give the form's unit fields the day they read names on (`form_day` of the fields
    `day_from`), the ids of the inputs their pickers read that day from (those fields', and
    `day_inputs`), and the tree of the user filling the form."""
    day = form_day(form, day_from)
    ids = [form[name].auto_id for name in day_from if name in form.fields] + list(day_inputs)
    for field in form.fields.values():
        if isinstance(field, UnitField):
            field.day = day
            field.tree = tree
            field.found = {}
            field.widget.day_inputs = ids


class PickForm(Form):
    """The picker's parameters (views.pick): what is typed, the day, and the field's scope."""

    q = TextField(label=_("Tên hoặc mã đơn vị"), required=False, limit=NAME_LIMIT)
    ngay = DayField(label=_("Tại ngày"), required=False)
    trong = forms.SlugField(label=_("Trong đơn vị"), required=False, max_length=64)
    tren = forms.BooleanField(label=_("Gồm các cấp trên"), required=False)
    loai = forms.MultipleChoiceField(
        label=_("Loại đơn vị"), required=False, choices=UnitKind.choices
    )
    bo = forms.CharField(label=_("Mã đơn vị loại trừ"), required=False)  # a list: `clean_bo`
    khoa = forms.ChoiceField(label=_("Khóa"), required=False, choices=[("", "code"), ("id", "id")])
    # Keys (codes, or ids with khoa=id) of the units another field of the form has chosen, which
    # this one does not offer: read as a list in `clean`.
    bo_khoa = forms.CharField(label=_("Mã đơn vị đã chọn ở ô khác"), required=False)

    def clean_bo(self) -> tuple[str, ...]:
        codes = tuple(self.data.getlist("bo")) if hasattr(self.data, "getlist") else ()
        check = forms.SlugField(max_length=64, label=self.fields["bo"].label)
        check.error_messages.update(precise_messages(check, "bo"))
        for code in codes:
            check.clean(code)
        return codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keys = tuple(self.data.getlist("bo_khoa")) if hasattr(self.data, "getlist") else ()
        by_id = data.get("khoa") == "id"
        pattern = r"[0-9]{1,18}" if by_id else r"[-a-zA-Z0-9_]{1,64}"
        for key in keys:
            if not re.fullmatch(pattern, key, flags=re.ASCII):
                self.add_error("bo_khoa", _("Mã đơn vị cần bỏ không hợp lệ: “%(key)s”.") % {"key": key[:64]})  # fmt: skip
                break
        data["bo_khoa"] = keys
        return data

    def left_out(self) -> Q:
        """The units the request asks to leave out by key (`bo_khoa`)."""
        keys = self.cleaned_data["bo_khoa"]
        if self.cleaned_data["khoa"] == "id":
            return Q(pk__in=[int(key) for key in keys])
        return Q(code__in=keys)

    def scope(self) -> UnitScope | None:
        """The field's scope; None when it names a unit that does not exist (nothing to offer)."""
        data = self.cleaned_data
        within = Unit.objects.filter(code=data["trong"]).first() if data["trong"] else None
        if data["trong"] and within is None:
            return None
        return UnitScope(
            within=within,
            above=data["tren"],
            kinds=tuple(data["loai"]),
            exclude=data["bo"],
        )
