"""Reading a register file row by row, with bounded memory, whatever its type.

`.xlsx`: the first sheet, opened read-only (rows are streamed, never all loaded). `.csv`: UTF-8
with or without a BOM, comma or semicolon. The header is the first non-empty row.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from dondoc.attachments.uploads import zip_members
from dondoc.registers.columns import COLUMNS, Column, header_key

Cell = str | int | float | dt.date | dt.datetime | None
EXTENSIONS = ("xlsx", "csv")
STRAY = "_stray"  # the key under which a row lists its cells that have no header
HEADER_SEARCH_ROWS = 10  # how far down a register's title lines may push its header
T = TypeVar("T")


class RegisterFileError(Exception):
    """The file cannot be read as a register at all (wrong type, no header, missing columns)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class Header:
    row: int  # its row number in the file
    columns: dict[int, Column]  # position → column
    ignored: list[str] = field(default_factory=list)  # headers we do not use
    positions: set[int] = field(default_factory=set)  # every position that has a header


def _encoding_of(sample: bytes) -> str:
    """UTF-8 (with or without BOM), or Windows-1258, which Excel's plain "CSV" writes in Vietnam."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(sample) - 4:  # only a character cut at the sample's end
            return "utf-8-sig"
        try:
            sample.decode("cp1258")
        except UnicodeDecodeError:
            raise RegisterFileError(
                [_("Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”).")]
            ) from None
        return "cp1258"
    return "utf-8-sig"


def _decoded_lines(raw: IO[bytes], encoding: str) -> Iterator[str]:
    """The file's lines as text, decoded one by one so that an error names its row."""
    rest = "utf-8" if encoding == "utf-8-sig" else encoding  # a BOM can only open the file
    for index, line in enumerate(raw):
        text = line.decode(encoding if index == 0 else rest)
        # Windows-1258 writes letters as base + combining mark; compare them in composed form.
        yield unicodedata.normalize("NFC", text) if encoding == "cp1258" else text


