"""What the three exports of a report (Excel, Word, PDF) all say, in the same words.

A report's file is a document: it is written in Vietnamese whatever language the user's pages are
in, as the narrative is (narrative.py). Every number here is read off the report (selectors.py)
or the late tasks (selectors.late_tasks): nothing is counted again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from dondoc.accounts.models import User
from dondoc.core.dates import format_date
from dondoc.organisations.models import Unit, UnitKind
from dondoc.reports import periods
from dondoc.reports.selectors import LateTask, Report, late_tasks, on_time_share, report
from dondoc.tasks import rules
from dondoc.tasks.figures import Figures
from dondoc.tasks.models import Source, Task, TaskSpan
from dondoc.tasks.rules import Block, Bucket, Phase, Standing
from dondoc.tasks.stats import StatsQuery, due_soon_days, figure_spans

CLI_PRODUCER = "dondoc export_report"
APP_NAME = "Đôn Đốc"

# The summary table's columns after the unit's: (group heading, column heading, value of a block).
# A group of None is a column of its own (its heading spans the header's two rows).
COLUMNS: tuple[tuple[str | None, str, Any], ...] = (
    (None, "Tổng số nhiệm vụ được giao", lambda b: b.assigned),
    ("Đã hoàn thành", "Tổng số", lambda b: b.completed.total),
    ("Đã hoàn thành", "Trước hạn", lambda b: b.completed.ahead),
    ("Đã hoàn thành", "Đúng hạn", lambda b: b.completed.on_time),
    ("Đã hoàn thành", "Quá hạn", lambda b: b.completed.late),
    ("Đã hoàn thành", "Không có thời hạn", lambda b: b.completed.no_deadline),
    ("Đang thực hiện", "Tổng số", lambda b: b.open.total),
    ("Đang thực hiện", "Trong hạn", lambda b: b.open.within),
    ("Đang thực hiện", "Quá hạn", lambda b: b.open.overdue),
    ("Đang thực hiện", "Không có thời hạn", lambda b: b.open.no_deadline),
)
AS_OF_LABEL = "Số liệu tính đến ngày"
UNIT_HEADING = "Đơn vị chủ trì"
SHARE_HEADING = "Tỷ lệ đúng hạn"
NO_SHARE = "—"
BLOCK_NAMES = {"period": "Trong kỳ", "carried_over": "Kỳ trước chuyển sang", "cancelled": "Đã hủy"}
# Who assigned (documents.models.Signer), as a file written in Vietnamese names them.
SIGNER_NAMES = {
    "committee": "Tập thể UBND",
    "chairman": "Chủ tịch",
    "vice_chairman": "Phó Chủ tịch",
    "head": "Thủ trưởng đơn vị",
}
SOURCE_NAMES = {
    Source.DIRECTIVE: "Văn bản chỉ đạo",
    Source.INSPECTION: "Kết luận kiểm tra",
    Source.PETITION: "Kiến nghị cử tri",
    Source.PLAN: "Kế hoạch của đơn vị",
}


@dataclass(frozen=True)
class TableRow:
    """One line of the summary table: a unit's figures (or the total's) in one block."""

    label: str
    values: list[int]
    share: float | None  # the share done on time (0–1), None when no task is judged yet
    total: bool = False

    @property
    def share_text(self) -> str:
        return NO_SHARE if self.share is None else percent(self.share)


def percent(share: float) -> str:
    return f"{round(100 * share)}%"


def _row(label: str, block: Block, *, total: bool = False) -> TableRow:
    share = on_time_share(block)
    return TableRow(
        label=label,
        values=[value(block) for _group, _heading, value in COLUMNS],
        share=None if share is None else float(share),
        total=total,
    )


@dataclass(frozen=True)
class Issuer:
    """Who issues the document, as the top left of a Decree 30/2020 document names it: the
    superior agency (not bold) and the issuing body (bold), both in capitals."""

    superior: str | None
    body: list[str]  # one or two lines


def issuer_of(unit: Unit) -> Issuer:
    """An office under a committee: "UBND TỈNH LẠNG SƠN" / "VĂN PHÒNG"; a department or a division:
    its committee / its name; a committee: its full name on two lines."""
    parent = unit.parent
    if unit.kind in UnitKind.committees() or parent is None:
        name = unit.name.upper()
        head, sep, rest = name.partition("NHÂN DÂN ")
        return Issuer(None, [head + sep.strip(), rest] if sep and rest else [name])
    superior = parent.short_name.upper()
    if unit.kind == UnitKind.OFFICE:
        return Issuer(superior, ["VĂN PHÒNG"])
    return Issuer(superior, [unit.short_name.upper()])


def province_of(unit: Unit) -> Unit:
    """The province the unit belongs to (the top of its tree)."""
    found = unit
    while found.kind != UnitKind.PROVINCE and (parent := found.parent) is not None:
        found = parent
    return found


def place_name(unit: Unit) -> str:
    """The place a document is dated in: the province's name, "Lạng Sơn"."""
    province = province_of(unit)
    for name in (province.name, province.short_name):
        match = re.search(r"(?:tỉnh|thành phố)\s+(.+)$", name, flags=re.IGNORECASE)
        if match:
            return match.group(1).strip()
    return province.short_name


