"""One register row as typed values: parsed from a file's cells, or read off a task's history.

Both directions meet here, so that what an export writes is exactly what an import reads back, and
"is this row the same as the task we already have?" is a comparison of two `RegisterRow`s.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from dondoc.core.dates import format_date, parse_date, within_range
from dondoc.core.text import CELL_LIMIT, fit, fold
from dondoc.core.validators import text_problem
from dondoc.documents.models import Signer
from dondoc.organisations.models import Unit
from dondoc.registers.columns import BY_KEY
from dondoc.registers.reader import STRAY, Cell
from dondoc.tasks import rules
from dondoc.tasks.models import Field, Source, Task
from dondoc.tasks.rules import Kind
from dondoc.tasks.selectors import load_histories

# How many distinct cell texts a parser remembers what it made of (units, dates, folded words).
CACHED_TEXTS = 10_000
# A task entered by hand has no code from another system; the register names it by its id.
OWN_CODE = re.compile(r"^DD-(\d+)$")
MAX_CODE = Task._meta.get_field("external_code").max_length or 64
MAX_DOCUMENT = 60
MAX_NAME = Task._meta.get_field("assigned_by_name").max_length or 150
AWAITING = ("chua xac nhan", "cho xac nhan", "pending")  # folded values of "Ngày xác nhận"


def own_code(task: Task) -> str:
    return task.external_code or f"DD-{task.pk}"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the Vietnamese header, or "" for the whole row
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Dòng %(row)s, cột %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Dòng %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass(frozen=True)
class RegisterRow:
    row: int = field(compare=False)
    code: str
    title: str
    document_number: str
    document_date: dt.date | None
    assigner: Unit
    assigned_by: str
    assigned_by_name: str
    lead_unit: Unit
    coordinating_units: frozenset[Unit]
    assigned_on: dt.date
    deadline: dt.date | None
    extended_to: dt.date | None
    extended_on: dt.date | None
    completed_on: dt.date | None
    confirmed_on: dt.date | None
    awaiting_confirmation: bool
    cancelled_on: dt.date | None
    is_key: bool
    source: str
    field: str
    note: str
    first_lead: Unit | None = None  # the lead unit at the assignment, when it changed since
    lead_changed_on: dt.date | None = None  # the day `lead_unit` took over

    def differences(self, other: RegisterRow) -> list[str]:
        """Column keys whose content differs (a missing document date matches any date; a row
        that does not say how the lead changed matches any hand-over)."""
        changed = []
        for f in fields(self):
            if not f.compare or f.name == "document_date":
                continue
            if f.name in _HANDOVER and getattr(self, f.name) is None:
                continue
            if getattr(self, f.name) != getattr(other, f.name):
                changed.append(_COLUMN_OF.get(f.name, f.name))
        if None not in (self.document_date, other.document_date) and (
            self.document_date != other.document_date
        ):
            changed.append("document_date")
        return sorted(set(changed), key=list(BY_KEY).index)


_HANDOVER = ("first_lead", "lead_changed_on")
_COLUMN_OF = {
    "first_lead": "first_lead_unit",
    "document_number": "document",
    "assigned_by_name": "assigned_by",
    "awaiting_confirmation": "confirmed_on",
    "is_key": "key",
}


# --- Units -----------------------------------------------------------------------------------


class UnitDirectory:
    """Every unit, loaded once, found by code or by name (ignoring case and diacritics)."""

    def __init__(self) -> None:
        self.units = list(Unit.objects.order_by("path"))
        self.by_code = {u.code: u for u in self.units}
        self.by_id = {u.pk: u for u in self.units}
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in self.units:
            for name in {fold(unit.name), fold(unit.short_name)}:
                self.by_name[name].append(unit)
        # An import names the same few units on every row: what a text finds is kept.
        self._named: dict[tuple[str, int | None], list[Unit]] = {}
        self._found: dict[tuple[str, int | None], tuple[str, Unit | None, list[Unit]]] = {}

    def named(self, text: str, *, within: Unit | None = None) -> list[Unit]:
        """The units named `text` (within `within`): the same list on every call, not to change."""
        key = (text, within.id if within is not None else None)
        found = self._named.get(key)
        if found is None:
            found = [
                u for u in self.by_name.get(fold(text), []) if within is None or u.is_within(within)
            ]
            if len(self._named) < CACHED_TEXTS:
                self._named[key] = found
        return found

    def label(self, unit: Unit, *, within: Unit | None = None) -> str:
        """The unit's name when it finds this unit again (within `within`), else its code."""
        return unit.name if self.named(unit.name, within=within) == [unit] else unit.code

    def find(
        self, text: str, *, within: Unit | None = None, on: dt.date | None = None
    ) -> tuple[Unit | None, str]:
        """The unit `text` names (by code, or by name within `within`), or None and why not."""
        key = (text, within.id if within is not None else None)
        candidates = self._found.get(key)
        if candidates is None:
            clean = " ".join(text.split())
            coded = self.by_code.get(clean) or self.by_code.get(clean.lower())
            candidates = (clean, coded, [] if coded else self.named(clean, within=within))
            if len(self._found) < CACHED_TEXTS:
                self._found[key] = candidates
        text, unit, found = candidates
        if unit is not None:
            return unit, ""
        if len(found) > 1 and on is not None:
            found = [u for u in found if u.is_valid_on(on)] or found
        if len(found) > 1 and within is None:
            found = [u for u in found if u.is_committee] or found
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, _(
                "có %(n)s đơn vị cùng tên “%(text)s”: hãy ghi mã đơn vị (%(codes)s)."
            ) % {
                "n": len(found),
                "text": text,
                "codes": ", ".join(u.code for u in found[:5]),
            }
        return None, _("không có đơn vị “%(text)s” (ghi mã hoặc tên đầy đủ của đơn vị).") % {
            "text": text
        }


