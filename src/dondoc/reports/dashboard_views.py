"""The dashboard of an assigner: its figures in a period as of a day, by unit, month by month,
the units ranked, the key tasks and the carried over, each number a link to its tasks.

Every number is read once, by reports.selectors.report; this module only lays them out and says
where each leads (reports.links.figure_url with the query of the row, month or block it is in).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from html import escape
from typing import Any
from urllib.parse import quote_plus

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.accounts.models import User
from dondoc.organisations.access import scope_root
from dondoc.organisations.models import Unit
from dondoc.reports.forms import ReportForm
from dondoc.reports.links import figures_base, report_params
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


@dataclass(slots=True)  # not frozen: a page makes some thousands, and a frozen one is slower
class Cell:
    """One number of the page and the task list behind it."""

    figure: Figure
    value: int
    url: str
    href: str = ""  # `url` escaped for an HTML attribute (Links makes it once per query)

    def td(self) -> SafeString:
        """The number as a table's cell. Written out here, not by the template language nor
        format_html: a page holds hundreds of them, and escaping each piece again took most of
        the page's time. The pieces are safe: `href` is escaped, the key a catalogue name and
        the value an int."""
        return SafeString(
            f'<td class="text-end"><a href="{self.href or escape(self.url)}" '
            f'data-series="{self.figure.key}">'
            f"{self.value:d}</a></td>"
        )


def tds(cells: list[Cell]) -> SafeString:
    return SafeString("".join([cell.td() for cell in cells]))


@dataclass(frozen=True)
class Group:
    """A heading figure (assigned, completed, open, cancelled) and its parts."""

    head: Cell
    parts: list[Cell]


class Links:
    """links.figure_url for the many numbers of one page, each query's part made once: the
    figure's name comes last, and a page of hundreds of links would otherwise spend most of its
    time encoding (and escaping) the same parameters again."""

    def __init__(self) -> None:
        # By the query object: a page asks for each row's query again for each of its numbers,
        # and hashing a query (its units, its dates) cost more than the link.
        self.bases: dict[int, tuple[StatsQuery, str, str]] = {}
        self.path = reverse("tasks:list")

    def base(self, query: StatsQuery) -> str:
        """The links of `query`'s figures up to the figure's name."""
        return self._base(query)[0]

    def _base(self, query: StatsQuery) -> tuple[str, str]:
        """The query's link up to its figure's name, as is and escaped for HTML: what
        figure_url writes before the figure's name."""
        known = self.bases.get(id(query))
        if known is None or known[0] is not query:
            url = figures_base(query, self.path)
            known = self.bases[id(query)] = (query, url, escape(url))
        return known[1], known[2]

    def url(self, query: StatsQuery, block: str, key: str) -> str:
        """Exactly figure_url(query, block, key)."""
        return self._base(query)[0] + _figure_part(block, key)

    def cell(self, figures: Figures, query: StatsQuery, key: str, block: str = "period") -> Cell:
        figure = BY_KEY[key]
        url, href = self._base(query)
        part = _figure_part(block, key)
        return Cell(figure, figure.value(figures, block) or 0, url + part, href + part)


@cache
def _figure_part(block: str, key: str) -> str:
    """The last parameter's value of a figure's link (safe in HTML as it is: letters, digits,
    "_" and the encoded ":")."""
    return quote_plus(f"{block}:{key}")


def groups(links: Links, figures: Figures, query: StatsQuery, block: str = "period") -> list[Group]:
    """The figures of one block in the catalogue's order, each part under its heading."""
    found: list[Group] = []
    for figure in REPORT_ROWS:
        if figure.value(figures, block) is None:
            continue
        if figure.level == 0:
            found.append(Group(links.cell(figures, query, figure.key, block), []))
        else:
            found[-1].parts.append(links.cell(figures, query, figure.key, block))
    return found


