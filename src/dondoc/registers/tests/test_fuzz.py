"""Random and mutated registers: whatever the file, the import answers with errors or saves it
all; never an unhandled exception, never part of a file. Through the function the preview uses and
through `dondoc import_tasks` (exit status 0 or 2 only).

Bounded and seeded, so that CI runs the same examples each time, in a few seconds."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from dondoc.documents.models import Document
from dondoc.registers.importer import import_register
from dondoc.registers.tests.helpers import (
    HEADER,
    rewrite_sheet,
    windows_1258,
    write_csv,
    write_xlsx,
)
from dondoc.tasks.models import Task, TaskEvent

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,  # with the fixed seed below: the same examples on every machine
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
COLUMNS = len(HEADER) + 1  # and a cell beside the table, now and then
_prefix = itertools.count()
MARKER = 987_650  # a number no other cell holds

cells = st.one_of(
    st.none(),
    st.text(max_size=30),  # any code point: control characters, NUL, combining marks
    st.sampled_from(["01/02/2026", "2026-02-28", "31/02/2026", "lang-son", "so-y-te", "x", "=1+1"]),
    st.builds(lambda char, n: char * n, st.characters(), st.integers(1, 40_000)),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),  # NaN, ±Infinity and the largest and smallest too
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31)),  # noqa: DTZ001
)
# (row, column, value): cells of the valid register replaced by random ones
changes = st.lists(st.tuples(st.integers(1, 4), st.integers(0, COLUMNS - 1), cells), max_size=6)
# (kind, position as a fraction of the file, bytes): flip, cut or insert junk in the file's bytes
mutations = st.lists(
    st.tuples(
        st.sampled_from(["flip", "truncate", "insert"]),
        st.floats(0, 1),
        st.binary(min_size=1, max_size=64),
    ),
    max_size=3,
)
kinds = st.sampled_from(["xlsx", "csv", "csv-no-bom", "csv-semicolon", "csv-cp1258"])
# How a broken program may spell a number in a workbook's XML (the cell's <v>)
spellings = st.one_of(
    st.sampled_from(
        ["NaN", "nan", "Infinity", "-inf", "1e999", "-1E999", "1e-999", "", " ", "0x1F"]
    ),
    st.builds(
        lambda digit, n, tail: digit * n + tail,
        st.sampled_from("19"),
        st.integers(1, 6000),
        st.sampled_from(["", ".5", "e308", "e999", "E-999"]),
    ),
)
numbers = st.lists(st.tuples(st.integers(1, 4), st.integers(0, COLUMNS - 1), spellings), max_size=2)


def register(changed: list[tuple[int, int, Any]]) -> list[list[Any]]:
    """A valid small register, its codes new to the database, with some cells changed."""
    prefix = next(_prefix)
    rows: list[list[Any]] = [[*HEADER, None]]
    rows += [
        [
            f"F{prefix:06}-{i}",
            f"Việc thử {i}",
            "lang-son",
            "so-y-te",
            "01/02/2026",
            "28/02/2026",
            None,
        ]
        for i in range(4)
    ]
    for row, column, value in changed:
        rows[row][column] = value
    return rows


def written(folder: Path, kind: str, rows: list[list[Any]], fuzz: Fuzz) -> Path:
    if kind == "xlsx":
        # openpyxl cannot even write the control characters a CSV may hold
        clean = [[ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in r] for r in rows]  # fmt: skip
        for marker, (row, column, _spelling) in enumerate(fuzz.numbers, start=MARKER):
            clean[row][column] = marker
        path = write_xlsx(folder / "so.xlsx", clean)

        def broken(xml: bytes) -> bytes:
            for marker, (_row, _column, spelling) in enumerate(fuzz.numbers, start=MARKER):
                xml = xml.replace(f"<v>{marker}</v>".encode(), f"<v>{spelling}</v>".encode())
            return bytes(mutated(bytearray(xml), fuzz.sheet_edits))

        return rewrite_sheet(path, broken)
    path = write_csv(
        folder / "so.csv",
        rows,
        delimiter=";" if kind == "csv-semicolon" else ",",
        bom=kind != "csv-no-bom",
    )
    if kind == "csv-cp1258":
        text = path.read_bytes().decode("utf-8-sig")
        path.write_bytes(windows_1258(text, errors="replace"))
    return path


def mutated(data: bytearray, edits: list[tuple[str, float, bytes]]) -> bytearray:
    for kind, where, junk in edits:
        at = int(where * len(data))
        if kind == "flip":
            data[at : at + len(junk)] = bytes(
                b ^ j for b, j in zip(data[at : at + len(junk)], junk, strict=False)
            )
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = junk
    return data


def counts() -> tuple[int, int, int]:
    return Task.objects.count(), TaskEvent.objects.count(), Document.objects.count()


def imported_whole_or_not_at_all(path: Path) -> None:
    before = counts()
    result = import_register(path)
    assert result.saved == (not result.errors)
    if result.errors:
        assert counts() == before, result.errors
    else:
        assert counts()[0] == before[0] + result.created


def commanded_whole_or_not_at_all(path: Path) -> None:
    before = counts()
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_tasks", str(path), "--no-progress", stdout=out, stderr=err)
    except CommandError as refused:
        assert refused.returncode == 2
        assert err.getvalue().strip()  # says why
        assert counts() == before
    else:
        assert out.getvalue().startswith("Đã nhập")


@dataclass
class Fuzz:
    kind: str
    changed: list[tuple[int, int, Any]]  # cells of the valid register replaced by random ones
    numbers: list[tuple[int, int, str]]  # number cells of a workbook, spelled as in its XML
    sheet_edits: list[tuple[str, float, bytes]]  # changes to a workbook's sheet XML
    file_edits: list[tuple[str, float, bytes]]  # changes to the file's bytes

    def write(self, folder: Path) -> Path:
        path = written(folder, self.kind, register(self.changed), self)
        path.write_bytes(bytes(mutated(bytearray(path.read_bytes()), self.file_edits)))
        return path


files = st.builds(
    Fuzz,
    kind=kinds,
    changed=changes,
    numbers=numbers,
    sheet_edits=mutations,
    file_edits=st.one_of(st.just([]), mutations),  # a whole zip is rarer than a broken one
)


@FUZZ
@seed(20261202)  # both tests try the same files
@given(fuzz=files)
def test_a_random_or_mutated_register_is_imported_whole_or_refused_with_messages(fuzz: Fuzz):
    with tempfile.TemporaryDirectory() as folder:
        imported_whole_or_not_at_all(fuzz.write(Path(folder)))


@FUZZ
@seed(20261202)  # both tests try the same files
@given(fuzz=files)
def test_the_command_imports_a_random_or_mutated_register_whole_or_exits_with_status_2(
    fuzz: Fuzz,
):
    with tempfile.TemporaryDirectory() as folder:
        commanded_whole_or_not_at_all(fuzz.write(Path(folder)))
