"""A generated task register, as an office would keep it in Excel: the file the import benchmark reads.

`write_register` writes `rows` new tasks that one assigner gave its sub-units over the last few
years, in the format `dondoc import_tasks` reads and `export_tasks` writes (CSV, UTF-8 with a BOM,
Vietnamese headers, dd/mm/yyyy). The same seed writes the same file, and every row is one the
importer accepts: no date after today, extensions before completion, nothing after a cancellation.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from dondoc.core.dates import format_date, today
from dondoc.core.text import fold
from dondoc.demo.contents import CONTENTS, KEY_CONTENTS
from dondoc.organisations.models import Unit, UnitKind
from dondoc.registers.columns import COLUMNS
from dondoc.registers.rows import SOURCE_LABEL, UnitDirectory, in_vietnamese
from dondoc.tasks.models import Field, Source

YEARS = 4  # how far back the assignments go
DOCUMENT_ROWS = 10  # tasks per document, on average
AWAITING = "chưa xác nhận"
_TYPES = ["TB", "TB", "TB", "KH", "CT", "QĐ", "UBND-VP"]  # notices are the usual source of tasks
_SOURCES = [(Source.DIRECTIVE, 80), (Source.INSPECTION, 8), (Source.PETITION, 7), (Source.PLAN, 5)]
_NOTES = [
    "Báo cáo kết quả về Văn phòng UBND để tổng hợp.",
    "Phối hợp chặt chẽ với các đơn vị liên quan.",
    "Nhiệm vụ chuyển tiếp từ năm trước.",
]


def _days(rng: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(low, high))


class _Units:
    """The assigner's direct sub-units (its offices excepted) that exist on a day, cached by day."""

    def __init__(self, assigner: Unit) -> None:
        self.all = [
            u
            for u in Unit.objects.filter(parent=assigner).order_by("path")
            if u.kind != UnitKind.OFFICE
        ]
        self._on: dict[dt.date, list[Unit]] = {}

    def on(self, day: dt.date) -> list[Unit]:
        if day not in self._on:
            self._on[day] = [u for u in self.all if u.is_valid_on(day)]
        return self._on[day]


def write_register(path: Path, *, assigner: Unit, rows: int, seed: int) -> None:
    """Write a register of `rows` new tasks assigned by `assigner` to `path` (CSV)."""
    rng = random.Random(seed)
    end = today() - dt.timedelta(days=1)
    start = end.replace(year=end.year - YEARS)
    units = _Units(assigner)
    directory = UnitDirectory()
    if not units.all:
        raise ValueError(f"{assigner.code} has no sub-unit to assign tasks to")
    assigner_label = directory.label(assigner)
    committee_by = assigner.short_name if fold(assigner.short_name).startswith("ubnd") else "UBND"
    signers = (
        [committee_by, "Chủ tịch", "Phó Chủ tịch"]
        if assigner.is_committee
        else ["Thủ trưởng đơn vị"]
    )
    fields = {value: in_vietnamese(label) for value, label in Field.choices}
    sources, weights = zip(*_SOURCES, strict=True)
    # Assignment days in order, as a register grows; a document's tasks share its day.
    span = (end - start).days
    days = sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(rows))
    numbers: dict[int, int] = {}  # a document number sequence per year

    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([c.header for c in COLUMNS])
        index = 0
        while index < rows:
            day = days[index]
            group = min(rows - index, rng.randint(1, 2 * DOCUMENT_ROWS - 1))
            document = document_date = ""
            if rng.random() < 0.8:
                numbers[day.year] = numbers.get(day.year, 0) + rng.randint(1, 3)
                document = f"{numbers[day.year]}/{rng.choice(_TYPES)}-UBND"
                document_date = format_date(day)
            signer = rng.choice(signers)
            candidates = units.on(day) or units.all
            for _ in range(group):
                index += 1
                lead = rng.choice(candidates)
                coordinating = ""
                if rng.random() < 0.25:
                    others = [u for u in candidates if u != lead]
                    chosen = rng.sample(others, min(len(others), rng.randint(1, 3)))
                    coordinating = "; ".join(
                        directory.label(u, within=assigner)
                        for u in sorted(chosen, key=lambda u: u.path)
                    )
                cells = {
                    "code": f"NK-{index:06d}",
                    "document": document,
                    "document_date": document_date,
                    "assigner": assigner_label,
                    "assigned_by": signer,
                    "lead_unit": directory.label(lead, within=assigner),
                    "coordinating_units": coordinating,
                    "source": SOURCE_LABEL[rng.choices(sources, weights)[0]],
                    # A unit that has ended acts no more: its task stays open, to be handed over.
                    **_story(rng, day, min(end, lead.valid_to or end)),
                }
                is_key = cells["key"] == "x"
                content, field = (
                    (rng.choice(KEY_CONTENTS), Field.OTHER) if is_key else rng.choice(CONTENTS)
                )
                cells["title"] = content.format(year=day.year)
                cells["field"] = fields[field]
                cells["note"] = rng.choice(_NOTES) if rng.random() < 0.05 else ""
                writer.writerow([cells.get(c.key, "") for c in COLUMNS])


def _story(rng: random.Random, assigned_on: dt.date, end: dt.date) -> dict[str, str]:
    """The dates of one task's life, as register cells: deadline, extension, completion…"""
    cells: dict[str, str] = {"assigned_on": format_date(assigned_on)}
    cells["key"] = "x" if rng.random() < 0.1 else ""
    deadline = assigned_on + _days(rng, 7, 120) if rng.random() >= 0.05 else None
    in_force = deadline
    cancelled_on = assigned_on + _days(rng, 1, 200) if rng.random() < 0.02 else None
    if cancelled_on is not None and cancelled_on > end:
        cancelled_on = None
    last = min(end, cancelled_on) if cancelled_on else end  # nothing happens after this day
    extended_on = None
    if deadline is not None and rng.random() < 0.1:
        extended_on = assigned_on + _days(rng, 0, (deadline - assigned_on).days)
        if extended_on <= last:
            in_force = deadline + _days(rng, 10, 90)
            cells["extended_to"] = format_date(in_force)
            cells["extended_on"] = format_date(extended_on)
        else:
            extended_on = None
    if deadline is not None:
        cells["deadline"] = format_date(deadline)
    if cancelled_on is not None:
        cells["cancelled_on"] = format_date(cancelled_on)
        return cells
    due = in_force or assigned_on + dt.timedelta(days=60)
    outcome = rng.random()
    if outcome < 0.08:
        return cells  # still open, whatever the day
    if outcome < 0.7:
        completed_on = assigned_on + _days(rng, 0, (due - assigned_on).days)  # ahead or on time
    else:
        completed_on = due + _days(rng, 1, 90)  # late
    completed_on = max(completed_on, extended_on or completed_on)
    if completed_on > end:
        return cells  # not done yet
    cells["completed_on"] = format_date(completed_on)
    confirmation = rng.random()
    if confirmation < 0.04:
        cells["confirmed_on"] = AWAITING
    elif confirmation < 0.3:
        confirmed_on = completed_on + _days(rng, 1, 10)
        cells["confirmed_on"] = format_date(confirmed_on) if confirmed_on <= end else AWAITING
    return cells
