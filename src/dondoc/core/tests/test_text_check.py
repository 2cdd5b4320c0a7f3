"""The one text check: what no stored text may hold, how long a text may be, in Vietnamese."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from dondoc.core.forms import TextField
from dondoc.core.text import CELL_LIMIT, fit, unfit_character
from dondoc.core.validators import text_problem


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f"])
def test_nul_and_control_characters_are_refused_by_code_and_position(character: str):
    problem = text_problem(f"Báo cáo{character} quý I")
    assert problem is not None
    assert f"U+{ord(character):04X}" in problem and "ký tự thứ 8" in problem


@pytest.mark.parametrize(
    "text", ["Báo cáo\tquý I", "Dòng một\nDòng hai", "Windows\r\nxuống dòng", "Đường số 1 — ổn"]
)
def test_tabs_line_breaks_and_vietnamese_are_accepted(text: str):
    assert text_problem(text) is None


def test_a_text_longer_than_a_spreadsheet_cell_is_refused_with_both_lengths():
    assert text_problem("x" * CELL_LIMIT) is None
    problem = text_problem("x" * (CELL_LIMIT + 1))
    assert problem == "Dài quá 32.767 ký tự (hiện có 32.768 ký tự)."


@given(st.text())
def test_fitting_leaves_nothing_to_refuse_and_keeps_every_other_character(text: str):
    fitted = fit(text)
    assert unfit_character(fitted) is None
    assert fit(fitted) == fitted
    if unfit_character(text) is None:
        assert fitted == text


class Note(forms.Form):
    text = TextField(limit=20)


def test_a_form_text_field_says_in_vietnamese_what_is_wrong():
    form = Note({"text": "ghi\x00chú"})
    assert not form.is_valid()
    assert form.errors["text"] == [
        "Có ký tự không hợp lệ (mã U+0000, ở ký tự thứ 4): hãy xóa ký tự đó."
    ]
    too_long = Note({"text": "x" * 21})
    assert not too_long.is_valid()
    assert too_long.errors["text"] == ["Dài quá 20 ký tự (hiện có 21 ký tự)."]
    assert Note({"text": "  ghi chú\tđủ  "}).is_valid()
    assert 'maxlength="20"' in str(Note()["text"])


@pytest.mark.django_db
def test_the_log_in_speaks_vietnamese_about_a_nul_in_the_user_name(client):
    page = client.post(
        reverse("login"), {"username": "van\x00phong", "password": "x"}
    ).content.decode()
    assert "Null characters" not in page and "Có ký tự không hợp lệ (mã U+0000" in page
