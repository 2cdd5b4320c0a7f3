"""The parameters of a unit's page and a leader's page: the report form's period presets and
as-of day (forms.ReportForm), the rest fixed by the page (the unit by its address, the assigner
and who assigned by the leader); a unit's page may name one of its assigners."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.http import QueryDict

from dondoc.organisations.forms import UnitField
from dondoc.reports.forms import ReportForm
from dondoc.reports.periods import Preset

FIXED = ("don_vi", "trong_tam", "nguon", "nguoi_giao", "ten_nguoi_giao", "rieng")


class PeriodForm(ReportForm):
    """The period presets and the as-of day; with `assigner`, an optional assigner (all the
    unit answers to when left empty), else none."""

    def __init__(self, *args: Any, assigner: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in FIXED:
            del self.fields[name]
        if assigner:
            field = cast(UnitField, self.fields["giao"])
            field.required = False
        else:
            del self.fields["giao"]

    @classmethod
    def params(cls, query: QueryDict, day: dt.date) -> dict[str, Any]:
        """The page's parameters, or the year of `day` as of `day` when it has none (a unit that
        has ended opens on its last year, as of its last day)."""
        if any(key in query for key in ("ky", "nam", "thang", "quy", "tu", "den", "ngay", "giao")):
            return {key: query.get(key, "") for key in query}
        return {"ky": Preset.YEAR.value, "nam": day.year, "ngay": f"{day:%d/%m/%Y}"}