def date_in_words(day: dt.date) -> str:
    """Decree 30/2020's date: "ngày 19 tháng 6 năm 2020"; a day below 10 and the months 1 and 2
    with a leading zero ("ngày 05 tháng 02 năm 2021")."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True)
class Export:
    """Everything a report's file says: the report, its late tasks, who made it and when."""

    report: Report
    produced_by: str  # "Nguyễn Văn A (Văn phòng UBND tỉnh)", or the command's name
    produced_at: dt.datetime
    issuer: Issuer
    made_by_unit: Unit | None = None
    parameters: list[tuple[str, str]] = field(default_factory=list)

    @property
    def query(self) -> StatsQuery:
        return self.report.query

    @cached_property
    def late(self) -> list[LateTask]:
        """The tasks done late or overdue on the day (the annex; read when a format needs it)."""
        return late_tasks(self.query)

    @property
    def figures(self) -> Figures:
        return self.report.figures

    @property
    def as_of(self) -> dt.date:
        """The day the figures are taken (the report's "as of" day)."""
        return self.query.as_of

    @property
    def issued_on(self) -> dt.date:
        """The day the file is made, in the province's time zone: a document is dated by its
        issue, never by the day its figures are taken (that one is said in its text)."""
        return timezone.localtime(self.produced_at, timezone.get_default_timezone()).date()

    @property
    def issuing_unit(self) -> Unit:
        """The unit the document comes from: the maker's unit, else (the command line) the
        assigner; its name is the files' author."""
        return self.made_by_unit or self.query.assigner

    @property
    def title(self) -> str:
        return "BÁO CÁO"

    @property
    def subject(self) -> str:
        """The line under the title: what the report is about."""
        names = self.report.names()
        what = "nhiệm vụ trọng tâm" if self.query.key_only else "nhiệm vụ"
        line = f"Kết quả thực hiện {what} do {names.assigners} giao {names.period}"
        if self.query.unit is not None:
            line += f" của {self.query.unit.short_name}"
        return line

    @property
    def as_of_words(self) -> str:
        """Which day the figures are taken: "Số liệu tính đến ngày 19/06/2020"."""
        return f"{AS_OF_LABEL} {format_date(self.as_of)}"

    @property
    def as_of_line(self) -> str:
        """The line under the subject that says it."""
        return f"({self.as_of_words})"

    @property
    def dates_line(self) -> str:
        """Both days of the report, each named for what it is (the workbook's header)."""
        return f"{self.as_of_words}; báo cáo lập ngày {format_date(self.issued_on)}."

    @property
    def narrative(self) -> str:
        return self.report.narrative()

    @property
    def place_and_date(self) -> str:
        return f"{place_name(self.query.assigner)}, {date_in_words(self.issued_on)}"

    @property
    def made_line(self) -> str:
        """Who produced the file and when (the files' properties say it too)."""
        local = timezone.localtime(self.produced_at, timezone.get_default_timezone())
        return f"Lập bởi {self.produced_by} lúc {local:%H:%M %d/%m/%Y} bằng {APP_NAME}."

    @property
    def produced_line(self) -> str:
        """Who produced the file, when, from which filters: the footer of every format."""
        filters = "; ".join(f"{label}: {value}" for label, value in self.parameters)
        return f"{self.made_line} {filters}."

    def unit_rows(self) -> list[TableRow]:
        """The period's figures, one row per unit in tree order, then the total."""
        rows = [_row(row.unit.short_name, row.figures.period) for row in self.report.units]
        rows.append(_row("Tổng cộng", self.figures.period, total=True))
        return rows

    def carried_rows(self) -> list[TableRow]:
        """The carried-over block by unit (only the units that have such tasks), then its total;
        empty when nothing was carried over."""
        if not self.figures.carried_over.assigned:
            return []
        rows = [
            _row(row.unit.short_name, row.figures.carried_over)
            for row in self.report.units
            if row.figures.carried_over.assigned
        ]
        rows.append(_row("Tổng cộng", self.figures.carried_over, total=True))
        return rows

    @property
    def cancelled_line(self) -> str:
        n = self.figures.cancelled
        return f"Nhiệm vụ đã hủy trong kỳ (không tính vào số liệu trên): {n}."

    @property
    def table_caption(self) -> str:
        return f"Số liệu theo đơn vị chủ trì, tính đến ngày {format_date(self.as_of)}"

    @property
    def carried_caption(self) -> str:
        return (
            f"Nhiệm vụ kỳ trước chuyển sang (giao trước ngày {format_date(self.query.start)}, "
            f"chưa hoàn thành đến hết ngày "
            f"{format_date(self.query.start - dt.timedelta(days=1))})"
        )

    @property
    def no_carried_line(self) -> str:
        return "Không có nhiệm vụ kỳ trước chuyển sang."

    @property
    def annex_title(self) -> str:
        return "DANH SÁCH NHIỆM VỤ HOÀN THÀNH QUÁ HẠN VÀ QUÁ HẠN CHƯA HOÀN THÀNH"

    @property
    def annex_note(self) -> str:
        return f"(Kèm theo Báo cáo số ……/BC-… {date_in_words(self.issued_on)})"

    def annex_rows(self) -> list[list[str]]:
        """The late tasks as the annex lists them: task, lead unit, deadline, completed on, days
        late or overdue, reason."""
        rows = []
        for late in self.late:
            title = late.task.title
            if late.carried_over:
                title += " (kỳ trước chuyển sang)"
            # "Chưa hoàn thành" is said once, in the column of the day it was completed.
            days = f"Quá hạn {late.days} ngày" if late.overdue else f"Chậm {late.days} ngày"
            rows.append(
                [
                    title,
                    late.lead_unit.short_name,
                    format_date(late.deadline),
                    format_date(late.completed_on) if late.completed_on else "Chưa hoàn thành",
                    days,
                    late.reason or "Chưa báo cáo lý do",
                ]
            )
        return rows

    def recipients(self) -> list[str]:
        names = self.report.names()
        lines = [f"- {names.assigners} (để báo cáo);"]
        if self.query.unit is not None:
            lines.append(f"- {self.query.unit.short_name};")
        lines.append("- Lưu: VT.")
        return lines


