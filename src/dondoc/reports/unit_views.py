"""A unit's pages: its start page (what waits for it today, its figures this year) and its page
of figures for each assigner it answers to, as of a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.accounts.models import Role, User
from dondoc.core.dates import today
from dondoc.core.forms import Form, SubmissionField, TextField, add_service_errors
from dondoc.core.paging import paginate
from dondoc.core.submissions import Resubmitted
from dondoc.core.text import EVENT_TEXT_LIMIT
from dondoc.organisations.access import can_view_unit, get_unit_for_user, scope_root
from dondoc.organisations.models import Unit
from dondoc.organisations.selectors import subunits, successors
from dondoc.reports.links import figure_url, report_params
from dondoc.reports.page_forms import PeriodForm
from dondoc.reports.selectors import Report, late_tasks, report, reports_of
from dondoc.tasks import services
from dondoc.tasks.access import assigner_units, check_stats_scope
from dondoc.tasks.figures import REPORT_ROWS, Figure
from dondoc.tasks.filters import EXTENSION_REQUESTED, RETURNED, pending_q
from dondoc.tasks.models import Task, TaskEvent
from dondoc.tasks.rules import Kind
from dondoc.tasks.selectors import overdue_for_chase
from dondoc.tasks.stats import StatsQuery, due_soon_days, spans_led_by

# The trend's columns: a month's tasks by class on the day; the classes after "all" are its
# parts (RULES.md: completed ahead, on time, late or without a deadline; open within deadline,
# overdue or without one), so a row adds up to its "all".
TREND_KEYS = (
    "all",
    "ahead",
    "on_time",
    "late",
    "completed_no_deadline",
    "within",
    "overdue",
    "open_no_deadline",
)
# The start page's figures: the total, then each heading followed by its parts.
HEADLINE_KEYS = (
    "all",
    "completed",
    "ahead",
    "on_time",
    "late",
    "completed_no_deadline",
    "open",
    "within",
    "overdue",
    "open_no_deadline",
)
DECISIONS = (Kind.EXTENSION_APPROVED, Kind.EXTENSION_REFUSED)


@dataclass(frozen=True)
class Cell:
    figure: Figure
    value: int | None
    url: str


@dataclass(frozen=True)
class ColumnGroup:
    """A table's columns under one heading: a heading of the catalogue (its total, when it is
    among the columns, then its parts), or a figure standing alone (the total assigned)."""

    heading: Figure
    columns: tuple[Figure, ...]

    @property
    def alone(self) -> bool:
        return self.columns == (self.heading,)


def _headings() -> dict[str, Figure]:
    """Each figure's heading: the catalogue's last level-0 figure at or above it."""
    headings: dict[str, Figure] = {}
    heading = REPORT_ROWS[0]
    for figure in REPORT_ROWS:
        heading = figure if figure.level == 0 else heading
        headings[figure.key] = heading
    return headings


def column_groups(keys: tuple[str, ...]) -> list[ColumnGroup]:
    """The columns `keys` (in their order, as figure_cells gives the cells) grouped under their
    heading, for a table's two header rows."""
    headings = _headings()
    by_key = {figure.key: figure for figure in REPORT_ROWS}
    groups: list[ColumnGroup] = []
    for key in keys:
        heading = headings[key]
        if groups and groups[-1].heading is heading:
            groups[-1] = ColumnGroup(heading, (*groups[-1].columns, by_key[key]))
        else:
            groups.append(ColumnGroup(heading, (by_key[key],)))
    return groups


def figure_cells(query: StatsQuery, figures: Any, block: str, keys: tuple[str, ...]) -> list[Cell]:
    """The figures `keys` of one block of a report, each with the list of its tasks."""
    by_key = {figure.key: figure for figure in REPORT_ROWS}
    return [
        Cell(by_key[key], by_key[key].value(figures, block), figure_url(query, block, key))
        for key in keys
    ]


def table_rows(query: StatsQuery, figures: Any) -> list[tuple[Figure, Cell, Cell | None]]:
    """A report table's rows (the catalogue's, figures.REPORT_ROWS): each figure in the period
    and in the carried over, with their lists."""
    rows = []
    for figure in REPORT_ROWS:
        period = Cell(
            figure, figure.value(figures, "period"), figure_url(query, "period", figure.key)
        )
        carried_value = figure.value(figures, "carried_over")
        carried = (
            None
            if carried_value is None
            else Cell(figure, carried_value, figure_url(query, "carried_over", figure.key))
        )
        rows.append((figure, period, carried))
    return rows


