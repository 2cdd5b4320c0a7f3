"""The one statistics service. Pages, exports, the API and `dondoc stats` all call it.

It applies the counting rules (RULES.md, rules.py) to the tasks an assigner gave in a period, as of
a day, in the database: each task's state on the day R is the one TaskSpan that covers R (rules.spans
cut the history where the state changes), so every class is a comparison of the span's columns
with R and a report is one GROUP BY per block. `class_q` names each figure's condition once; the
counts and the tasks behind a figure (`figure_tasks`) both use it, so a number and its list agree.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from dondoc.core.text import fold
from dondoc.organisations.models import Unit
from dondoc.organisations.selectors import subunits
from dondoc.tasks import rules
from dondoc.tasks.figures import BLOCKS, COUNTED_IN_BLOCKS, REPORT_ROWS, Figures
from dondoc.tasks.models import Task, TaskSpan
from dondoc.tasks.rules import Phase


def due_soon_days() -> int:
    return int(getattr(settings, "DONDOC_DUE_SOON_DAYS", rules.DEFAULT_DUE_SOON_DAYS))


def spans_on(day: dt.date) -> QuerySet[TaskSpan]:
    """Each task's state on `day`: the one span of every task assigned by then that covers it."""
    return TaskSpan.objects.filter(valid_from__lte=day, valid_to__gt=day)


def class_q(name: str, day: dt.date, window: int | None = None) -> Q:
    """The condition on a span covering `day` for a task to be in the class `name` on that day.

    Names are the keys of the catalogue of figures (figures.CATALOGUE, where each class is
    labelled and placed in a report): rules.Bucket's, "all" (counted: not cancelled), "completed",
    "open", "due_soon", "awaiting_confirmation", "no_deadline" (either kind), "late_or_overdue"
    (completed late or open past the deadline) and "cancelled".
    """
    window = due_soon_days() if window is None else window
    open_ = Q(phase=Phase.OPEN)
    by_phase = {bucket.value: Q(phase=phase) for bucket, phase in rules.PHASE_OF_BUCKET.items()}
    classes = {
        **by_phase,
        "all": Q(phase__lt=Phase.CANCELLED),
        "completed": Q(phase__gt=Phase.OPEN, phase__lt=Phase.CANCELLED),
        "open": open_,
        "within": open_ & Q(deadline__gte=day),
        "due_soon": open_ & Q(deadline__gte=day, deadline__lte=day + dt.timedelta(days=window)),
        "overdue": open_ & Q(deadline__lt=day),
        "open_no_deadline": open_ & Q(deadline__isnull=True),
        "awaiting_confirmation": open_ & Q(awaiting=True),
        "no_deadline": Q(phase=Phase.COMPLETED_NO_DEADLINE) | open_ & Q(deadline__isnull=True),
        # A report's late tasks (reports/selectors.late_tasks): completed late, or open past it.
        "late_or_overdue": Q(phase=Phase.LATE) | open_ & Q(deadline__lt=day),
        "cancelled": Q(phase=Phase.CANCELLED),
    }
    return classes[name]


def report_counts(day: dt.date, window: int | None = None) -> dict[str, Compiled]:
    """The aggregates of a report's figures on `day`, each named `n_<figure key>` (the
    catalogue's order): counts over disjoint groups of spans add up to the counts of their union,
    so a report grouped finer (by unit, by month) sums to the report itself. Each counts its
    spans' task (never NULL), a column the report's indexes hold, so that a report reads them
    alone and not the table (Django refuses COUNT(*) with a filter).

    Each is `Count("task", filter=class_q(…))`, compiled to SQL once per day and database: the
    ORM took longer to build a unit's twenty-eight filtered counts than the database to count."""
    window = due_soon_days() if window is None else window
    return {
        name: Compiled(sql, params)
        for name, sql, params in _compiled_counts(day, window, connection.alias, connection.vendor)
    }


class Compiled(RawSQL):
    """An aggregate written as the SQL that Django compiled for it (report_counts): a count of
    the spans' table, never NULL, 0 over no rows."""

    contains_aggregate = True
    empty_result_set_value = 0

    def __init__(self, sql: str, params: tuple[Any, ...]) -> None:
        super().__init__(sql, params, output_field=IntegerField())

    def get_group_by_cols(self) -> list[Any]:
        return []  # an aggregate is never grouped by (RawSQL's own says it is a column)