# --- Values in cells -------------------------------------------------------------------------

_SIGNER_PREFIXES = [
    ("pho chu tich", Signer.VICE_CHAIRMAN),
    ("vice chairman", Signer.VICE_CHAIRMAN),
    ("chu tich", Signer.CHAIRMAN),
    ("chairman", Signer.CHAIRMAN),
    ("thu truong don vi", Signer.HEAD),
    ("thu truong", Signer.HEAD),
    ("head", Signer.HEAD),
    ("ubnd", Signer.COMMITTEE),
    ("uy ban nhan dan", Signer.COMMITTEE),
    ("tap the ubnd", Signer.COMMITTEE),
    ("committee", Signer.COMMITTEE),
]
_SIGNER_LABEL = {
    Signer.CHAIRMAN: "Chủ tịch",
    Signer.VICE_CHAIRMAN: "Phó Chủ tịch",
    Signer.HEAD: "Thủ trưởng đơn vị",
}
SOURCE_LABEL = {
    Source.DIRECTIVE: "chỉ đạo",
    Source.INSPECTION: "kết luận kiểm tra",
    Source.PETITION: "kiến nghị cử tri",
    Source.PLAN: "kế hoạch",
}


def in_vietnamese(label: Any) -> str:
    """A choice's label as the register writes it, whatever language the user's pages are in."""
    with translation.override("vi"):
        return str(label)


_SOURCES = {fold(label): value for value, label in SOURCE_LABEL.items()} | {
    fold(in_vietnamese(label)): value for value, label in Source.choices
}
_SOURCES |= {value.value: value for value in Source}
_YES = {"x", "co", "yes", "1", "true"}
_NO = {"", "khong", "no", "0", "false"}


