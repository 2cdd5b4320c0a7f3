"""The figures page: the statistics service's numbers, each a link to the tasks behind it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.core.dates import today
from dondoc.core.forms import DayField
from dondoc.organisations.access import scope_root, tree_root
from dondoc.organisations.models import Unit, UnitKind
from dondoc.tasks.access import check_stats_scope
from dondoc.tasks.models import Source, Task
from dondoc.tasks.rules import Bucket
from dondoc.tasks.stats import FIGURE_BLOCKS, StatsQuery, StatsResult, figure_tasks, task_stats

PREFIX = "tk_"  # the list page reads the same parameters with this prefix to show a figure's tasks


class StatsForm(forms.Form):
    giao = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan giao"),
        queryset=Unit.objects.filter(kind__in=UnitKind.committees()),
        to_field_name="code",
    )
    don_vi = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị chủ trì"),
        queryset=Unit.objects.all(),
        to_field_name="code",
        required=False,
    )
    tu = DayField(label=gettext_lazy("Từ ngày"))
    den = DayField(label=gettext_lazy("Đến ngày"))
    ngay = DayField(label=gettext_lazy("Số liệu đến ngày"), required=False)
    trong_tam = forms.BooleanField(label=gettext_lazy("Chỉ nhiệm vụ trọng tâm"), required=False)
    nguon = forms.ChoiceField(
        label=gettext_lazy("Nguồn"), choices=[("", "—"), *Source.choices], required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        as_of = data.get("ngay") or today()
        data["ngay"] = as_of
        if start and end and end < start:
            self.add_error("den", _("Đến ngày phải sau từ ngày."))
        if start and as_of < start:
            self.add_error("ngay", _("Ngày lấy số liệu không được trước đầu kỳ."))
        return data

    def query(self) -> StatsQuery:
        data = self.cleaned_data
        return StatsQuery(
            assigner=data["giao"],
            unit=data["don_vi"],
            start=data["tu"],
            end=data["den"],
            as_of=data["ngay"],
            key_only=data["trong_tam"],
            source=data["nguon"] or None,
        )


def figure_from_request(
    request: AuthenticatedRequest,
) -> tuple[QuerySet[Task] | None, dt.date | None, list[str]]:
    """The tasks behind one figure, the figure's day, and what is wrong with the figure's
    parameters, when the list (or its export) is opened from the figures page."""
    params = {k[len(PREFIX) :]: str(v) for k, v in request.GET.items() if k.startswith(PREFIX)}
    if not params:
        return None, None, []
    form = StatsForm(params)
    if not form.is_valid():
        errors = [
            f"{form[name].label if name in form.fields else _('Số liệu')}: {message}"
            for name, messages in form.errors.items()
            for message in messages
        ]
        return Task.objects.none(), None, errors
    query = form.query()
    check_stats_scope(request.user, assigner=query.assigner, unit=query.unit)
    block, _sep, name = params.get("nhom", "period:all").partition(":")
    name = name or "all"
    if block not in FIGURE_BLOCKS or name not in FIGURE_NAMES:
        return (
            Task.objects.none(),
            None,
            [_("Số liệu “%(value)s” không có trong báo cáo.") % {"value": params.get("nhom")}],
        )
    return figure_tasks(query, block, name), query.as_of, []


FIGURE_NAMES = {"all", "completed", "open", "due_soon", "awaiting_confirmation"} | {
    b.value for b in Bucket
}


def _default_form(request: AuthenticatedRequest) -> StatsForm:
    if request.GET:
        return StatsForm(request.GET)
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
    return StatsForm(initial)


def stats_page(request: AuthenticatedRequest) -> HttpResponse:
    form = _default_form(request)
    result: StatsResult | None = None
    link_base = ""
    if form.is_valid():
        query = form.query()
        check_stats_scope(request.user, assigner=query.assigner, unit=query.unit)
        result = task_stats(query)
        link_base = urlencode(
            {f"{PREFIX}{k}": v for k, v in form.data.items() if k in form.fields and v}
        )
    return render(
        request, "tasks/stats.html", {"form": form, "result": result, "link_base": link_base}
    )