@functools.lru_cache(maxsize=64)
def _compiled_counts(
    day: dt.date, window: int, alias: str, vendor: str
) -> tuple[tuple[str, str, tuple[Any, ...]], ...]:
    """report_counts' aggregates as SQL over the spans' table (unaliased, as every query of the
    figures reads it) and their parameters, on the database `alias` (`vendor` keys the cache)."""
    counts = {
        f"n_{figure.key}": Count("task", filter=class_q(figure.key, day, window))
        for figure in REPORT_ROWS
    }
    query = TaskSpan.objects.using(alias).annotate(**counts).query
    compiler = query.get_compiler(alias)
    compiled = []
    for name in counts:
        sql, params = compiler.compile(query.annotations[name])
        compiled.append((name, sql, tuple(params)))
    return tuple(compiled)


def _block(row: dict[str, Any] | None) -> rules.Block:
    """A block's figures from one aggregate row (None: nothing counted)."""
    block = rules.Block()
    for figure in COUNTED_IN_BLOCKS:
        figure.put(block, int(row[f"n_{figure.key}"] or 0) if row else 0)
    return block


@dataclass(frozen=True)
class StatsQuery:
    assigner: Unit
    start: dt.date
    end: dt.date
    as_of: dt.date
    unit: Unit | None = None
    key_only: bool = False
    source: str | None = None
    # Who assigned the tasks for the assigner (documents.models.Signer: "chairman", …) and their
    # name, compared folded (core/text.fold): a leader's page counts what he personally assigned.
    assigned_by: str | None = None
    assigned_by_name: str | None = None
    # With `unit`: the tasks that unit led itself, not those of the units under it (a report's
    # row for its own unit beside the rows of its sub-units).
    exact: bool = False

    def __post_init__(self) -> None:
        if self.as_of < self.start:
            raise ValueError("as_of is before the start of the period")
        if self.end < self.start:
            raise ValueError("the period ends before it starts")

    def _spans(self, assigners: Iterable[Unit] | None = None) -> QuerySet[TaskSpan]:
        spans = spans_on(self.as_of)
        if assigners is None:
            spans = spans.filter(assigner=self.assigner)
        else:
            spans = spans.filter(assigner__in=[a.pk for a in assigners])
        if self.unit is not None and self.exact:
            spans = spans.filter(lead_unit=self.unit)
        elif self.unit is not None:  # the lead unit as of R, or one of its sub-units as of R
            spans = spans.filter(lead_unit__in=self._lead_units)
        if self.key_only:
            spans = spans.filter(is_key=True)
        if self.source:
            spans = spans.filter(source=self.source)
        if self.assigned_by:
            spans = spans.filter(task__assigned_by=self.assigned_by)
        if self.assigned_by_name:
            names = assigned_by_names(self.assigner, self.assigned_by, self.assigned_by_name)
            spans = spans.filter(task__assigned_by_name__in=names)
        return spans

    @functools.cached_property
    def _lead_units(self) -> list[int]:
        """The units whose tasks are the unit's on R (led_by), read once for both blocks."""
        if self.unit is None:
            raise ValueError("a query without a unit has no lead units of its own")
        return list(led_by(self.unit, self.as_of).values_list("pk", flat=True))

    def period(self, assigners: Iterable[Unit] | None = None) -> QuerySet[TaskSpan]:
        """Spans on R of the tasks assigned in the period by R, cancelled ones included."""
        return self._spans(assigners).filter(
            assigned_on__gte=self.start, assigned_on__lte=min(self.end, self.as_of)
        )

    def carried_over(self, assigners: Iterable[Unit] | None = None) -> QuerySet[TaskSpan]:
        """Spans on R of the tasks assigned before the period and still open the day before it,
        not cancelled on R."""
        before = self.start - dt.timedelta(days=1)
        open_before = spans_on(before).filter(assigned_on__lt=self.start, phase=Phase.OPEN)
        if assigners is None:
            open_before = open_before.filter(assigner=self.assigner)
        else:
            open_before = open_before.filter(assigner__in=[a.pk for a in assigners])
        spans = self._spans(assigners).filter(assigned_on__lt=self.start, phase__lt=Phase.CANCELLED)
        if self.unit is not None:
            # A few units' tasks: look each one's day-before span up (the planners then start from
            # the unit's rows rather than from every task the assigner had open).
            return spans.filter(Exists(open_before.filter(task_id=OuterRef("task_id"))))
        return spans.filter(task_id__in=open_before.values("task_id"))


def assigned_by_names(assigner: Unit, assigned_by: str | None, name: str) -> list[str]:
    """The names as written on the assigner's tasks (by `assigned_by`, when given) that are
    `name` folded (core/text.fold: case, diacritics and spacing aside): one query of the distinct
    names, so that the spans are then filtered by an equality the database can use."""
    tasks = Task.objects.filter(assigner=assigner).exclude(assigned_by_name="")
    if assigned_by:
        tasks = tasks.filter(assigned_by=assigned_by)
    wanted = fold(name)
    written = tasks.values_list("assigned_by_name", flat=True).distinct().order_by()
    return [written_name for written_name in written if fold(written_name) == wanted]