def _fields_by_name() -> dict[str, str]:
    """Each field by its value, its whole Vietnamese label and each comma-separated part of it."""
    names: dict[str, str] = {}
    for value, label in Field.choices:
        folded = fold(in_vietnamese(label))
        names[value] = names[folded] = value
        for part in folded.split(","):
            names.setdefault(part.strip(), value)
    return names


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def plain(text: str) -> str:
    """Drop the apostrophe an export put before text a spreadsheet would run as a formula."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def text_of(value: Cell) -> str:
    if type(value) is str:  # a CSV's every cell: the common case first
        return plain(" ".join(value.split()))
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return format_date(value)
    return plain(" ".join(str(value).split()))


def long_text_of(value: Cell) -> str:
    """A title or note: its line breaks kept."""
    return plain(str(value).strip()) if value is not None else ""


def day_of(value: Cell) -> dt.date | None:
    """A date from a cell: an Excel date, an Excel day number, dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd."""
    if type(value) is str:
        return _day_of_text(value) if value and not value.isspace() else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return within_range(value.date())
    if isinstance(value, dt.date):
        return within_range(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466:  # Excel's day numbers run from 1900 to 9999
            return parse_date(text_of(value))  # not a day number: say why, as for any text
        converted = from_excel(value)
        return within_range(converted.date() if isinstance(converted, dt.datetime) else converted)
    return _day_of_text(str(value))


@functools.lru_cache(maxsize=CACHED_TEXTS)  # a register's dates repeat: each is parsed once
def _day_of_text(text: str) -> dt.date:
    text = text.strip()
    if _MIDNIGHT.match(text):  # a date cell saved as text
        text = text[:10]
    return parse_date(text)


_MIDNIGHT = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}[ T]00:00(:00)?$")
# The short cells (Người giao, Trọng tâm, Nguồn, Lĩnh vực…) hold a few words, over and over.
_folded = functools.lru_cache(maxsize=CACHED_TEXTS)(fold)


# --- Parsing a row ---------------------------------------------------------------------------


class RowParser:
    """Turns one row's cells into a `RegisterRow`, collecting every problem it finds."""

    def __init__(self, units: UnitDirectory, *, default_assigner: Unit | None, today: dt.date):
        self.units = units
        self.default_assigner = default_assigner
        self.today = today
        self.field_names = _fields_by_name()

    def parse(
        self, number: int, cells: dict[str, Cell]
    ) -> tuple[RegisterRow | None, list[RowError]]:
        errors: list[RowError] = []

        def error(key: str, message: str) -> None:
            errors.append(RowError(number, BY_KEY[key].header if key else "", message))

        cells = self._checked_texts(cells, error)

        days: dict[str, dt.date | None] = {}
        for key in ("document_date", "assigned_on", "deadline", "extended_to", "extended_on",
                    "completed_on", "cancelled_on", "lead_changed_on"):  # fmt: skip
            try:
                days[key] = day_of(cells.get(key))
            except ValueError as problem:
                days[key] = None
                error(key, str(problem))
        awaiting = _folded(text_of(cells.get("confirmed_on"))) in AWAITING
        days["confirmed_on"] = None
        if not awaiting:
            try:
                days["confirmed_on"] = day_of(cells.get("confirmed_on"))
            except ValueError as problem:
                error("confirmed_on", str(problem))

        if cells.get(STRAY):
            error(
                "",
                _(
                    "có dữ liệu ở cột không có tiêu đề (cột %(columns)s): kiểm tra dấu phân cách hoặc thêm tiêu đề cho cột đó."
                )
                % {"columns": cells[STRAY]},
            )
        code = text_of(cells.get("code"))
        if len(code) > MAX_CODE:
            error("code", _("mã dài quá %(n)s ký tự.") % {"n": MAX_CODE})
        title = long_text_of(cells.get("title"))
        if not title:
            error("title", _("thiếu nội dung nhiệm vụ."))
        document = text_of(cells.get("document"))
        if len(document) > MAX_DOCUMENT:
            error("document", _("số, ký hiệu dài quá %(n)s ký tự.") % {"n": MAX_DOCUMENT})
        if days["document_date"] and not document:
            error("document_date", _("có ngày văn bản nhưng thiếu số, ký hiệu văn bản giao."))

        assigned_on = days["assigned_on"]
        if assigned_on is None and BY_KEY["assigned_on"].header not in {e.column for e in errors}:
            error("assigned_on", _("thiếu ngày giao."))
        assigner = self._assigner(cells, assigned_on, error)
        first, changed_on = self._handover(cells, days, assigner, assigned_on, error)
        lead = self._lead(cells, assigner, changed_on or assigned_on, error, handed_over=changed_on is not None)  # fmt: skip
        if first is not None and first == lead:
            error("first_lead_unit", _("trùng đơn vị chủ trì: để trống khi đơn vị chủ trì không đổi."))  # fmt: skip
        coordinating = self._coordinating(cells, assigner, assigned_on, first or lead, error)
        assigned_by, assigned_by_name = self._signer(cells, error)
        is_key = self._choice(cells, "key", error)
        source = self._source(cells, error)
        field_value = self._field(cells, error)
        if assigned_on is not None:
            self._check_dates(days, awaiting, assigned_on, error)
        if assigner is not None and lead is not None:
            _check_ended(days, assigner=assigner, lead=lead, error=error)

        if errors or assigner is None or lead is None or assigned_on is None:
            return None, errors
        completed_on = days["completed_on"]
        confirmed_on = days["confirmed_on"] or (None if awaiting else completed_on)
        return (
            RegisterRow(
                row=number,
                code=code,
                title=title,
                document_number=document,
                document_date=days["document_date"],
                assigner=assigner,
                assigned_by=assigned_by,
                assigned_by_name=assigned_by_name,
                lead_unit=lead,
                coordinating_units=frozenset(coordinating),
                assigned_on=assigned_on,
                deadline=days["deadline"],
                extended_to=days["extended_to"],
                extended_on=days["extended_on"],
                completed_on=completed_on,
                confirmed_on=confirmed_on,
                awaiting_confirmation=awaiting,
                cancelled_on=days["cancelled_on"],
                is_key=bool(is_key),
                source=source,
                field=field_value,
                note=long_text_of(cells.get("note")),
                first_lead=first,
                lead_changed_on=changed_on,
            ),
            [],
        )

    def _handover(
        self,
        cells: dict[str, Cell],
        days: dict[str, dt.date | None],
        assigner: Unit | None,
        assigned_on: dt.date | None,
        error: Any,
    ) -> tuple[Unit | None, dt.date | None]:
        """The lead unit at the assignment and the day the row's lead unit took over, when the
        row says the lead changed (both columns, or neither)."""
        changed_on = days["lead_changed_on"]
        given = bool(text_of(cells.get("first_lead_unit")))
        if not given and changed_on is None:
            return None, None
        if not given or changed_on is None:
            missing = "lead_changed_on" if changed_on is None else "first_lead_unit"
            error(missing, _("cần ghi cả Đơn vị chủ trì khi giao và Ngày đổi đơn vị chủ trì."))
            return None, None
        if assigned_on is not None and not assigned_on < changed_on <= self.today:
            error("lead_changed_on", _("ngày đổi đơn vị chủ trì phải sau ngày giao và không sau ngày hôm nay."))  # fmt: skip
            return None, None
        first = self._lead(cells, assigner, assigned_on, error, key="first_lead_unit")
        return first, changed_on

    def _checked_texts(self, cells: dict[str, Cell], error: Any) -> dict[str, Cell]:
        """Report each text cell that no stored text may hold or that no cell of a spreadsheet
        could (the shorter columns have their own limits below); the rest of the row is then
        read without the characters refused, so each cell gets one message about them."""
        checked = cells
        for key, value in cells.items():
            # Most cells are one printable line: passed over here, at the speed of C (every row
            # of a long import comes through).
            if type(value) is not str or key == STRAY:
                continue
            if value.isprintable() and len(value) <= CELL_LIMIT:
                continue
            if problem := text_problem(value, limit=CELL_LIMIT):
                error(key, problem[:1].lower() + problem[1:])  # a row's messages follow a colon
                if checked is cells:
                    checked = dict(cells)
                checked[key] = fit(value)
        return checked

    def _assigner(self, cells: dict[str, Cell], on: dt.date | None, error: Any) -> Unit | None:
        text = text_of(cells.get("assigner"))
        if not text:
            if self.default_assigner is None:
                error("assigner", _("thiếu cơ quan giao (ghi trong tệp hoặc chọn khi nhập)."))
            return self.default_assigner
        unit, why = self.units.find(text, on=on)
        if unit is None:
            error("assigner", why)
        return unit

    def _lead(
        self,
        cells: dict[str, Cell],
        assigner: Unit | None,
        on: dt.date | None,
        error: Any,
        key: str = "lead_unit",
        handed_over: bool = False,
    ) -> Unit | None:
        text = text_of(cells.get(key))
        if not text:
            error(key, _("thiếu đơn vị chủ trì."))
            return None
        unit, why = self.units.find(text, within=assigner, on=on)
        if unit is None:
            error(key, why)
        elif assigner is not None and unit.id == assigner.id:
            error(key, _("đơn vị chủ trì là chính cơ quan giao; hãy ghi đơn vị trực thuộc."))
            return None
        elif assigner is not None and not unit.is_within(assigner):
            error(
                key,
                _("%(unit)s không phải là đơn vị trực thuộc %(assigner)s.")
                % {"unit": unit.name, "assigner": assigner.name},
            )
            return None
        elif on is not None and not unit.is_valid_on(on):
            message = (
                _("%(unit)s không tồn tại vào ngày đổi đơn vị chủ trì %(day)s.")
                if handed_over
                else _("%(unit)s không tồn tại vào ngày giao %(day)s.")
            )
            error(key, message % {"unit": unit.name, "day": format_date(on)})
            return None
        return unit

    def _coordinating(
        self,
        cells: dict[str, Cell],
        assigner: Unit | None,
        on: dt.date | None,
        lead: Unit | None,
        error: Any,
    ) -> list[Unit]:
        found: list[Unit] = []
        for part in text_of(cells.get("coordinating_units")).split(";"):
            if not part.strip():
                continue
            unit, why = self.units.find(part, within=assigner, on=on)
            if unit is None:
                unit, _why = self.units.find(part, on=on)  # coordinating units may be elsewhere
            if unit is None:
                error("coordinating_units", why)
            elif unit == lead:
                error(
                    "coordinating_units",
                    _("%(unit)s đã là đơn vị chủ trì.") % {"unit": unit.name},
                )
            elif unit not in found:
                found.append(unit)
        return found

    def _signer(self, cells: dict[str, Cell], error: Any) -> tuple[str, str]:
        text = text_of(cells.get("assigned_by"))
        if not text:
            return Signer.COMMITTEE, ""
        folded = _folded(text)
        for prefix, signer in _SIGNER_PREFIXES:
            if folded == prefix or folded.startswith(prefix + " "):
                if signer == Signer.COMMITTEE:
                    return signer, ""
                name = " ".join(text.split()[len(prefix.split()) :])
                if len(name) > MAX_NAME:
                    error(
                        "assigned_by", _("họ tên người giao dài quá %(n)s ký tự.") % {"n": MAX_NAME}
                    )
                return signer, name
        error(
            "assigned_by",
            _("“%(text)s” không hợp lệ: ghi UBND, Chủ tịch hoặc Phó Chủ tịch (có thể kèm họ tên).")
            % {"text": text},
        )
        return Signer.COMMITTEE, ""

    def _choice(self, cells: dict[str, Cell], key: str, error: Any) -> bool:
        folded = _folded(text_of(cells.get(key)))
        if folded in _YES:
            return True
        if folded not in _NO:
            error(
                key,
                _("“%(text)s” không hợp lệ: ghi x, có hoặc để trống.")
                % {"text": text_of(cells.get(key))},
            )
        return False

    def _source(self, cells: dict[str, Cell], error: Any) -> str:
        text = text_of(cells.get("source"))
        if not text:
            return Source.DIRECTIVE
        if (value := _SOURCES.get(_folded(text))) is not None:
            return value
        error(
            "source",
            _("“%(text)s” không hợp lệ: ghi một trong %(values)s.")
            % {"text": text, "values": ", ".join(SOURCE_LABEL.values())},
        )
        return Source.DIRECTIVE

    def _field(self, cells: dict[str, Cell], error: Any) -> str:
        text = text_of(cells.get("field"))
        if not text:
            return Field.OTHER
        if (value := self.field_names.get(_folded(text))) is not None:
            return value
        error(
            "field",
            _("“%(text)s” không có trong danh mục lĩnh vực (%(values)s).")
            % {
                "text": text,
                "values": "; ".join(in_vietnamese(label) for _v, label in Field.choices),
            },
        )
        return Field.OTHER

    def _check_dates(
        self, days: dict[str, dt.date | None], awaiting: bool, assigned_on: dt.date, error: Any
    ) -> None:
        def d(day: dt.date | None) -> str:
            return format_date(day) if day else ""

        today = self.today
        if assigned_on > today:
            error("assigned_on", _("ngày giao %(day)s sau ngày hôm nay.") % {"day": d(assigned_on)})
        for key in ("document_date", "extended_on", "completed_on", "confirmed_on", "cancelled_on"):
            day = days[key]
            if day is not None and day > today:
                error(key, _("ngày %(day)s sau ngày hôm nay.") % {"day": d(day)})
        document_date = days["document_date"]
        if document_date and document_date > assigned_on:
            error(
                "assigned_on",
                _("ngày giao %(assigned)s trước ngày văn bản %(document)s.")
                % {"assigned": d(assigned_on), "document": d(document_date)},
            )
        for key in ("deadline", "extended_on", "completed_on", "cancelled_on"):
            day = days[key]
            if day is not None and day < assigned_on:
                error(
                    key,
                    _("ngày %(day)s trước ngày giao %(assigned)s.")
                    % {"day": d(day), "assigned": d(assigned_on)},
                )
        deadline, extended_to, extended_on = (
            days["deadline"],
            days["extended_to"],
            days["extended_on"],
        )
        completed_on, confirmed_on, cancelled_on = (
            days["completed_on"], days["confirmed_on"], days["cancelled_on"]
        )  # fmt: skip
        if (extended_to is None) != (extended_on is None):
            missing = "extended_on" if extended_on is None else "extended_to"
            error(missing, _("cần ghi cả Gia hạn đến và Ngày gia hạn."))
        if extended_to is not None:
            if deadline is None:
                error("extended_to", _("nhiệm vụ không có hạn xử lý thì không gia hạn."))
            elif extended_to <= deadline:
                error(
                    "extended_to",
                    _("hạn mới %(new)s phải sau hạn xử lý %(old)s.")
                    % {"new": d(extended_to), "old": d(deadline)},
                )
            if extended_on is not None and extended_to < extended_on:
                error(
                    "extended_to",
                    _("hạn mới %(new)s trước ngày gia hạn %(on)s.")
                    % {"new": d(extended_to), "on": d(extended_on)},
                )
        if extended_on and completed_on and extended_on > completed_on:
            error(
                "extended_on",
                _("gia hạn ngày %(on)s, sau ngày hoàn thành %(done)s.")
                % {"on": d(extended_on), "done": d(completed_on)},
            )
        if (confirmed_on or awaiting) and completed_on is None:
            error("confirmed_on", _("có xác nhận nhưng thiếu ngày hoàn thành."))
        if confirmed_on and completed_on and confirmed_on < completed_on:
            error(
                "confirmed_on",
                _("ngày xác nhận %(confirmed)s trước ngày hoàn thành %(done)s.")
                % {"confirmed": d(confirmed_on), "done": d(completed_on)},
            )
        if cancelled_on is not None:
            for key in ("extended_on", "completed_on", "confirmed_on"):
                day = days[key]
                if day is not None and day > cancelled_on:
                    error(
                        key,
                        _("ngày %(day)s sau ngày hủy %(cancelled)s.")
                        % {"day": d(day), "cancelled": d(cancelled_on)},
                    )


