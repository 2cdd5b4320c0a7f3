from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from dondoc.core.dates import today
from dondoc.core.forms import DayField, TextField


class TreeFilterForm(forms.Form):
    """The unit tree page's filters: which day, and a search that ignores diacritics."""

    ngay = DayField(label=_("Tại ngày"), required=False)
    q = TextField(label=_("Tìm đơn vị"), required=False, limit=100)

    def as_of(self) -> dt.date:
        day = self.cleaned_data.get("ngay") if self.is_valid() else None
        return day or today()

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""