def assigners_of(unit: Unit, end: dt.date, as_of: dt.date) -> list[Unit]:
    """The assigners `unit` answers to on `as_of`: those of the tasks it (or a unit under it)
    led on that day, assigned by the end of the period; one grouped read of the day's spans
    (stats.spans_led_by). Not the unit itself nor its sub-units (its own assignments)."""
    found = (
        spans_led_by(unit, as_of)
        .filter(assigned_on__lte=min(end, as_of))
        .values("assigner_id")
        .distinct()
        .order_by()
    )
    units = Unit.objects.filter(pk__in=found).order_by("path")
    return [assigner for assigner in units if not assigner.is_within(unit)]


def _empty(item: Report) -> bool:
    figures = item.figures
    return not (figures.period.assigned or figures.cancelled or figures.carried_over.assigned)


def _ended(request: AuthenticatedRequest, unit: Unit, day: dt.date) -> dict[str, Any] | None:
    """Whom an ended unit's open tasks went to (as the unit's inbox says it), None if it has not."""
    if unit.valid_to is None or unit.valid_to >= day:
        return None
    return {"heirs": [(heir, can_view_unit(request.user, heir)) for heir in successors(unit)]}


def _last_day(unit: Unit) -> dt.date:
    """The day a unit's pages open on: today, or its last day if it has ended."""
    day = today()
    return unit.valid_to if unit.valid_to is not None and unit.valid_to < day else day


# --- The start page ---------------------------------------------------------------------------


def _list_url(unit: Unit, day: dt.date, **params: str) -> str:
    query = {"chu_tri": unit.code, "ngay": f"{day:%d/%m/%Y}", **params}
    return f"{reverse('tasks:list')}?{urlencode(query)}"


def waiting(unit: Unit, day: dt.date) -> list[dict[str, Any]]:
    """What waits for `unit` on `day` (today), each count with the task list of exactly those
    tasks: the classes on the day read from the day's spans of the tasks it leads
    (stats.spans_led_by, as the list's lead-unit filter reads them: chu_tri + trang_thai), and
    what waits on those tasks today as the list's `cho` filter reads it (filters.pending_q)."""
    window = due_soon_days()
    by_class = (
        ("overdue", _("Quá hạn"), "danger"),
        ("due_soon", _("Sắp đến hạn (trong %(n)s ngày tới)") % {"n": window}, "warning"),
        ("awaiting_confirmation", _("Đã báo cáo hoàn thành, chờ xác nhận"), "info"),
    )
    pending = (
        (RETURNED, _("Bị trả lại, chưa báo cáo lại"), "danger"),
        (EXTENSION_REQUESTED, _("Đề nghị gia hạn, chờ quyết định"), "info"),
    )
    items: dict[str, dict[str, Any]] = {}
    for key, label, style in by_class:
        count = spans_led_by(unit, day, key).count()
        url = _list_url(unit, day, trang_thai=key)
        items[key] = {"label": label, "count": count, "style": style, "url": url}
    led = Task.objects.filter(pk__in=spans_led_by(unit, day).values("task_id"))
    for key, label, style in pending:
        count = led.filter(pending_q(key)).count()
        url = _list_url(unit, day, cho=key)
        items[key] = {"label": label, "count": count, "style": style, "url": url}
    order = ("overdue", "due_soon", RETURNED, "awaiting_confirmation", EXTENSION_REQUESTED)
    return [items[key] for key in order]