def figures_of(
    query: StatsQuery, period: dict[str, Any] | None, carried: dict[str, Any] | None
) -> Figures:
    """The figures of `query` from the rows of `report_counts` of its period and its carried
    over (None: nothing counted)."""
    return Figures(
        as_of=query.as_of,
        start=query.start,
        end=query.end,
        assigner=query.assigner.code,
        unit=query.unit.code if query.unit else None,
        period=_block(period),
        cancelled=int(period["n_cancelled"] or 0) if period else 0,
        carried_over=_block(carried),
    )


def task_stats(query: StatsQuery) -> Figures:
    """The RULES.md figures of one report: two aggregate queries (the period, the carried over)."""
    counts = report_counts(query.as_of)
    period = query.period().aggregate(**counts)
    carried = query.carried_over().aggregate(**counts)
    return figures_of(query, period, carried)


def task_stats_by_lead_unit(
    query: StatsQuery, *, assigners: Iterable[Unit] | None = None
) -> dict[tuple[int, int], Figures]:
    """The figures of every lead unit (as of R) of the query's assigner, or of each assigner in
    `assigners` (the whole country's committees, say), keyed by (assigner id, lead unit id).

    Each is what `task_stats` gives for that assigner with `unit` = that lead unit alone (its
    sub-units are rows of their own). Two grouped queries, whatever the number of units."""
    assigners = None if assigners is None else list(assigners)
    counts = report_counts(query.as_of)
    rows: dict[tuple[int, int], list[dict[str, Any] | None]] = {}
    for index, spans in enumerate((query.period(assigners), query.carried_over(assigners))):
        grouped = spans.values("assigner_id", "lead_unit_id").annotate(**counts).order_by()
        for row in grouped:
            key = (row["assigner_id"], row["lead_unit_id"])
            rows.setdefault(key, [None, None])[index] = row
    return {key: figures_of(query, period, carried) for key, (period, carried) in rows.items()}


FIGURE_BLOCKS = (*BLOCKS, "cancelled", "report")


def figure_spans(query: StatsQuery, block: str, name: str = "all") -> QuerySet[TaskSpan]:
    """The spans on the report's day of the tasks behind one figure of a block ("period",
    "carried_over" or "cancelled"; `name` a class_q name, the period's "cancelled" being the
    cancelled block, where the report puts it): one span per task."""
    day = query.as_of
    if block == "cancelled" or (block == "period" and name == "cancelled"):
        return query.period().filter(class_q("cancelled", day))
    if block == "period":
        return query.period().filter(class_q("all", day) & class_q(name, day))
    if block == "carried_over":
        return query.carried_over().filter(class_q(name, day))
    raise ValueError(f"no such block: {block}")


def figure_tasks(query: StatsQuery, block: str, name: str = "all") -> QuerySet[Task]:
    """The tasks behind one figure: `block` is "period", "carried_over", "cancelled" or "report"
    (the whole report: the period, the carried over and the cancelled), `name` a class_q name
    (the period's "cancelled" is the cancelled block, where the report puts it)."""
    if block == "report":
        wanted = class_q(name, query.as_of) if name != "all" else Q()
        spans = query.period().filter(wanted)
        return Task.objects.filter(
            Q(pk__in=spans.values("task_id"))
            | Q(pk__in=query.carried_over().filter(wanted).values("task_id"))
        )
    return Task.objects.filter(pk__in=figure_spans(query, block, name).values("task_id"))


def tasks_in_class(tasks: QuerySet[Task], day: dt.date, name: str) -> QuerySet[Task]:
    """`tasks` that were in the class `name` on `day` (assigned by then, by the counting rules)."""
    return tasks.filter(pk__in=spans_on(day).filter(class_q(name, day)).values("task_id"))


def led_by(unit: Unit, day: dt.date) -> QuerySet[Unit]:
    """The lead units whose tasks are `unit`'s on `day` (RULES.md rule 3): the unit itself, on
    that day or not (a unit that has ended keeps the tasks it completed), and the units under it
    that exist on that day."""
    return Unit.objects.within(unit).filter(
        Q(pk=unit.pk) | Q(pk__in=subunits(unit, as_of=day).values("pk"))
    )


def spans_led_by(unit: Unit, day: dt.date, name: str = "") -> QuerySet[TaskSpan]:
    """The spans on `day` of the tasks led then by `unit` or a unit under it then, as the figures
    count them (a task handed over by a reorganisation is its predecessor's up to the day before,
    its successor's from that day); with `name`, of those in that class on that day. An index
    range: a unit's overdue tasks are read from that unit's spans, not the country's."""
    spans = spans_on(day).filter(lead_unit__in=led_by(unit, day).values("pk"))
    return spans.filter(class_q(name, day)) if name else spans
