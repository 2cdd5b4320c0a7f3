"""The floor we measure ourselves against: the figures of stats.py written as one hand-written SQL
statement each, over the same tables, the fastest we know how to write (both blocks of a report in
one scan, counts by conditional aggregation). The benchmark checks that both give the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection

from dondoc.tasks.figures import REPORT_ROWS
from dondoc.tasks.rules import Block
from dondoc.tasks.stats import due_soon_days

# One row per (lead unit, block): block 0 is the period (cancelled counted apart), 1 carried over;
# then a count per figure, in the order of the catalogue (figures.REPORT_ROWS).
_SQL = """
SELECT s.lead_unit_id,
       CASE WHEN s.assigned_on >= %(start)s THEN 0 ELSE 1 END AS block,
       SUM(CASE WHEN s.phase < 9 THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.phase BETWEEN 1 AND 4 THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.phase = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.phase = 2 THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.phase = 3 THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.phase = 4 THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.phase = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.phase = 0 AND s.deadline >= %(as_of)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.phase = 0 AND s.deadline BETWEEN %(as_of)s AND %(soon)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.phase = 0 AND s.deadline < %(as_of)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.phase = 0 AND s.deadline IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.phase = 0 AND s.awaiting THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.phase = 9 THEN 1 ELSE 0 END)
FROM tasks_taskspan s
WHERE s.assigner_id = %(assigner)s
  AND s.valid_from <= %(as_of)s AND s.valid_to > %(as_of)s
  AND s.assigned_on <= %(last)s
  {units}
  AND (s.assigned_on >= %(start)s
       OR (s.phase < 9 AND s.task_id IN (
             SELECT p.task_id FROM tasks_taskspan p
             WHERE p.assigner_id = %(assigner)s AND p.phase = 0
               AND p.valid_to > %(before)s AND p.valid_from <= %(before)s
               AND p.assigned_on < %(start)s)))
GROUP BY s.lead_unit_id, CASE WHEN s.assigned_on >= %(start)s THEN 0 ELSE 1 END
"""


def raw_figures(
    assigner: int,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    units: Sequence[int] | None = None,
) -> dict[int, dict[str, Any]]:
    """Figures per lead unit (as of R) in the RULES.md shape, from one statement."""
    params: dict[str, Any] = {
        "assigner": assigner,
        "start": start,
        "before": start - dt.timedelta(days=1),
        "as_of": as_of,
        "last": min(end, as_of),
        "soon": as_of + dt.timedelta(days=due_soon_days()),
    }
    clause = ""
    if units is not None:
        marks = ", ".join(f"%(u{i})s" for i in range(len(units)))
        clause = f"AND s.lead_unit_id IN ({marks})"
        params.update({f"u{i}": unit for i, unit in enumerate(units)})
    with connection.cursor() as cursor:
        cursor.execute(_SQL.format(units=clause), params)
        rows = cursor.fetchall()
    out: dict[int, dict[str, Any]] = {}
    for lead, block, *counts in rows:
        figures = out.setdefault(lead, {"period": _empty(), "carried_over": _empty()})
        tally = figures["period" if block == 0 else "carried_over"]
        for figure, value in zip(REPORT_ROWS, counts, strict=True):
            if block == 0 or figure.in_blocks:
                _put(tally, figure.path or (), int(value or 0))
    return out


def _put(figures: dict[str, Any], path: tuple[str, ...], value: int) -> None:
    *parents, name = path
    for key in parents:
        figures = figures[key]
    figures[name] = value


def _empty() -> dict[str, Any]:
    return {**Block().as_json(), "cancelled": 0}


def as_report(figures: dict[str, Any]) -> dict[str, Any]:
    """Raw figures of one unit in the shape stats.py gives (without the labels)."""
    period, carried = dict(figures["period"]), dict(figures["carried_over"])
    carried.pop("cancelled")
    return {**period, "carried_over": carried}


def total(per_unit: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The figures of several lead units added up (a unit and its sub-units)."""
    sum_: dict[str, Any] = {"period": _empty(), "carried_over": _empty()}
    for figures in per_unit.values():
        for block in ("period", "carried_over"):
            _add(sum_[block], figures[block])
    return sum_


def _add(into: dict[str, Any], more: dict[str, Any]) -> None:
    for key, value in more.items():
        if isinstance(value, dict):
            _add(into[key], value)
        else:
            into[key] += value