def unit_home(request: AuthenticatedRequest) -> HttpResponse:
    """The start page of a unit's head or officer: what waits for the unit today, and its own
    figures this year for each assigner it answers to. An ended unit: its last year, as of its
    last day, with whom its tasks went to. Other roles: who the user is (their own home page is
    drawn elsewhere)."""
    scope = scope_root(request.user)
    day = today()
    user = request.user
    if user.role not in (Role.UNIT_HEAD, Role.UNIT_OFFICER) or scope is None:
        size = subunits(scope, as_of=day, include_self=False).count() if scope else None
        return render(request, "home.html", {"today": day, "scope": scope, "scope_size": size})
    unit = scope
    ended = _ended(request, unit, day)
    as_of = _last_day(unit)
    start, end = dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31)
    queries = [
        StatsQuery(assigner, start, end, as_of, unit=unit)
        for assigner in assigners_of(unit, end, as_of)
    ]
    headlines = [
        {
            "report": item,
            "cells": figure_cells(item.query, item.figures, "period", HEADLINE_KEYS),
            "carried": item.figures.carried_over,
            "carried_url": figure_url(item.query, "carried_over", "open"),
            "carried_overdue_url": figure_url(item.query, "carried_over", "overdue"),
        }
        for item in reports_of(queries)
        if not _empty(item)
    ]
    page_params = urlencode({"ky": "nam", "nam": str(as_of.year), "ngay": f"{as_of:%d/%m/%Y}"})
    context = {
        "today": day,
        "unit": unit,
        "ended": ended,
        "as_of": as_of,
        "year": as_of.year,
        "waiting": None if ended else waiting(unit, day),
        "headlines": headlines,
        "headline_groups": column_groups(HEADLINE_KEYS),
        "unit_url": f"{reverse('reports:unit', args=[unit.code])}?{page_params}",
    }
    return render(request, "reports/unit_home.html", context)


# --- A unit's page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtensionRow:
    task: Task
    requested_on: dt.date
    deadline: dt.date | None  # the deadline asked for
    reason: str
    decision: str  # Kind value of the decision, "" while undecided on the day
    decided_on: dt.date | None
    decision_note: str
    granted: dt.date | None  # the deadline approved


def extension_history(
    unit: Unit, assigners: list[Unit], start: dt.date, end: dt.date, as_of: dt.date
) -> list[ExtensionRow]:
    """The extension requests made in the period (up to the day) on the tasks `unit` led on the
    day for `assigners`, with their decisions up to the day: two queries."""
    led = spans_led_by(unit, as_of).filter(assigner__in=[a.pk for a in assigners])
    requests = list(
        TaskEvent.objects.filter(
            task_id__in=led.values("task_id"),
            kind=Kind.EXTENSION_REQUESTED,
            effective_on__gte=start,
            effective_on__lte=min(end, as_of),
        )
        .select_related("task")
        .order_by("-effective_on", "-id")
    )
    decisions = {
        event.refers_to_id: event
        for event in TaskEvent.objects.filter(
            refers_to__in=[r.pk for r in requests], kind__in=DECISIONS, effective_on__lte=as_of
        )
    }
    rows = []
    for request in requests:
        decision = decisions.get(request.pk)
        rows.append(
            ExtensionRow(
                task=request.task,
                requested_on=request.effective_on,
                deadline=request.deadline,
                reason=request.text.strip(),
                decision=decision.kind if decision else "",
                decided_on=decision.effective_on if decision else None,
                decision_note=decision.text.strip() if decision else "",
                granted=decision.deadline if decision else None,
            )
        )
    return rows


LATE_SHOWN = 20  # a page's late tasks: the first ones, then a link to the whole list


def late_block(query: StatsQuery) -> dict[str, Any]:
    """A report's late tasks as a page shows them: the first LATE_SHOWN (the most overdue
    first), how many there are, and the task list of all of them (`tk_nhom=report:late_or_overdue`:
    completed late or overdue on the day, the period's and the carried over)."""
    late = late_tasks(query)
    return {
        "late": late[:LATE_SHOWN],
        "late_count": len(late),
        "late_url": figure_url(query, "report", "late_or_overdue"),
    }


def report_block(query: StatsQuery, item: Report | None = None) -> dict[str, Any]:
    """What a page shows of one report: its table, paragraph, late tasks and trend, with links."""
    item = item or report(query)
    months: list[dict[str, Any]] = [
        {
            "row": month,
            "cells": figure_cells(
                replace(query, start=month.start, end=month.end),
                month.figures,
                "period",
                TREND_KEYS,
            ),
        }
        for month in item.months
    ]
    return {
        "report": item,
        "query": query,
        "rows": table_rows(query, item.figures),
        "key_rows": table_rows(replace(query, key_only=True), item.key),
        "narrative": item.narrative(),
        "report_params": report_params(query),  # its files' links (reports/_export_links.html)
        **late_block(query),
        "months": months,
        "trend_groups": column_groups(TREND_KEYS),
    }