ANNEX_HEADINGS = (
    "Nhiệm vụ",
    "Đơn vị chủ trì",
    "Hạn xử lý",
    "Ngày hoàn thành",
    "Số ngày chậm, quá hạn",
    "Lý do",
)


def parameters_in_words(query: StatsQuery) -> list[tuple[str, str]]:
    """The report's filters as the file states them."""
    period = f"{report_period_name(query)} ({format_date(query.start)} – {format_date(query.end)})"
    return [
        ("Cơ quan giao", query.assigner.name),
        ("Đơn vị chủ trì", query.unit.name if query.unit else "Tất cả đơn vị"),
        ("Kỳ báo cáo", period),
        (AS_OF_LABEL, format_date(query.as_of)),
        ("Nhiệm vụ", "Chỉ nhiệm vụ trọng tâm" if query.key_only else "Tất cả nhiệm vụ"),
        ("Nguồn", SOURCE_NAMES[Source(query.source)] if query.source else "Tất cả nguồn"),
        *_who_assigned(query),
    ]


def _who_assigned(query: StatsQuery) -> list[tuple[str, str]]:
    """The filters a leader's page or a unit's own row add, when they are set."""
    found = []
    if query.assigned_by:
        who = SIGNER_NAMES.get(query.assigned_by, query.assigned_by)
        found.append(("Người giao", f"{who} {query.assigned_by_name or ''}".strip()))
    if query.unit is not None and query.exact:
        found.append(("Phạm vi", "Chỉ nhiệm vụ đơn vị tự chủ trì (không gồm đơn vị trực thuộc)"))
    return found


