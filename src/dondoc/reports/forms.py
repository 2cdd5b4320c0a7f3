"""A report's parameters with the periods officials choose: a month, a quarter, the first 6 or
9 months, a year, or any range; the figures form's fields otherwise (tasks/stats_form.py), so
the dashboard, a unit's page and the exports read the same parameters, and each figure's link
gives the list the same report (links.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dondoc.core.dates import day_range, today
from dondoc.reports.periods import Preset, bounds, default, recognise
from dondoc.tasks.stats_form import StatsForm

PRESET_CHOICES = [
    (Preset.MONTH.value, gettext_lazy("Tháng")),
    (Preset.QUARTER.value, gettext_lazy("Quý")),
    (Preset.HALF.value, gettext_lazy("6 tháng đầu năm")),
    (Preset.NINE.value, gettext_lazy("9 tháng đầu năm")),
    (Preset.YEAR.value, gettext_lazy("Năm")),
    (Preset.CUSTOM.value, gettext_lazy("Tùy chọn (từ ngày, đến ngày)")),
]


def _month_label(number: int) -> str:
    return _("Tháng %(n)s") % {"n": number}


# Each label translated when shown: `gettext_lazy(...) % …` would translate it once, on import.
MONTH_CHOICES = [(n, lazy(_month_label, str)(n)) for n in range(1, 13)]
QUARTER_CHOICES = [
    (n, label) for n, label in zip(range(1, 5), ("I", "II", "III", "IV"), strict=True)
]


def year_field() -> forms.IntegerField:
    """The year of a preset, within the years the system takes a date in (core.dates.day_range:
    DONDOC_YEAR_MIN to DONDOC_YEARS_AHEAD after this year), read when a form is made."""
    first, last = day_range()
    return forms.IntegerField(
        label=gettext_lazy("Năm"), required=False, min_value=first.year, max_value=last.year
    )


class ReportForm(StatsForm):
    ky = forms.ChoiceField(label=gettext_lazy("Kỳ báo cáo"), choices=PRESET_CHOICES)
    nam = year_field()
    thang = forms.TypedChoiceField(
        label=gettext_lazy("Tháng"),
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
    )
    quy = forms.TypedChoiceField(
        label=gettext_lazy("Quý"),
        choices=QUARTER_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
    )

    field_order = ["giao", "don_vi", "ky", "nam", "thang", "quy", "tu", "den", "ngay"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nam"] = year_field()  # this year's window, not the import's
        self.sharpen_messages()
        # A preset's bounds are computed; the range is typed only for a custom period.
        self.fields["tu"].required = self.fields["den"].required = False
        # The year means nothing to a typed range: it is shown for every preset but that one.
        presets = "|".join(preset.value for preset in Preset if preset is not Preset.CUSTOM)
        shown = {"thang": Preset.MONTH.value, "quy": Preset.QUARTER.value, "nam": presets}
        shown |= {"tu": Preset.CUSTOM.value, "den": Preset.CUSTOM.value}
        for name, values in shown.items():
            self.fields[name].widget.attrs["data-shown-when"] = f"ky={values}"

    @classmethod
    def initial_for(cls, assigner_code: str, day: dt.date | None = None) -> dict[str, Any]:
        """The parameters a report opens with: the year so far, as of today."""
        day = day or today()
        preset, year, _number = default(day)
        return {"giao": assigner_code, "ky": preset.value, "nam": year, "ngay": ""}

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        preset = Preset(data["ky"]) if data.get("ky") else None
        if preset is not None and preset is not Preset.CUSTOM:
            year = data.get("nam") or (data.get("ngay") or today()).year
            number = {Preset.MONTH: data.get("thang"), Preset.QUARTER: data.get("quy")}.get(
                preset, 1
            )
            if number is None:
                field = "thang" if preset is Preset.MONTH else "quy"
                self.add_error(field, _("Chọn %(field)s của kỳ báo cáo.") % {
                    "field": str(self.fields[field].label).lower()
                })  # fmt: skip
            elif "nam" not in self.errors:
                data["tu"], data["den"] = bounds(preset, year, number)
                data["nam"] = year
        elif preset is Preset.CUSTOM:
            for name in ("tu", "den"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Nhập %(field)s.") % {
                        "field": str(self.fields[name].label).lower()
                    })  # fmt: skip
        return super().clean()

    def period_field(self) -> str:
        custom = self.cleaned_data.get("ky") in (None, Preset.CUSTOM.value)
        return "tu" if custom else "nam"

    def period_params(self) -> dict[str, str]:
        """The period of a valid form as the dashboard's parameters name it (a custom range that
        is a preset is named as the preset)."""
        data = self.cleaned_data
        preset, year, number = recognise(data["tu"], data["den"])
        params = {"ky": preset.value, "nam": str(year)}
        if preset is Preset.MONTH:
            params["thang"] = str(number)
        elif preset is Preset.QUARTER:
            params["quy"] = str(number)
        elif preset is Preset.CUSTOM:
            params |= {"tu": f"{data['tu']:%d/%m/%Y}", "den": f"{data['den']:%d/%m/%Y}"}
        return params