def unit_page(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """A unit's figures as of a day, for each assigner it answers to (or the one asked for)."""
    unit = get_unit_for_user(request.user, code)
    form = PeriodForm(
        PeriodForm.params(request.GET, _last_day(unit)), user=request.user, assigner=True
    )
    if refusal := form.refusal():
        raise PermissionDenied(refusal)
    context: dict[str, Any] = {"unit": unit, "form": form, "ended": _ended(request, unit, today())}
    if form.is_valid():
        data = form.cleaned_data
        start, end, as_of = data["tu"], data["den"], data["ngay"]
        chosen = data.get("giao")
        assigners = [chosen] if chosen else assigners_of(unit, end, as_of)
        for assigner in assigners:
            check_stats_scope(request.user, assigner=assigner, unit=unit)
        queries = [StatsQuery(assigner, start, end, as_of, unit=unit) for assigner in assigners]
        reports = [item for item in reports_of(queries) if chosen or not _empty(item)]
        history = extension_history(unit, assigners, start, end, as_of)
        chasing_for = assigner_units(request.user)  # who may chase, for these assigners
        context |= {
            "start": start,
            "end": end,
            "as_of": as_of,
            "blocks": [
                {
                    **report_block(item.query, item),
                    "may_chase": item.query.assigner in chasing_for,
                }
                for item in reports
            ],
            "history": paginate(history, request.GET, default_size=20),
            "history_count": len(history),
            "approved": Kind.EXTENSION_APPROVED.value,
            "refused": Kind.EXTENSION_REFUSED.value,
        }
    return render(request, "reports/unit.html", context)


# --- Chasing every overdue task of a unit -------------------------------------------------------

CHASE_LISTED = 50  # the confirmation lists the first ones (the most overdue first), then a count


class ChaseAllForm(Form):
    submission = SubmissionField()
    text = TextField(
        label=gettext_lazy("Nội dung đôn đốc"),
        limit=EVENT_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Được ghi vào diễn biến của từng nhiệm vụ và gửi tới đơn vị chủ trì."
        ),
    )


def chase_assigner(user: User) -> Unit:
    """The assigner whose tasks `user` chases: the unit they assign for (its office and leaders
    for a committee, its head for another unit), one that exists today; 403 otherwise."""
    units = assigner_units(user)
    if not units:
        raise PermissionDenied(
            _(
                "Chỉ Văn phòng, lãnh đạo cơ quan giao nhiệm vụ hoặc thủ trưởng đơn vị giao nhiệm vụ được đôn đốc."
            )
        )
    return units[0]


@require_http_methods(["GET", "POST"])
def unit_chase(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Chase (đôn đốc) every task the user's assigner gave the unit that is overdue today, with
    one text: the page shows how many and which, then the service records them all or none."""
    unit = get_unit_for_user(request.user, code)
    assigner = chase_assigner(request.user)
    day = today()
    overdue = overdue_for_chase(assigner=assigner, unit=unit, on=day)
    tasks = list(overdue.select_related("current_lead_unit").order_by("current_deadline", "pk"))
    form = ChaseAllForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            chased = services.chase_overdue(
                assigner=assigner,
                unit=unit,
                text=form.cleaned_data["text"],
                actor=request.user,
                on=day,
                submission=form.cleaned_data["submission"],
            )
        except Resubmitted:
            messages.info(request, _("Biểu mẫu này đã được gửi và ghi nhận trước đó; không ghi thêm."))  # fmt: skip
            return redirect("reports:unit", code=unit.code)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Đã đôn đốc %(n)s nhiệm vụ quá hạn của %(unit)s.",
                    "Đã đôn đốc %(n)s nhiệm vụ quá hạn của %(unit)s.",
                    len(chased),
                )
                % {"n": len(chased), "unit": unit.short_name},
            )
            return redirect("reports:unit", code=unit.code)
    context = {
        "unit": unit,
        "assigner": assigner,
        "today": day,
        "count": len(tasks),
        "tasks": tasks[:CHASE_LISTED],
        "form": form,
    }
    return render(request, "reports/unit_chase.html", context)
