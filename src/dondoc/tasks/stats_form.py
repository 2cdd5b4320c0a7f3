"""The parameters of a report (assigner, unit, period, day, key tasks, source) as a form: the
figures page reads them as they are, the task list with the prefix `tk_` to show a figure's tasks."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dondoc.accounts.models import User
from dondoc.core.dates import format_date, today
from dondoc.core.forms import DayField, Form, TextField, check_day_range
from dondoc.documents.models import Signer
from dondoc.organisations.access import scope_root
from dondoc.organisations.forms import UnitField, prepare_unit_fields
from dondoc.organisations.models import UnitKind
from dondoc.organisations.selectors import UnitScope
from dondoc.tasks.models import Source
from dondoc.tasks.stats import StatsQuery

# The units of a report outside the user's scope are refused as check_stats_scope refuses them.
_OUTSIDE = gettext_lazy("Bạn không có quyền xem số liệu của %(unit)s.")
NAME_LENGTH = 150  # Task.assigned_by_name's
PREFIX = "tk_"  # the list page reads the same parameters with this prefix to show a figure's tasks


class StatsForm(Form):
    # By code (the figures' links) or by name, among the units that existed on the report's day.
    giao = UnitField(label=gettext_lazy("Cơ quan giao"), error_messages={"outside": _OUTSIDE})
    don_vi = UnitField(
        label=gettext_lazy("Đơn vị chủ trì"), required=False, error_messages={"outside": _OUTSIDE}
    )
    tu = DayField(label=gettext_lazy("Từ ngày"))
    den = DayField(label=gettext_lazy("Đến ngày"))
    # A day that has come: figures as of a day to come would be a guess (dates.future_problem).
    ngay = DayField(label=gettext_lazy("Số liệu đến ngày"), required=False, up_to_today=True)
    trong_tam = forms.BooleanField(label=gettext_lazy("Chỉ nhiệm vụ trọng tâm"), required=False)
    # A report's row for a unit's own tasks beside its sub-units' rows (StatsQuery.exact).
    rieng = forms.BooleanField(
        label=gettext_lazy("Chỉ nhiệm vụ đơn vị tự chủ trì (không gồm đơn vị trực thuộc)"),
        required=False,
    )
    nguon = forms.ChoiceField(
        label=gettext_lazy("Nguồn"), choices=[("", "—"), *Source.choices], required=False
    )
    # A leader's page: what one chairman or vice chairman personally assigned (StatsQuery).
    nguoi_giao = forms.ChoiceField(
        label=gettext_lazy("Người giao"), choices=[("", "—"), *Signer.choices], required=False
    )
    # Set by a leader's page's links, not typed: kept across a change of the form's other fields.
    ten_nguoi_giao = TextField(
        label=gettext_lazy("Họ tên người giao"),
        required=False,
        max_length=NAME_LENGTH,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        """`user`: whose scope the unit fields offer (all units when None): an assigner that is a
        committee of their scope or above it, a lead unit of their scope (tasks.access
        check_stats_scope refuses the rest)."""
        super().__init__(*args, **kwargs)
        within = scope_root(user) if user is not None else None
        # The committees, and the departments for their own assignments (to their divisions);
        # a unit head's own unit whatever its kind.
        kinds: tuple[str, ...] = (*UnitKind.committees(), UnitKind.DEPARTMENT)
        if within is not None and within.kind not in kinds:
            kinds += (within.kind,)
        cast(UnitField, self.fields["giao"]).set_scope(
            UnitScope(within=within, above=True, kinds=kinds)
        )
        cast(UnitField, self.fields["don_vi"]).set_scope(UnitScope(within=within))
        # The report's day, else its end: a report of 2020 names the units of 2020.
        prepare_unit_fields(self, day_from=["ngay", "den"])

    def refusal(self) -> str | None:
        """Why the user may not see the report asked for: a unit outside their scope (as
        tasks.access.check_stats_scope says of a valid one), to answer with a refusal."""
        for name in ("giao", "don_vi"):
            for error in self.errors.as_data().get(name, []):
                if error.code == "outside":
                    return error.messages[0]
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = data.get("tu")
        typed = data.get("ngay")
        as_of = typed or today()
        data["ngay"] = as_of
        check_day_range(self, "tu", "den")
        if start and as_of < start and typed:
            self.add_error("ngay", _("Ngày lấy số liệu không được trước đầu kỳ."))
        elif start and as_of < start:  # a period not yet begun, asked for as of today
            self.add_error(
                self.period_field(),
                _("Kỳ này bắt đầu từ ngày %(start)s, chưa đến: chưa có số liệu.")
                % {"start": format_date(start)},
            )
        return data

    def period_field(self) -> str:
        """The field that says when the period begins (a report's form: its preset's year)."""
        return "tu"

    def query(self) -> StatsQuery:
        data = self.cleaned_data
        return StatsQuery(
            assigner=data["giao"],
            unit=data["don_vi"],
            start=data["tu"],
            end=data["den"],
            as_of=data["ngay"],
            key_only=data["trong_tam"],
            exact=bool(data.get("rieng")) and data["don_vi"] is not None,
            source=data["nguon"] or None,
            assigned_by=data.get("nguoi_giao") or None,
            assigned_by_name=(data.get("ten_nguoi_giao") or "").strip() or None,
        )