# --- A task as a row -------------------------------------------------------------------------


def row_of_task(
    task: Task,
    history: rules.History,
    as_of: dt.date,
    units: UnitDirectory,
    coordinating: Iterable[int],
) -> RegisterRow:
    """What the register says about `task` as of `as_of` (its events effective by then).

    The deadline columns hold the deadline in force when the task was reported done (the one the
    counting rules judge it by), or on `as_of` if it is not done: a corrected deadline replaces
    the original one, an approved extension is the extension columns.
    """
    state = rules.state_on(history, as_of)
    done_on = state.completed_on or state.reported_on
    deadline, extended_to, extended_on = task.deadline, None, None
    for event in history.until(done_on or as_of):
        if event.kind == Kind.EXTENSION_APPROVED:
            extended_to, extended_on = event.deadline, event.on
        elif event.kind == Kind.DEADLINE_CORRECTED:
            # A correction sets the deadline in force: still an extension's new deadline while it
            # is later than the original one, otherwise the deadline itself.
            new = event.deadline
            if (
                extended_to is not None
                and new is not None
                and deadline is not None
                and new > deadline
            ):
                extended_to = new
            else:
                deadline, extended_to, extended_on = new, None, None
    if extended_to is not None and extended_on is not None and extended_to < extended_on:
        deadline, extended_to, extended_on = extended_to, None, None  # not expressible otherwise
    document = task.document
    handed = [e for e in history.until(as_of) if e.kind == Kind.LEAD_CHANGED]
    moved = state.lead_unit != task.lead_unit_id and bool(handed)
    return RegisterRow(
        row=0,
        code=own_code(task),
        title=task.title,
        document_number=document.number if document else "",
        document_date=document.issued_on if document else None,
        assigner=units.by_id[task.assigner_id],
        assigned_by=task.assigned_by,
        assigned_by_name=task.assigned_by_name,
        lead_unit=units.by_id[state.lead_unit],
        coordinating_units=frozenset(units.by_id[pk] for pk in coordinating),
        assigned_on=task.assigned_on,
        deadline=deadline,
        extended_to=extended_to,
        extended_on=extended_on,
        completed_on=done_on,
        confirmed_on=state.confirmed_on,
        awaiting_confirmation=state.reported_on is not None and state.completed_on is None,
        cancelled_on=state.cancelled_on,
        is_key=task.is_key,
        source=task.source,
        field=task.field,
        note=task.note,
        first_lead=units.by_id[task.lead_unit_id] if moved else None,
        lead_changed_on=handed[-1].on if moved else None,
    )


