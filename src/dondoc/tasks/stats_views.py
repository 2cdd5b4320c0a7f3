"""The figures page: the statistics service's numbers, each a link to the tasks behind it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.core.dates import today
from dondoc.organisations.access import scope_root, tree_root
from dondoc.organisations.models import Unit
from dondoc.reports.links import figure_params, figure_url, report_params
from dondoc.tasks.access import check_stats_scope
from dondoc.tasks.stats import task_stats
from dondoc.tasks.stats_form import StatsForm


def _default_form(request: AuthenticatedRequest) -> StatsForm:
    if request.GET:
        return StatsForm(request.GET, user=request.user)
    root = scope_root(request.user)
    assigner = tree_root(request.user) or Unit.objects.filter(parent=None).first()
    day = today()
    initial = {
        "giao": assigner.code if assigner else "",
        "tu": dt.date(day.year, 1, 1).strftime("%d/%m/%Y"),
        "den": dt.date(day.year, 12, 31).strftime("%d/%m/%Y"),
    }
    if root is not None and root != assigner:
        initial["don_vi"] = root.code
    return StatsForm(initial, user=request.user)


def stats_page(request: AuthenticatedRequest) -> HttpResponse:
    form = _default_form(request)
    if refusal := form.refusal():
        raise PermissionDenied(refusal)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        query = form.query()
        check_stats_scope(request.user, assigner=query.assigner, unit=query.unit)
        context["query"] = query
        context["rows"] = [
            (
                figure,
                period,
                figure_url(query, "period", figure.key),
                carried,
                None if carried is None else figure_url(query, "carried_over", figure.key),
            )
            for figure, period, carried in task_stats(query).rows()
        ]
        context["report_params"] = report_params(query)
        context["register_params"] = urlencode(figure_params(query, "report", "all"))
    return render(request, "tasks/stats.html", context)
