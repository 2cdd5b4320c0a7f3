"""The catalogue of figures: every class a report counts or a list filters on, named once.

Each entry is a class of the counting rules (RULES.md) on a day: its key is the name `stats.class_q`
gives its condition, so the list's `trang_thai=<key>` and a figure's `tk_nhom=<block>:<key>` list its
tasks. Entries with a `path` are figures of a report, in the order a report table reads them; the
figures page, `dondoc stats --format table`, the list's status filter and the badges all take their
labels and order from here (the English is in the translation catalogue). `Figures` is a report's
result, typed, whose `as_json()` is exactly the RULES.md object.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dondoc.tasks.rules import Block, Bucket

BLOCKS = ("period", "carried_over")  # the two blocks of a report, as named in RULES.md


@dataclass(frozen=True)
class Figure:
    """A class of tasks on a day, and where it sits among a report's figures."""

    key: str  # the class's name (stats.class_q); the list's `trang_thai`, a figure link's part
    label: str | Promise  # its row in a report table (a sub-class reads after its heading)
    path: tuple[str, ...] | None = None  # where in a block of the RULES.md object; None: no row
    level: int = 0  # in a report table: 0 a heading, 1 a sub-class, 2 a sub-class's sub-class
    of_which: bool = False  # "trong đó": a part of the row above, not one of the total's parts
    status: str | Promise | None = None  # the class named on its own (list filter, badge)
    listed: bool = False  # the list page offers it as a status on a day
    in_blocks: bool = True  # counted in each block; False: the report's own (the cancelled)

    def value(self, figures: Figures, block: str) -> int | None:
        """The figure in one block of a report (None: the block has no such figure)."""
        if self.path is None or (not self.in_blocks and block != "period"):
            return None
        root: Any = getattr(figures, block) if self.in_blocks else figures
        return int(functools.reduce(getattr, self.path, root))

    def put(self, block: Block, value: int) -> None:
        """Set the figure in a block (for the statistics service, which counts by key)."""
        if self.path is None or not self.in_blocks:
            raise ValueError(f"{self.key} is not a figure of a block")
        *parents, name = self.path
        setattr(functools.reduce(getattr, parents, block), name, value)


CATALOGUE = (
    Figure("all", _("Tổng số nhiệm vụ được giao"), ("assigned",)),
    Figure(
        "completed",
        _("Đã hoàn thành"),
        ("completed", "total"),
        status=_("Đã hoàn thành"),
        listed=True,
    ),
    Figure(
        "ahead",
        _("trước hạn"),
        ("completed", "ahead"),
        level=1,
        status=_("Hoàn thành trước hạn"),
        listed=True,
    ),
    Figure(
        "on_time",
        _("đúng hạn"),
        ("completed", "on_time"),
        level=1,
        status=_("Hoàn thành đúng hạn"),
        listed=True,
    ),
    Figure(
        "late",
        _("quá hạn"),
        ("completed", "late"),
        level=1,
        status=_("Hoàn thành quá hạn"),
        listed=True,
    ),
    Figure(
        "completed_no_deadline",
        _("không có thời hạn"),
        ("completed", "no_deadline"),
        level=1,
        status=_("Đã hoàn thành"),  # its badge: a task without a deadline is simply done
    ),
    Figure("open", _("Đang thực hiện"), ("open", "total"), status=_("Đang thực hiện"), listed=True),
    Figure(
        "within", _("trong hạn"), ("open", "within"), level=1, status=_("Trong hạn"), listed=True
    ),
    Figure(
        "due_soon",
        _("trong đó: sắp đến hạn"),
        ("open", "due_soon"),
        level=2,
        of_which=True,
        status=_("Sắp đến hạn"),
        listed=True,
    ),
    Figure(
        "overdue",
        pgettext_lazy("open task", "quá hạn"),
        ("open", "overdue"),
        level=1,
        status=_("Quá hạn"),
        listed=True,
    ),
    Figure(
        "open_no_deadline",
        _("không có thời hạn"),
        ("open", "no_deadline"),
        level=1,
        status=_("Không có thời hạn"),
    ),
    Figure(
        "awaiting_confirmation",
        _("trong đó: chờ xác nhận hoàn thành"),
        ("open", "awaiting_confirmation"),
        level=1,
        of_which=True,
        status=_("Chờ xác nhận hoàn thành"),
        listed=True,
    ),
    # Not a figure: completed or open without a deadline, which the list filters on together.
    Figure("no_deadline", _("Không có thời hạn"), status=_("Không có thời hạn"), listed=True),
    # Not a figure: a report's late tasks (completed late, or open past the deadline), which a
    # unit's and a leader's page list and link to whole.
    Figure(
        "late_or_overdue",
        _("Hoàn thành quá hạn hoặc quá hạn"),
        status=_("Hoàn thành quá hạn hoặc quá hạn"),
        listed=True,
    ),
    Figure(
        "cancelled",
        _("Đã hủy (không tính)"),
        ("cancelled",),
        status=_("Đã hủy"),
        listed=True,
        in_blocks=False,
    ),
)
BY_KEY = {figure.key: figure for figure in CATALOGUE}
REPORT_ROWS = tuple(figure for figure in CATALOGUE if figure.path is not None)
COUNTED_IN_BLOCKS = tuple(figure for figure in REPORT_ROWS if figure.in_blocks)
# The list's "status on a day" choices and each badge's words.
CLASS_CHOICES = [(figure.key, figure.status) for figure in CATALOGUE if figure.listed]
BUCKET_LABELS = {bucket: BY_KEY[bucket.value].status for bucket in Bucket}


@dataclass(frozen=True)
class Figures:
    """A report's figures (RULES.md "The figures, by name"): its labels, the period's block, the
    cancelled tasks of the period and the carried-over block."""

    as_of: dt.date
    start: dt.date
    end: dt.date
    assigner: str  # the assigner's code
    unit: str | None  # the lead unit's code, when the report is about one unit
    period: Block
    cancelled: int
    carried_over: Block

    def as_json(self) -> dict[str, Any]:
        """Exactly the RULES.md object: its keys, in its order."""
        return {
            "as_of": self.as_of.isoformat(),
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "assigner": self.assigner,
            "unit": self.unit,
            **self.period.as_json(),
            "cancelled": self.cancelled,
            "carried_over": self.carried_over.as_json(),
        }

    def rows(self) -> list[tuple[Figure, int | None, int | None]]:
        """Each row of a report table: the figure, its value in the period, in the carried over."""
        return [
            (figure, figure.value(self, "period"), figure.value(self, "carried_over"))
            for figure in REPORT_ROWS
        ]