def cells_of(row: RegisterRow, units: UnitDirectory) -> list[Any]:
    """The row's cells in column order, as an export writes them (dates as dates)."""
    signer = row.assigned_by
    if signer == Signer.COMMITTEE:
        by = row.assigner.short_name if fold(row.assigner.short_name).startswith("ubnd") else "UBND"
    else:
        by = " ".join(filter(None, [_SIGNER_LABEL[Signer(signer)], row.assigned_by_name]))
    return [
        row.code,
        row.title,
        row.document_number,
        row.document_date,
        units.label(row.assigner),
        by,
        units.label(row.lead_unit, within=row.assigner),
        "; ".join(
            units.label(u, within=row.assigner)
            for u in sorted(row.coordinating_units, key=lambda u: u.path)
        ),
        row.assigned_on,
        row.deadline,
        row.extended_to,
        row.extended_on,
        row.completed_on,
        "chưa xác nhận" if row.awaiting_confirmation else row.confirmed_on,
        row.cancelled_on,
        "x" if row.is_key else "",
        SOURCE_LABEL[Source(row.source)],
        in_vietnamese(Field(row.field).label),
        row.note,
        units.label(row.first_lead, within=row.assigner) if row.first_lead else "",
        row.lead_changed_on,
    ]


def rows_of_tasks(
    tasks: list[Task],
    units: UnitDirectory,
    day: dt.date,
    histories: dict[int, rules.History] | None = None,
) -> dict[int, RegisterRow]:
    """The register rows of `tasks` as of `day`: three queries for all of them (two when their
    `histories` up to `day` are given, selectors.load_histories)."""
    histories = load_histories(tasks, until=day) if histories is None else histories
    coordinating: dict[int, list[int]] = {}
    through = Task.coordinating_units.through.objects.filter(task__in=tasks)
    for task_id, unit_id in through.values_list("task_id", "unit_id"):
        coordinating.setdefault(task_id, []).append(unit_id)
    return {
        t.pk: row_of_task(t, histories[t.pk], day, units, coordinating.get(t.pk, ())) for t in tasks
    }


def _check_ended(
    days: dict[str, dt.date | None], *, assigner: Unit, lead: Unit, error: Any
) -> None:
    """A unit that has ended takes no action after its end date (RULES.md "Reorganisations"):
    the lead unit reports no completion, the assigner decides nothing, after theirs."""
    for key, unit in (("completed_on", lead), ("extended_on", assigner),
                      ("confirmed_on", assigner), ("cancelled_on", assigner)):  # fmt: skip
        day = days.get(key)
        if day is not None and unit.valid_to is not None and day > unit.valid_to:
            message = _("%(unit)s đã kết thúc hoạt động ngày %(end)s, trước ngày %(day)s.")
            error(key, message % {"unit": unit.name, "end": format_date(unit.valid_to), "day": format_date(day)})  # fmt: skip
