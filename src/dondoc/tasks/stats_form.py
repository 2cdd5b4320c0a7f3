"""The parameters of a report (assigner, unit, period, day, key tasks, source) as a form: the
figures page reads them as they are, the task list with the prefix `tk_` to show a figure's tasks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dondoc.core.dates import today
from dondoc.core.forms import DayField
from dondoc.organisations.models import Unit, UnitKind
from dondoc.tasks.models import Source
from dondoc.tasks.stats import StatsQuery

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
