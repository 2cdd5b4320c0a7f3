"""A report as one read: the figures of an assigner's tasks in a period as of a day, and the same
figures by unit, by month of assignment and for the key tasks, for the dashboard, a unit's page,
the exports and `dondoc summary` alike.

Every number comes from the statistics service (tasks/stats.py): the period and the carried-over
spans grouped finer (by lead unit, key flag and month) and summed, since the counts of disjoint
groups add up. So a unit's row equals `task_stats` for that unit, a month's equals `task_stats`
for that month, and each links to the tasks behind it through the same `tk_` parameters. The
number of queries does not depend on the number of units or tasks: two grouped reads of the
spans, one of the units they name and one of the assigner's units.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction

from django.utils.translation import gettext as _

from dondoc.core.db import YearMonth, raw_rows
from dondoc.core.text import fold
from dondoc.organisations.models import Unit
from dondoc.reports import narrative, periods
from dondoc.tasks.figures import REPORT_ROWS, Figures
from dondoc.tasks.models import Task, TaskEvent
from dondoc.tasks.rules import Block, Kind, classify
from dondoc.tasks.selectors import Chases, load_histories
from dondoc.tasks.stats import StatsQuery, due_soon_days, figure_tasks, figures_of, report_counts

Counts = dict[str, int]
LEADERS = ("chairman", "vice_chairman")  # documents.models.Signer's leaders


def on_time_share(block: Block) -> Fraction | None:
    """The share of a block's tasks done on time among those whose timeliness is known on the
    day: completed ahead or on time, over those completed with a deadline and those open past
    it. Tasks still within their deadline, and those without one, are not judged yet (None when
    no task is)."""
    done = block.completed
    judged = done.ahead + done.on_time + done.late + block.open.overdue
    return Fraction(done.ahead + done.on_time, judged) if judged else None


KEYS = tuple(f"n_{figure.key}" for figure in REPORT_ROWS)  # report_counts' names, in order


def _add(total: list[int], counts: list[int]) -> None:
    """Add a group's counts (SQL's COUNT: never NULL) to a total, in one pass: a province's
    report sums some thousands of groups."""
    total[:] = map(operator.add, total, counts) if total else counts


def _named(total: list[int]) -> Counts | None:
    """A total as report_counts names its counts (None: nothing counted)."""
    return dict(zip(KEYS, total, strict=True)) if total else None


@dataclass(frozen=True)
class UnitRow:
    """One unit's figures in a report: the tasks it and the units under it led on the day."""

    unit: Unit
    figures: Figures
    query: StatsQuery  # the report of this row alone: its numbers' links ask for it

    @property
    def on_time(self) -> Fraction | None:
        return on_time_share(self.figures.period)

    @property
    def on_time_percent(self) -> int | None:
        share = self.on_time
        return None if share is None else round(100 * share)


@dataclass(frozen=True)
class MonthRow:
    """The tasks assigned in one month of the period (cut to it), as they stand on the day."""

    start: dt.date
    end: dt.date
    figures: Figures


def period_label(start: dt.date, end: dt.date) -> str:
    """periods.name in the page's language: the same words in Vietnamese ("9 tháng đầu năm
    2020"), "the first nine months of 2020" in English."""
    preset, year, number = periods.recognise(start, end)
    if preset is periods.Preset.MONTH:
        return _("tháng %(month)s/%(year)s") % {"month": number, "year": year}
    if preset is periods.Preset.QUARTER:
        return _("quý %(quarter)s/%(year)s") % {"quarter": periods.ROMAN[number - 1], "year": year}
    if preset is periods.Preset.HALF:
        return _("6 tháng đầu năm %(year)s") % {"year": year}
    if preset is periods.Preset.NINE:
        return _("9 tháng đầu năm %(year)s") % {"year": year}
    if preset is periods.Preset.YEAR:
        return _("năm %(year)s") % {"year": year}
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (7, 1, 12, 31):
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    return _("từ ngày %(start)s đến ngày %(end)s") % {
        "start": periods.short_date(start),
        "end": periods.short_date(end),
    }


