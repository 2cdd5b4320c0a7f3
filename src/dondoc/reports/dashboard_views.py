"""The dashboard of an assigner: its figures in a period as of a day, by unit, month by month,
the units ranked, the key tasks and the carried over, each number a link to its tasks.

Every number is read once, by reports.selectors.report; this module only lays them out and says
where each leads (reports.links.figure_url with the query of the row, month or block it is in).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.accounts.models import User
from dondoc.organisations.access import scope_root
from dondoc.organisations.models import Unit
from dondoc.reports.forms import ReportForm
from dondoc.reports.links import figure_url, report_params
from dondoc.reports.selectors import Report, UnitRow, report
from dondoc.tasks.access import check_stats_scope
from dondoc.tasks.figures import BY_KEY, REPORT_ROWS, Figure, Figures
from dondoc.tasks.stats import StatsQuery

# The parts of a bar, in the order they stack: done (ahead, on time, late), then open (within,
# overdue), then the tasks without a deadline, done and open as two parts of their own so that
# each part is one figure and links to exactly its tasks. Colours: greens for done in time, orange
# for done late, blue for open within, red for overdue, greys for no deadline.
SERIES: tuple[tuple[str, str | Promise, str], ...] = (
    ("ahead", _("Hoàn thành trước hạn"), "#146c43"),
    ("on_time", _("Hoàn thành đúng hạn"), "#5cb85c"),
    ("late", _("Hoàn thành quá hạn"), "#fd7e14"),
    ("completed_no_deadline", _("Hoàn thành, không có hạn"), "#6c757d"),
    ("within", _("Đang thực hiện trong hạn"), "#0d6efd"),
    ("overdue", _("Đang thực hiện quá hạn"), "#dc3545"),
    ("open_no_deadline", _("Đang thực hiện, không có hạn"), "#adb5bd"),
)


@dataclass(frozen=True)
class Cell:
    """One number of the page and the task list behind it."""

    figure: Figure
    value: int
    url: str


@dataclass(frozen=True)
class Group:
    """A heading figure (assigned, completed, open, cancelled) and its parts."""

    head: Cell
    parts: list[Cell]


def cell(figures: Figures, query: StatsQuery, key: str, block: str = "period") -> Cell:
    figure = BY_KEY[key]
    return Cell(figure, figure.value(figures, block) or 0, figure_url(query, block, key))


def groups(figures: Figures, query: StatsQuery, block: str = "period") -> list[Group]:
    """The figures of one block in the catalogue's order, each part under its heading."""
    found: list[Group] = []
    for figure in REPORT_ROWS:
        if figure.value(figures, block) is None:
            continue
        if figure.level == 0:
            found.append(Group(cell(figures, query, figure.key, block), []))
        else:
            found[-1].parts.append(cell(figures, query, figure.key, block))
    return found


@dataclass(frozen=True)
class Bars:
    """A stacked bar chart and its table: one row per bar, one cell per part."""

    rows: list[tuple[str, Cell, list[Cell]]]  # the bar's label, its total, its parts

    def chart_data(self) -> dict[str, Any]:
        return {
            "labels": [label for label, _total, _parts in self.rows],
            "series": [
                {
                    "key": key,
                    "label": str(label),
                    "color": color,
                    "data": [parts[i].value for _label, _total, parts in self.rows],
                    "links": [parts[i].url for _label, _total, parts in self.rows],
                }
                for i, (key, label, color) in enumerate(SERIES)
            ],
        }


def bars(rows: list[tuple[str, Figures, StatsQuery]]) -> Bars:
    return Bars(
        [
            (
                label,
                cell(figures, query, "all"),
                [cell(figures, query, key) for key, _label, _colour in SERIES],
            )
            for label, figures, query in rows
        ]
    )


@dataclass(frozen=True)
class LeagueRow:
    rank: int
    row: UnitRow
    cells: dict[str, Cell]  # ahead, on_time, late, overdue (the period's), carried_overdue


def league(found: Report) -> list[LeagueRow]:
    ranked = []
    for rank, row in enumerate(found.league(), start=1):
        query = replace(found.query, unit=row.unit)
        cells = {key: cell(row.figures, query, key) for key in ("ahead", "on_time", "late")}
        cells["overdue"] = cell(row.figures, query, "overdue")
        cells["carried_overdue"] = cell(row.figures, query, "overdue", "carried_over")
        ranked.append(LeagueRow(rank, row, cells))
    return ranked


def dashboard_context(query: StatsQuery) -> dict[str, Any]:
    """What the dashboard shows of `query` (also the start page of the office and leaders)."""
    found = report(query)
    key_query = replace(query, key_only=True)
    units = bars(
        [(row.unit.short_name, row.figures, replace(query, unit=row.unit)) for row in found.units]
    )
    months = bars(
        [
            (
                f"{month.start:%m/%Y}",
                month.figures,
                replace(query, start=month.start, end=month.end),
            )
            for month in found.months
        ]
    )
    figures = found.figures
    return {
        "query": query,
        "report": found,
        "report_params": report_params(query),
        "narrative": found.narrative(),
        "groups": groups(figures, query),
        "carried": groups(figures, query, "carried_over"),
        "carried_total": figures.carried_over.assigned,
        "key_groups": groups(found.key, key_query),
        "key_total": found.key.period.assigned + found.key.carried_over.assigned,
        "unit_bars": units,
        "month_bars": months,
        "league": league(found),
        "chart_data": {"units": units.chart_data(), "months": months.chart_data()},
        "series": [(key, label) for key, label, _colour in SERIES],
    }


def default_assigner(user: User) -> Unit | None:
    """Whose assignments a user's dashboard opens on: their scope's top (the committee of the
    office and leaders, a unit head's own unit), the root unit for an administrator."""
    root = scope_root(user)
    if root is not None:
        return root
    return Unit.objects.filter(parent=None).order_by("path").first()


def dashboard_form(user: User, params: QueryDict) -> ReportForm:
    if params:
        return ReportForm(params, user=user)
    assigner = default_assigner(user)
    return ReportForm(ReportForm.initial_for(assigner.code if assigner else ""), user=user)


def dashboard_page(
    request: AuthenticatedRequest, template: str, params: QueryDict, **extra: Any
) -> HttpResponse:
    """The dashboard of `params` (the default one when empty) drawn with `template`."""
    form = dashboard_form(request.user, params)
    if refusal := form.refusal():
        raise PermissionDenied(refusal)
    context: dict[str, Any] = {"form": form, **extra}
    if form.is_valid():
        query = form.query()
        check_stats_scope(request.user, assigner=query.assigner, unit=query.unit)
        context |= dashboard_context(query)
    return render(request, template, context)


def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """GET /bao-cao/: the dashboard of the assigner, unit and period asked for."""
    return dashboard_page(request, "reports/dashboard.html", request.GET)