def _csv_rows(raw: IO[bytes], encoding: str) -> Iterator[tuple[int, list[str]]]:
    """A CSV file's rows, numbered; the delimiter is the one its first line uses more. (A generator:
    even the first line is read, and may fail, only when `RegisterReader._guarded` asks.)"""
    lines = _decoded_lines(raw, encoding)
    first_line = next(lines, "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    yield from enumerate(csv.reader(itertools.chain([first_line], lines), delimiter=delimiter), 1)


_INFINITIES = frozenset((math.inf, -math.inf))


def _finite(rows: Iterator[tuple[int, tuple[Any, ...]]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """A workbook's rows, refusing a number no spreadsheet holds: openpyxl reads 1e999, or a long
    run of digits with a decimal point, as infinity, which would be imported as the text "inf".
    (NaN and Infinity written as words, and whole numbers past 4,300 digits, stop openpyxl.)

    Rows openpyxl fills in for a gap are skipped at once: it yields one shared tuple, as wide as
    the sheet says it is, for each of them, and checking each of them cell by cell took minutes
    for a sheet with one cell far down and far right (XFD100000)."""
    previous: tuple[Any, ...] | None = None
    for number, values in rows:
        if values is previous:  # a gap's row, and not the first of the gap: empty
            continue
        previous = values
        if not _INFINITIES.isdisjoint(values):  # a hash lookup per cell, at C speed
            position = next(p for p, v in enumerate(values) if v in _INFINITIES)
            raise RegisterFileError(
                [
                    _("Dòng %(row)s, cột %(column)s: số quá lớn, không đọc được.")
                    % {"row": number, "column": get_column_letter(position + 1)}
                ]
            )
        yield number, values


def _column_name(position: int) -> str:
    """A column's letters (A … XFD … ZZZ), or its number past what three letters name: a CSV line
    may hold any number of cells."""
    return get_column_letter(position + 1) if position < 18_278 else str(position + 1)


def _without_worksheet(stream: IO[bytes]) -> bool:
    """Whether a file openpyxl could not open is a workbook without a worksheet (charts alone make
    openpyxl fail). Reads only the zip's list of members."""
    names = zip_members(stream)  # [] when not even a zip: the caller says the file is broken
    return "xl/workbook.xml" in names and not any(n.startswith("xl/worksheets/") for n in names)


def _is_empty(values: tuple[Any, ...] | list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _lookup(columns: Sequence[Column]) -> dict[str, Column]:
    """Headers as compared (see columns.header_key) → column: the Vietnamese one and the alias."""
    return {header_key(c.header): c for c in columns} | {header_key(c.key): c for c in columns}


def _read_header(
    row_number: int, values: tuple[Any, ...] | list[Any], known: Sequence[Column] = COLUMNS
) -> Header:
    by_header = _lookup(known)
    columns: dict[int, Column] = {}
    ignored: list[str] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for position, value in enumerate(values):
        text = str(value).strip() if value is not None else ""
        if not text:
            continue
        column = by_header.get(header_key(text))
        if column is None:
            ignored.append(text)
        elif column.key in seen:
            errors.append(
                _("Dòng %(row)s: cột “%(header)s” xuất hiện hai lần.")
                % {"row": row_number, "header": column.header}
            )
        else:
            seen[column.key] = position
            columns[position] = column
    missing = [c.header for c in known if c.required and c.key not in seen]
    if missing:
        errors.append(
            _("Dòng tiêu đề (dòng %(row)s) thiếu cột: %(columns)s.")
            % {"row": row_number, "columns": ", ".join(missing)}
        )
    if errors:
        raise RegisterFileError(errors)
    headed = {p for p, v in enumerate(values) if v is not None and str(v).strip()}
    return Header(row_number, columns, ignored, headed)


class RegisterReader:
    """Iterate a register: `header` once the file is opened, then (row number, {key: value}).

    Use as a context manager; rows may be read only once per opening. `columns` are the table's
    columns (the task register's unless given: the reorganisation mapping has its own).
    """

    def __init__(
        self, path: Path, *, name: str | None = None, columns: Sequence[Column] = COLUMNS
    ) -> None:
        self.known = tuple(columns)
        self.path = Path(path)
        self.name = name or self.path.name
        extension = Path(self.name).suffix.lower().lstrip(".")
        if extension not in EXTENSIONS:
            raise RegisterFileError(
                [_("Chỉ nhận tệp .xlsx hoặc .csv (tệp đã chọn: “%(name)s”).") % {"name": self.name}]
            )
        self.kind = extension
        self._close: list[Any] = []
        self._rows: Iterator[tuple[int, tuple[Any, ...] | list[Any]]] = iter(())
        self._header: Header | None = None
        self.total_rows: int | None = None  # an estimate for progress bars, when the file says

    def __enter__(self) -> RegisterReader:
        try:
            self._rows = self._open_xlsx() if self.kind == "xlsx" else self._open_csv()
            self._header = self._find_header()
        except BaseException:
            self.close()
            raise
        if self.total_rows is not None:
            self.total_rows -= self._header.row
        return self

    def _find_header(self) -> Header:
        """The header: the first non-empty row, or, when a register has a title and a few lines
        above its table, the first of the top rows that names the required columns."""
        first: tuple[int, tuple[Any, ...] | list[Any]] | None = None
        looked = 0
        by_header = _lookup(self.known)
        required = [c for c in self.known if c.required]
        for number, values in self._rows:
            if _is_empty(values):
                continue
            if first is None:
                first = (number, values)
            texts = [str(v) for v in values if v is not None]
            if all(any(by_header.get(header_key(t)) == c for t in texts) for c in required):
                return _read_header(number, values, self.known)
            looked += 1
            if looked == HEADER_SEARCH_ROWS:
                break
        if first is None:
            raise RegisterFileError([_("Tệp không có dòng tiêu đề: tệp trống.")])
        return _read_header(*first, self.known)  # reports what the first row lacks

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for thing in self._close:
            thing.close()
        self._close.clear()

    def _open_xlsx(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        stream = self._open_file()
        try:
            # A stream, not a path: openpyxl refuses paths without ".xlsx" (stored uploads).
            workbook = load_workbook(stream, read_only=True, data_only=True)
        except Exception:  # whatever a malformed workbook makes openpyxl raise
            problem = self._no_sheet() if _without_worksheet(stream) else self._broken()
            raise RegisterFileError([problem]) from None
        self._close.insert(0, workbook)
        if not workbook.worksheets:  # charts alone
            raise RegisterFileError([self._no_sheet()])
        sheet = workbook.worksheets[0]
        self.total_rows = sheet.max_row
        # A read-only sheet yields empty rows for gaps too, so the count is the row number.
        return self._guarded(_finite(enumerate(sheet.iter_rows(values_only=True), start=1)))

    def _broken(self) -> str:
        return _("Không đọc được tệp Excel “%(name)s”: tệp hỏng hoặc không phải .xlsx.") % {
            "name": self.name
        }

    def _no_sheet(self) -> str:
        return _(
            "Tệp Excel “%(name)s” không có trang tính nào (chỉ có biểu đồ): hãy ghi sổ theo dõi trên một trang tính."
        ) % {"name": self.name}

    def _open_file(self) -> IO[bytes]:
        try:
            stream = self.path.open("rb")
        except OSError:
            raise RegisterFileError(
                [_("Không mở được tệp “%(name)s”.") % {"name": self.name}]
            ) from None
        self._close.append(stream)
        return stream

    def _open_csv(self) -> Iterator[tuple[int, list[str]]]:
        raw = self._open_file()
        sample = raw.read(64 * 1024)
        raw.seek(0)
        if sample.startswith(b"PK\x03\x04"):
            raise RegisterFileError(
                [
                    _(
                        "Tệp “%(name)s” là tệp Excel (.xlsx), không phải CSV: hãy đổi phần mở rộng thành .xlsx."
                    )
                    % {"name": self.name}
                ]
            )
        return self._guarded(_csv_rows(raw, _encoding_of(sample)))

    def _guarded(self, rows: Iterator[tuple[int, T]]) -> Iterator[tuple[int, T]]:
        """The file's rows; whatever reading a malformed file raises (XML cut short, a number too
        long for Python, a byte that is not text further down a CSV, a zip member that does not
        inflate…) becomes one message naming the row where reading stopped. The libraries raise
        many types for these, and each of them means the file, not our code, is wrong."""
        number = 0
        try:
            for number, values in rows:
                yield number, values
        except RegisterFileError:
            raise
        except UnicodeDecodeError:
            message = _(
                "Dòng %(row)s: tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”)."
            )
            raise RegisterFileError([message % {"row": number + 1}]) from None
        except csv.Error as error:
            message = _("Dòng %(row)s: không đọc được dòng CSV (%(error)s).")
            raise RegisterFileError([message % {"row": number + 1, "error": error}]) from None
        except Exception:  # see the docstring
            message = _(
                "Không đọc được tệp “%(name)s” từ dòng %(row)s: tệp hỏng, hoặc có ô không đọc được (như số quá dài, NaN, Infinity)."
            )
            raise RegisterFileError([message % {"name": self.name, "row": number + 1}]) from None

    @property
    def header(self) -> Header:
        if self._header is None:
            raise RuntimeError("open the reader with `with` first")
        return self._header

    def rows(self) -> Iterator[tuple[int, dict[str, Cell]]]:
        """The data rows after the header, skipping empty ones, keyed by column key."""
        columns = self.header.columns
        headed = self.header.positions
        unheaded: dict[int, list[int]] = {}  # by row length: the positions with no header
        for number, values in self._rows:
            if _is_empty(values):
                continue
            cells: dict[str, Cell] = {
                column.key: values[position] if position < len(values) else None
                for position, column in columns.items()
            }
            length = len(values)
            if length not in unheaded:
                unheaded[length] = [p for p in range(length) if p not in headed]
            stray = [
                _column_name(p)
                for p in unheaded[length]
                if (v := values[p]) is not None and str(v).strip()
            ]
            if stray:  # a cell split by a stray delimiter, or data beside the table
                cells[STRAY] = ", ".join(stray)
            yield number, cells