@dataclass(frozen=True)
class Report:
    query: StatsQuery
    figures: Figures  # the report's own: period, cancelled, carried over
    key: Figures  # the key tasks among them
    units: list[UnitRow]  # by unit under the report's unit (or assigner), in tree order
    months: list[MonthRow]  # the period month by month, up to the day

    @property
    def period_name(self) -> str:
        """The period as the documents name it, in Vietnamese (the narrative, the files)."""
        return periods.name(self.query.start, self.query.end)

    @property
    def period_label(self) -> str:
        """The period as the pages name it, in the page's language."""
        return period_label(self.query.start, self.query.end)

    def league(self) -> list[UnitRow]:
        """The units ranked by the share done on time, then by fewer overdue tasks; units with
        nothing judged yet come last."""

        def rank(row: UnitRow) -> tuple[bool, Fraction, int, str]:
            share = row.on_time
            overdue = row.figures.period.open.overdue + row.figures.carried_over.open.overdue
            return (share is None, -(share or Fraction(0)), overdue, row.unit.path)

        return sorted(self.units, key=rank)

    def names(self) -> narrative.Names:
        assigner = self.query.assigner
        full, short = narrative.assigner_names(
            kind=assigner.kind, short_name=assigner.short_name, is_committee=assigner.is_committee
        )
        if self.query.assigned_by in LEADERS:
            # A leader's own assignments (a leader's page, its files): he is who assigned.
            full = short = narrative.leader_name(
                chairman=self.query.assigned_by == "chairman",
                name=self.query.assigned_by_name,
                committee=short,
            )
        unit = self.query.unit
        return narrative.Names(
            period=self.period_name,
            assigners=full,
            assigner=short,
            unit=(
                narrative.subject_name(unit.short_name, is_committee=unit.is_committee)
                if unit is not None
                else None
            ),
            key_only=self.query.key_only,
        )

    def narrative(self) -> str:
        return narrative.paragraph(
            period=self.figures.period,
            carried_over=self.figures.carried_over,
            as_of=self.query.as_of,
            names=self.names(),
        )


def _row_unit(lead: Unit, base: Unit, children: dict[int, Unit], day: dt.date) -> Unit:
    """The unit whose row counts a task led by `lead` on `day`: the child of `base` that `lead`
    is or lies under; `lead` itself when it is `base`, lies outside it, or has ended under a
    child (a report on that child as of the day would not count it: RULES.md rule 3)."""
    for ancestor in lead.ancestor_ids():
        child = children.get(ancestor)
        if child is None:
            continue
        if child.pk == lead.pk or lead.is_valid_on(day):
            return child
    return lead