def report_period_name(query: StatsQuery) -> str:
    name = periods.name(query.start, query.end)
    return name[:1].upper() + name[1:]


def producer_of(user: User | None) -> tuple[str, Unit | None]:
    """How the file names who made it: the user's name and unit, or the command line."""
    if user is None:
        return CLI_PRODUCER, None
    name = user.get_full_name() or user.get_username()
    unit = user.unit
    return (f"{name} ({unit.name})" if unit else name), unit


def build(query: StatsQuery, *, user: User | None = None, now: dt.datetime | None = None) -> Export:
    """The export of the report `query` asks for, made by `user` (None: the command line) now."""
    produced_by, unit = producer_of(user)
    return Export(
        report=report(query),
        produced_by=produced_by,
        produced_at=now or timezone.now(),
        issuer=issuer_of(unit or query.assigner),
        made_by_unit=unit,
        parameters=parameters_in_words(query),
    )


# --- The tasks behind the figures, for the workbook's second sheet --------------------------


def status_in_words(standing: Standing) -> str:
    """A task's status on a day (rules.standing, its badge) as the workbook writes it."""
    bucket = standing.bucket
    if bucket is None:
        return "Đã hủy"
    if bucket.completed:
        return COMPLETED_WORDS[bucket]
    if bucket is Bucket.OPEN_NO_DEADLINE:
        status = "Đang thực hiện, không có thời hạn"
    elif bucket is Bucket.OVERDUE:
        status = f"Quá hạn {standing.days_overdue} ngày"
    elif standing.due_soon:
        status = "Trong hạn, sắp đến hạn"
    else:
        status = "Trong hạn"
    return status + (", chờ xác nhận hoàn thành" if standing.awaiting_confirmation else "")


COMPLETED_WORDS = {
    Bucket.AHEAD: "Hoàn thành trước hạn",
    Bucket.ON_TIME: "Hoàn thành đúng hạn",
    Bucket.LATE: "Hoàn thành quá hạn",
    Bucket.COMPLETED_NO_DEADLINE: "Hoàn thành (không có thời hạn)",
}
BLOCKS_OF_TASKS = ("period", "carried_over", "cancelled")  # the workbook's order
# The task sheet's last two columns: how many times a task was chased (đôn đốc) up to the
# report's day, and the day of the last chase (read off the histories the sheet reads already).
CHASE_HEADINGS = ("Số lần đôn đốc", "Lần đôn đốc gần nhất")


def blocks_of_tasks(
    query: StatsQuery, chunk: int = 2000
) -> Iterator[tuple[str, Iterator[list[tuple[Task, str]]]]]:
    """The report's tasks block by block (the period's counted, the carried over, the
    cancelled), in order of assignment, chunk by chunk, each task with its status on the day.
    A block's spans on the day are read once, in task order, and each chunk's tasks by their
    ids: no list of a block's ids is held or joined back. Together they are
    figure_tasks(query, "report")."""
    for block in BLOCKS_OF_TASKS:
        yield block, _chunks(figure_spans(query, block), query.as_of, chunk)


def _chunks(spans: QuerySet[TaskSpan], day: dt.date, size: int) -> Iterator[list[tuple[Task, str]]]:
    window = due_soon_days()
    rows = spans.order_by("assigned_on", "task_id").values_list(
        "task_id", "valid_from", "valid_to", "lead_unit_id", "deadline", "phase", "awaiting"
    )
    batch: list[tuple[Any, ...]] = []
    for row in rows.iterator(chunk_size=size):
        batch.append(row)
        if len(batch) == size:
            yield _tasks_of(batch, day, window)
            batch = []
    if batch:
        yield _tasks_of(batch, day, window)


def _tasks_of(rows: list[tuple[Any, ...]], day: dt.date, window: int) -> list[tuple[Task, str]]:
    tasks = Task.objects.select_related("document").in_bulk([row[0] for row in rows])
    return [
        (
            tasks[task_id],
            status_in_words(
                rules.standing(
                    rules.Span(start, end, lead, deadline, Phase(phase), awaiting),
                    day,
                    due_soon_days=window,
                )
            ),
        )
        for task_id, start, end, lead, deadline, phase, awaiting in rows
    ]
