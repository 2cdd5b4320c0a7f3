"""The generated register the import benchmark reads: the importer takes every row, and the
figures of the imported tasks are what the rows say."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from dondoc.bench.register import write_register
from dondoc.core.dates import format_date, parse_date, today
from dondoc.organisations.models import Unit
from dondoc.registers.columns import COLUMNS
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db

ROWS = 400
DUE_SOON_DAYS = 5  # the default of DONDOC_DUE_SOON_DAYS


def read(path: Path) -> list[dict[str, str]]:
    """The register's rows by column key."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        lines = list(csv.reader(stream))
    assert lines[0] == [c.header for c in COLUMNS]
    return [{c.key: value for c, value in zip(COLUMNS, line, strict=True)} for line in lines[1:]]


def day(text: str) -> dt.date | None:
    return parse_date(text) if text and text != "chưa xác nhận" else None


def expected(rows: list[dict[str, str]], as_of: dt.date) -> dict[str, Any]:
    """RULES.md's figures as of `as_of` for tasks that the rows hold, read off the rows alone."""
    figures: dict[str, Any] = {
        "assigned": 0,
        "cancelled": 0,
        "completed": {"total": 0, "ahead": 0, "on_time": 0, "late": 0, "no_deadline": 0},
        "open": {"total": 0, "within": 0, "overdue": 0, "no_deadline": 0, "due_soon": 0,
                 "awaiting_confirmation": 0},
    }  # fmt: skip
    for row in rows:
        if row["cancelled_on"]:
            figures["cancelled"] += 1
            continue
        figures["assigned"] += 1
        in_force = day(row["extended_to"]) or day(row["deadline"])  # extensions come before today
        done = day(row["completed_on"])
        if done is not None and row["confirmed_on"] != "chưa xác nhận":
            completed = figures["completed"]
            completed["total"] += 1
            if in_force is None:
                completed["no_deadline"] += 1
            else:
                completed["ahead" if done < in_force else "on_time" if done == in_force else "late"] += 1  # fmt: skip
            continue
        still_open = figures["open"]
        still_open["total"] += 1
        still_open["awaiting_confirmation"] += done is not None
        if in_force is None:
            still_open["no_deadline"] += 1
        elif as_of <= in_force:
            still_open["within"] += 1
            still_open["due_soon"] += (in_force - as_of).days <= DUE_SOON_DAYS
        else:
            still_open["overdue"] += 1
    return figures


def stats(start: dt.date, as_of: dt.date) -> dict[str, Any]:
    out = io.StringIO()
    call_command(
        "stats", "--assigner", "lang-son", "--from", format_date(start), "--to",
        format_date(as_of), "--as-of", format_date(as_of), "--format", "json", stdout=out,
    )  # fmt: skip
    figures = json.loads(out.getvalue())
    return {key: figures[key] for key in ("assigned", "cancelled", "completed", "open")}


def minus(after: Any, before: Any) -> Any:
    if isinstance(after, dict):
        return {key: minus(after[key], before[key]) for key in after}
    return after - before


def test_the_same_seed_writes_the_same_register_and_another_seed_another(tmp_path: Path):
    lang_son = Unit.objects.get(code="lang-son")
    for name, seed in (("a.csv", 1), ("b.csv", 1), ("c.csv", 2)):
        write_register(tmp_path / name, assigner=lang_son, rows=50, seed=seed)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.csv").read_bytes() != (tmp_path / "c.csv").read_bytes()
    assert (tmp_path / "a.csv").read_bytes().startswith("\ufeffMã,".encode())


def test_every_generated_row_is_imported_and_counted_as_it_says(tmp_path: Path):
    path = tmp_path / "so-theo-doi.csv"
    write_register(path, assigner=Unit.objects.get(code="lang-son"), rows=ROWS, seed=7)
    rows = read(path)
    as_of = today()
    start = min(day(r["assigned_on"]) or as_of for r in rows)
    assert len(rows) == ROWS
    assert len({r["code"] for r in rows}) == ROWS
    happened = (
        "document_date",
        "assigned_on",
        "extended_on",
        "completed_on",
        "confirmed_on",
        "cancelled_on",
    )  # fmt: skip  (deadlines may lie ahead)
    assert max(d for r in rows for key in happened if (d := day(r[key]))) <= as_of
    # A register an office would keep: most tasks done, some extended, some standing, some key.
    assert sum(bool(r["completed_on"]) for r in rows) > ROWS / 2
    for column in ("extended_to", "coordinating_units", "document", "key"):
        assert any(r[column] for r in rows), column
    assert any(not r["deadline"] for r in rows)
    before = stats(start, as_of)

    out = io.StringIO()
    call_command("import_tasks", str(path), "--assigner", "lang-son", "--no-progress", stdout=out)

    assert f"{ROWS} nhiệm vụ mới" in out.getvalue()
    assert Task.objects.filter(external_code__startswith="NK-").count() == ROWS
    assert minus(stats(start, as_of), before) == expected(rows, as_of)


def test_the_import_measure_says_how_long_the_write_lock_was_held_and_keeps_nothing():
    from dondoc.bench.runner import measure_import

    tasks = Task.objects.count()
    result = measure_import(Unit.objects.get(code="lang-son"), ROWS, say=lambda line: None)
    assert result["rows"] == ROWS and result["rows_per_s"] > 0
    assert 0 < result["lock_s"] <= result["seconds"]
    assert Task.objects.count() == tasks
