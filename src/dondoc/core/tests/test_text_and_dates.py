from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dondoc.core.dates import format_date, parse_date
from dondoc.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Cao Lộc", "cao loc"),
        ("ĐÌNH LẬP", "dinh lap"),
        ("  Hữu   Lũng ", "huu lung"),
        ("Thành phố Lạng Sơn", "thanh pho lang son"),
        ("Phường Kỳ Lừa", "phuong ky lua"),
    ],
)
def test_folding_drops_diacritics_case_and_extra_spaces(text: str, folded: str):
    assert fold(text) == folded


@given(st.text())
def test_folding_is_idempotent_and_ascii_for_vietnamese(text: str):
    assert fold(fold(text)) == fold(text)


@given(
    st.text(alphabet=st.characters(codec="utf-8"))
    | st.text("ĐđÀÁẢÃẠàáảãạăằắẳẵặâầấẩẫậêềếểễệôồốổỗộơờớởỡợưừứửữự \u0301\u0323\u034f\u00a0\u212aİ")
)
def test_folding_vietnamese_fast_is_folding_it_character_by_character(text: str):
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert fold(text) == " ".join(stripped.lower().split())


@pytest.mark.parametrize("text", ["19/06/2020", "19/6/2020", "2020-06-19", " 19/06/2020 "])
def test_dates_are_read_in_every_accepted_form(text: str):
    assert parse_date(text) == dt.date(2020, 6, 19)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2020", "ngày 31/02/2020 không tồn tại"),
        ("06/19/2020", "ngày 06/19/2020 không tồn tại"),
        ("hôm qua", "“hôm qua” không phải là ngày"),
        ("2020/06/19", "không phải là ngày"),
    ],
)
def test_a_bad_date_says_why_in_vietnamese(text: str, message: str):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


@given(st.dates(min_value=dt.date(1900, 1, 1)))
def test_a_formatted_date_reads_back_as_itself(day: dt.date):
    assert parse_date(format_date(day)) == day
