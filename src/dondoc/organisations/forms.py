from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from dondoc.attachments.uploads import check_upload
from dondoc.core.dates import today
from dondoc.core.forms import DayField, SubmissionField, TextField
from dondoc.organisations.reorganisation import Plan, Row
from dondoc.registers.reader import EXTENSIONS


class TreeFilterForm(forms.Form):
    """The unit tree page's filters: which day, and a search that ignores diacritics."""

    ngay = DayField(label=_("Tại ngày"), required=False)
    q = TextField(label=_("Tìm đơn vị"), required=False, limit=100)

    def as_of(self) -> dt.date:
        day = self.cleaned_data.get("ngay") if self.is_valid() else None
        return day or today()

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class ReorganiseForm(forms.Form):
    """A reorganisation as the office enters it: the day, the decision, the mapping (typed, or
    read from a mapping file), and the one-time key that makes "apply" happen once."""

    ngay = DayField(label=_("Ngày các đơn vị kế nhiệm bắt đầu"), required=False)
    van_ban = TextField(label=_("Văn bản quyết định"), required=False, limit=200)
    ghi_chu = TextField(
        label=_("Ghi chú"), required=False, limit=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    phuong_an = TextField(
        label=_("Phương án (mỗi dòng: mã đơn vị cũ, mã đơn vị kế nhiệm, nhiệm vụ)"),
        required=False,
        limit=200_000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text=_(
            "Để trống mã đơn vị kế nhiệm nếu đơn vị giải thể. Cột nhiệm vụ (số hoặc mã) chỉ dùng "
            "khi đơn vị cũ có nhiều đơn vị kế nhiệm."
        ),
    )
    tep = forms.FileField(
        label=_("Hoặc tải tệp phương án (.xlsx hoặc .csv)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    key = SubmissionField()

    def clean_tep(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("tep")
        if upload is not None:
            check_upload(upload, extensions=EXTENSIONS)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("tep") and not self.errors:
            if data.get("ngay") is None:
                self.add_error("ngay", _("Hãy nhập ngày các đơn vị kế nhiệm bắt đầu."))
            if not data.get("phuong_an", "").strip():
                self.add_error("phuong_an", _("Hãy nhập phương án hoặc tải tệp phương án."))
        return data

    def plan(self) -> Plan:
        data = self.cleaned_data
        return Plan(
            on=data["ngay"],
            rows=rows_from_text(data["phuong_an"]),
            decision=data["van_ban"],
            note=data["ghi_chu"],
        )


def rows_from_text(text: str) -> tuple[Row, ...]:
    """The mapping typed in the form: one row a line, its cells split by commas, semicolons or
    tabs; a line's number is its row number."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in re.split(r"[,;\t]", line)]
        cells += [""] * (3 - len(cells))
        rows.append(Row(number, cells[0], cells[1], ",".join(cells[2:]).strip(",")))
    return tuple(rows)


def rows_to_text(rows: tuple[Row, ...]) -> str:
    """The rows as the form's text (rows_from_text reads it back)."""
    lines = []
    for row in rows:
        cells = [row.predecessor, row.successor, row.task]
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        lines.append(", ".join(cells))
    return "\n".join(lines)
