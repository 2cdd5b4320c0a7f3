"""The one check of a text a user or a file gives: what no stored text may hold, and how long it
may be. Form fields (core/forms.py TextField), the services and the register import all call
`text_problem`, so each door refuses the same text with the same Vietnamese message."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dondoc.core.text import CELL_LIMIT, unfit_character


def text_problem(text: str, *, limit: int = CELL_LIMIT) -> str | None:
    """Why `text` cannot be stored, in Vietnamese; None when it can."""
    if found := unfit_character(text):
        position, character = found
        return _(
            "Có ký tự không hợp lệ (mã U+%(code)04X, ở ký tự thứ %(position)s): hãy xóa ký tự đó."
        ) % {"code": ord(character), "position": position}
    if len(text) > limit:
        return _("Dài quá %(limit)s ký tự (hiện có %(length)s ký tự).") % {
            "limit": number_format(limit, force_grouping=True),
            "length": number_format(len(text), force_grouping=True),
        }
    return None


@deconstructible
class TextValidator:
    """`text_problem` as a Django validator."""

    def __init__(self, limit: int = CELL_LIMIT) -> None:
        self.limit = limit

    def __call__(self, value: Any) -> None:
        if problem := text_problem(str(value), limit=self.limit):
            raise ValidationError(problem, code="text")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextValidator) and other.limit == self.limit