def report(query: StatsQuery) -> Report:
    """The report of `query`, by unit and by month (see the module's docstring)."""
    aggregates = report_counts(query.as_of)
    # (lead unit, key flag[, "YYYY-MM"], *the counts in KEYS' order): a province's report reads
    # some thousands of these groups, as tuples straight from the driver (core.db.raw_rows).
    period_rows = raw_rows(
        query.period()
        .annotate(month=YearMonth("assigned_on"))
        .values("lead_unit_id", "is_key", "month")
        .annotate(**aggregates)
        .values_list("lead_unit_id", "is_key", "month", *KEYS)
        .order_by()
    )
    carried_rows = raw_rows(
        query.carried_over()
        .values("lead_unit_id", "is_key")
        .annotate(**aggregates)
        .values_list("lead_unit_id", "is_key", *KEYS)
        .order_by()
    )
    base = query.unit or query.assigner
    children = {child.pk: child for child in Unit.objects.filter(parent=base)}
    lead_ids = {row[0] for row in (*period_rows, *carried_rows)}
    leads = {unit.pk: unit for unit in Unit.objects.filter(pk__in=lead_ids)}
    row_of = {pk: _row_unit(lead, base, children, query.as_of) for pk, lead in leads.items()}

    total: list[list[int]] = [[], []]
    key: list[list[int]] = [[], []]
    by_unit: dict[int, list[list[int]]] = defaultdict(lambda: [[], []])
    by_month: dict[str, list[int]] = defaultdict(list)
    for row in period_rows:
        lead, is_key, month, *counts = row
        _add(total[0], counts)
        _add(by_unit[row_of[lead].pk][0], counts)
        if is_key:
            _add(key[0], counts)
        _add(by_month[month], counts)
    for row in carried_rows:
        lead, is_key, *counts = row
        _add(total[1], counts)
        _add(by_unit[row_of[lead].pk][1], counts)
        if is_key:
            _add(key[1], counts)

    units = {unit.pk: unit for unit in row_of.values()}
    unit_rows = []
    for unit in sorted(units.values(), key=lambda u: (u.pk != base.pk, u.path)):
        # A row gathers a unit and those under it, but the base's own row (beside its
        # sub-units' rows) and an ended unit's (apart from its parent's) are its tasks alone.
        own = unit.pk == base.pk or unit.pk not in children
        row_query = replace(query, unit=unit, exact=own)
        period, carried = by_unit[unit.pk]
        unit_rows.append(
            UnitRow(unit, figures_of(row_query, _named(period), _named(carried)), row_query)
        )
    month_rows = []
    for start, end in periods.months(query.start, min(query.end, query.as_of)):
        month_query = replace(query, start=start, end=end)
        counted = _named(by_month.get(f"{start:%Y-%m}", []))
        month_rows.append(MonthRow(start, end, figures_of(month_query, counted, None)))
    return Report(
        query=query,
        figures=figures_of(query, *map(_named, total)),
        key=figures_of(replace(query, key_only=True), *map(_named, key)),
        units=unit_rows,
        months=month_rows,
    )


def reports_of(queries: Iterable[StatsQuery]) -> list[Report]:
    """The report of each query (the unit page's one per assigner)."""
    return [report(query) for query in queries]


def leaders_figures(queries: list[StatsQuery]) -> list[Figures]:
    """The figures of leaders' reports: queries of one assigner, period and day that differ only
    in who assigned (a leader's page's, leader_views.Leader.query). Two grouped reads of the
    spans, by who assigned and the name written, whatever the number of leaders; each query takes
    the groups its filter would keep (a vice chairman's name compared folded, as
    stats.assigned_by_names compares it), so its figures are `task_stats` of that query."""
    if not queries:
        return []
    base = replace(queries[0], assigned_by=None, assigned_by_name=None)
    if any(replace(q, assigned_by=None, assigned_by_name=None) != base for q in queries):
        raise ValueError("leaders' reports share their assigner, period and day")
    counts = report_counts(base.as_of)
    group = ("task__assigned_by", "task__assigned_by_name")
    said = [q.assigned_by for q in queries if q.assigned_by]
    period, carried = (
        list(spans.filter(task__assigned_by__in=said).values(*group).annotate(**counts).order_by())
        for spans in (base.period(), base.carried_over())
    )
    found = []
    for query in queries:
        name = fold(query.assigned_by_name) if query.assigned_by_name else None
        totals: list[list[int]] = [[], []]
        for index, rows in enumerate((period, carried)):
            for row in rows:
                if row["task__assigned_by"] != query.assigned_by:
                    continue
                if name is not None and fold(row["task__assigned_by_name"] or "") != name:
                    continue
                _add(totals[index], [row[key] for key in KEYS])
        found.append(figures_of(query, *map(_named, totals)))
    return found


# --- The tasks done late or still overdue, with how late and why ------------------------------