@dataclass(frozen=True)
class Bar:
    label: str
    total: Cell  # the tasks assigned
    parts: list[Cell]  # one per SERIES
    base: str  # the links of this bar's figures up to the figure's name (Links)

    def html(self) -> SafeString:
        """The bar's row of its table (written here for the reason Cell.td says)."""
        return SafeString(
            f'<tr><th scope="row">{escape(self.label)}</th>{tds([self.total, *self.parts])}</tr>'
        )


@dataclass(frozen=True)
class Bars:
    """A stacked bar chart and its table: one row per bar, one cell per part."""

    rows: list[Bar]

    def chart_data(self) -> dict[str, Any]:
        """What dashboard.js draws: a part's link is its bar's `bases` entry followed by its
        series' `part` (as Links makes them), so the page does not carry every link twice."""
        return {
            "labels": [bar.label for bar in self.rows],
            "bases": [bar.base for bar in self.rows],
            "series": [
                {
                    "key": key,
                    "label": str(label),
                    "color": color,
                    "part": _figure_part("period", key),
                    "data": [bar.parts[i].value for bar in self.rows],
                }
                for i, (key, label, color) in enumerate(SERIES)
            ],
        }


def bars(links: Links, rows: list[tuple[str, Figures, StatsQuery]]) -> Bars:
    return Bars(
        [
            Bar(
                label,
                links.cell(figures, query, "all"),
                [links.cell(figures, query, key) for key, _label, _colour in SERIES],
                links.base(query),
            )
            for label, figures, query in rows
        ]
    )


LEAGUE_KEYS = ("ahead", "on_time", "late", "overdue")


@dataclass(frozen=True)
class LeagueRow:
    rank: int
    row: UnitRow
    cells: list[Cell]  # ahead, on_time, late, overdue (the period's), carried over overdue

    def html(self) -> SafeString:
        """The row of the table (written here for the reason Cell.td says)."""
        percent = self.row.on_time_percent
        share = "—" if percent is None else f"{percent:d}%"
        return SafeString(
            f'<tr><td>{self.rank:d}</td><th scope="row">{escape(self.row.unit.short_name)}</th>'
            f'<td class="text-end">{share}</td>{tds(self.cells)}</tr>'
        )


def league(links: Links, found: Report) -> list[LeagueRow]:
    ranked = []
    for rank, row in enumerate(found.league(), start=1):
        query = row.query
        cells = [links.cell(row.figures, query, key) for key in LEAGUE_KEYS]
        cells.append(links.cell(row.figures, query, "overdue", "carried_over"))
        ranked.append(LeagueRow(rank, row, cells))
    return ranked


def dashboard_context(query: StatsQuery) -> dict[str, Any]:
    """What the dashboard shows of `query` (also the start page of the office and leaders)."""
    found = report(query)
    links = Links()
    key_query = replace(query, key_only=True)
    units = bars(
        links,
        [(row.unit.short_name, row.figures, row.query) for row in found.units],
    )
    months = bars(
        links,
        [
            (
                f"{month.start:%m/%Y}",
                month.figures,
                replace(query, start=month.start, end=month.end),
            )
            for month in found.months
        ],
    )
    figures = found.figures
    return {
        "query": query,
        "report": found,
        "report_params": report_params(query),
        "narrative": found.narrative(),
        "groups": groups(links, figures, query),
        "carried": groups(links, figures, query, "carried_over"),
        "carried_total": figures.carried_over.assigned,
        "key_groups": groups(links, found.key, key_query),
        "any_key": bool(found.key.period.assigned),
        "unit_bars": units,
        "month_bars": months,
        "league": league(links, found),
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
    """The dashboard's parameters; what is not given is the default (the user's assigner, this
    year as of today), so an address naming only a period opens that period of their own."""
    assigner = default_assigner(user)
    defaults = ReportForm.initial_for(assigner.code if assigner else "")
    if not params:
        return ReportForm(defaults, user=user)
    data = params.copy()
    for name in ("giao", "ky"):
        if name not in data:
            data[name] = defaults[name]
    return ReportForm(data, user=user)


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
