"""The task list as one read: which tasks a list's parameters ask for, in which order.

`task_listing` takes plain parameters (a page's query string, an API request's, a dashboard's
link), so the list page, its export and later the API and the dashboards give the same tasks for
the same parameters. It reads:

- the filters of `filters.TaskFilter` (search `q`, assigner, lead and coordinating units, …);
- `ngay`, the day the statuses are read on (default today, or the figure's day);
- `trang_thai`, a class on that day (`figures.CLASS_CHOICES`), by the counting rules;
- `tk_*`, the parameters of a report and `tk_nhom` = "block:figure": the tasks behind one figure
  of the figures page (`stats.figure_tasks`);
- `sap_xep`, the order (`SORTS`);

and shows only the tasks the user may see (`access.visible_tasks`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, OrderBy, Q, QuerySet
from django.utils.translation import gettext as _

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.core.forms import DayField
from dondoc.tasks.access import assigned_in_scope, check_stats_scope, visible_tasks
from dondoc.tasks.figures import CLASS_CHOICES, REPORT_ROWS
from dondoc.tasks.filters import TaskFilter
from dondoc.tasks.models import Task
from dondoc.tasks.search import words
from dondoc.tasks.stats import FIGURE_BLOCKS, figure_tasks, tasks_in_class
from dondoc.tasks.stats_form import PREFIX, StatsForm

# Tasks without a deadline come last in either order of deadlines: "nearest deadline" means
# the ones that have one.
SORTS: dict[str, tuple[OrderBy | str, ...]] = {
    "han": (F("current_deadline").asc(nulls_last=True), "id"),
    "-han": (F("current_deadline").desc(nulls_last=True), "-id"),
    "giao": ("assigned_on", "id"),
    "-giao": ("-assigned_on", "-id"),
}
DEFAULT_SORT = "-giao"
# A figure of a report, or a class a report's page lists whole (a report's late tasks).
FIGURE_NAMES = {figure.key for figure in REPORT_ROWS} | {"late_or_overdue"}


@dataclass(frozen=True)
class Listing:
    """The tasks a list's parameters ask for, with what the page needs to draw its form."""

    tasks: QuerySet[Task]  # ordered; none when there are errors
    filters: TaskFilter  # bound to the parameters, for the page's form
    as_of: dt.date  # the day the statuses (and `wanted`) are read on
    errors: list[str]  # what is wrong with the parameters, in Vietnamese
    wanted: str  # the class on that day asked for ("" for any)
    sort: str  # a key of SORTS
    figure: bool  # the tasks are those behind a figure of the figures page
    searched: bool  # the parameters hold a search: its count is capped (search.capped_count)
    # For that count: the tasks the user sees through their assigner (access.assigned_in_scope),
    # counted first from the assigner's index (None: an administrator).
    count_first: Q | None = None


def task_listing(*, user: User, params: Mapping[str, str]) -> Listing:
    """The tasks that `params` (a list's query string, one value per name) ask for, as `user`
    sees them. Raises PermissionDenied when the figure asked for is outside the user's scope."""
    figure, figure_day, figure_errors = _figure(user, params)
    as_of, day_error = _day(params.get("ngay", ""), default=figure_day)
    wanted = params.get("trang_thai", "")
    known = wanted in dict(CLASS_CHOICES)
    filters = TaskFilter(
        params, queryset=visible_tasks(user), user=user, day=as_of, wanted=wanted if known else ""
    )
    errors = [
        _labelled(str(filters.form[name].label), message)
        for name, messages in filters.errors.items()
        for message in messages
    ]
    if wanted and not known:
        errors.append(_("Tình trạng “%(value)s” không có trong danh sách.") % {"value": wanted})
    if day_error:
        errors.append(day_error)
    errors += figure_errors
    sort = params.get("sap_xep", DEFAULT_SORT)
    sort = sort if sort in SORTS else DEFAULT_SORT
    if errors:
        none = Task.objects.none()
        return Listing(none, filters, as_of, errors, wanted, sort, figure is not None, False)
    # A task that was not yet assigned on the chosen day has no status on it.
    tasks = filters.qs.filter(assigned_on__lte=as_of)
    if figure is not None:
        tasks = tasks.filter(pk__in=figure.values("pk"))
    if wanted and filters.form.cleaned_data.get("chu_tri") is None:
        # With a lead unit chosen, its filter reads the class from the same spans (the unit's on
        # that day, as the figures count them: TaskFilter.lead_within).
        tasks = tasks_in_class(tasks, as_of, wanted)
    searched = bool(words(filters.form.cleaned_data.get("q") or ""))
    tasks = tasks.order_by(*SORTS[sort])
    return Listing(
        tasks, filters, as_of, errors, wanted, sort, figure is not None, searched,
        assigned_in_scope(user) if searched else None,
    )  # fmt: skip


def _labelled(label: str, message: object) -> str:
    """A form's message shown above a list: prefixed with its field's label unless it names it."""
    text = str(message)
    return text if label.casefold() in text.casefold() else f"{label}: {text}"


def _day(raw: str, *, default: dt.date | None) -> tuple[dt.date, str | None]:
    if not raw:
        return default or today(), None
    try:
        return DayField(label=_("Tại ngày")).clean(raw), None
    except ValidationError as error:
        return default or today(), error.messages[0]


def _figure(
    user: User, params: Mapping[str, str]
) -> tuple[QuerySet[Task] | None, dt.date | None, list[str]]:
    """The tasks behind the figure the `tk_` parameters name, the figure's day, and what is wrong
    with those parameters (no figure: None)."""
    report = {k[len(PREFIX) :]: str(v) for k, v in params.items() if k.startswith(PREFIX)}
    if not report:
        return None, None, []
    form = StatsForm(report, user=user)
    if refusal := form.refusal():
        raise PermissionDenied(refusal)
    if not form.is_valid():
        errors = [
            _labelled(str(form[name].label) if name in form.fields else _("Số liệu"), message)
            for name, messages in form.errors.items()
            for message in messages
        ]
        return Task.objects.none(), None, errors
    query = form.query()
    check_stats_scope(user, assigner=query.assigner, unit=query.unit)
    block, _sep, name = report.get("nhom", "period:all").partition(":")
    name = name or "all"
    if block not in FIGURE_BLOCKS or name not in FIGURE_NAMES:
        return (
            Task.objects.none(),
            None,
            [_("Số liệu “%(value)s” không có trong báo cáo.") % {"value": report.get("nhom")}],
        )
    return figure_tasks(query, block, name), query.as_of, []