# How a completion report names its lateness reason (tasks/services.ReportCompletion), in the
# languages a report may have been written in.
LATENESS_PREFIXES = ("Lý do chậm:", "Reason for lateness:")
REASON_KINDS = (Kind.EXTENSION_REQUESTED, Kind.PROGRESS)


@dataclass(frozen=True)
class LateTask:
    """A task of a report that was completed late, or is open past its deadline, on the day."""

    task: Task
    lead_unit: Unit  # as of the report's day
    deadline: dt.date  # D(C) for a task done late, D(R) for an overdue one
    completed_on: dt.date | None  # C, for a task done late
    days: int  # days late (C − D(C)) or days overdue (R − D(R))
    reason: str  # the lateness reason reported, or the latest request or progress report's text
    carried_over: bool  # assigned before the period (the carried-over block)
    chases: Chases = field(default_factory=Chases)  # chased (đôn đốc) up to the day: times, last

    @property
    def overdue(self) -> bool:
        return self.completed_on is None


def _chases(said: list[tuple[dt.date, int, str, str]]) -> Chases:
    """The chases among a task's (day, id, kind, text) events read by late_tasks."""
    days = [on for on, _pk, kind, _text in said if kind == Kind.CHASED]
    return Chases(len(days), max(days)) if days else Chases()


def _lateness_reason(text: str) -> str:
    for line in reversed(text.splitlines()):
        for prefix in LATENESS_PREFIXES:
            if line.startswith(prefix):
                return line.removeprefix(prefix).strip()
    return ""


def late_tasks(query: StatsQuery) -> list[LateTask]:
    """The report's tasks done late and those overdue on its day (the period's and the carried
    over, not the cancelled), the overdue first, each group the latest first. A few queries
    whatever their number: the tasks, their events up to the day, their lead units."""
    ids = set(figure_tasks(query, "report", "late").values_list("pk", flat=True))
    ids |= set(figure_tasks(query, "report", "overdue").values_list("pk", flat=True))
    tasks = list(Task.objects.filter(pk__in=ids).select_related("assigner", "document"))
    day = query.as_of
    histories = load_histories(tasks, until=day)
    texts: dict[int, list[tuple[dt.date, int, str, str]]] = defaultdict(list)
    events = TaskEvent.objects.filter(
        task__in=ids,
        effective_on__lte=day,
        kind__in=[Kind.COMPLETION_REPORTED, Kind.CHASED, *REASON_KINDS],
    ).values_list("task_id", "effective_on", "id", "kind", "text")
    for task_id, on, pk, kind, text in events:
        texts[task_id].append((on, pk, kind, text))
    classified = {
        t.pk: classify(histories[t.pk], day, due_soon_days=due_soon_days()) for t in tasks
    }
    units = Unit.objects.in_bulk({c.state.lead_unit for c in classified.values()})
    found = []
    for task in tasks:
        c = classified[task.pk]
        said = sorted(texts.get(task.pk, []))
        completed_on = c.state.completed_on
        if completed_on is not None and c.completion_deadline is not None:
            deadline = c.completion_deadline
            days = (completed_on - deadline).days
            reports = [
                t for on, _pk, k, t in said if k == Kind.COMPLETION_REPORTED and on == completed_on
            ]
            reason = _lateness_reason(reports[-1]) if reports else ""
        elif c.state.deadline is not None:
            deadline, days, completed_on = c.state.deadline, c.days_overdue, None
            reasons = [t for _on, _pk, k, t in said if k in REASON_KINDS and t.strip()]
            reason = reasons[-1].strip() if reasons else ""
        else:  # not late on the day after all (cannot happen: the classes say so)
            continue
        found.append(
            LateTask(
                task=task,
                lead_unit=units[c.state.lead_unit],
                deadline=deadline,
                completed_on=completed_on,
                days=days,
                reason=reason,
                carried_over=task.assigned_on < query.start,
                chases=_chases(said),
            )
        )
    return sorted(found, key=lambda t: (not t.overdue, -t.days, -t.task.pk))
