from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dondoc.core.dates import day_range, format_date, parse_date, today
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


@pytest.mark.parametrize(
    "text", ["19/06/2020", "19/6/2020", "2020-06-19", " 19/06/2020 ", "19-06-2020", "19.6.2020"]
)
def test_dates_are_read_in_every_accepted_form(text: str):
    assert parse_date(text) == dt.date(2020, 6, 19)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2020", "ngày 31/02/2020 không tồn tại"),
        ("06/19/2020", "ngày 06/19/2020 không tồn tại"),
        ("hôm qua", "“hôm qua” không phải là ngày"),
        ("2020/06/19", "không phải là ngày"),
        ("19-06/2020", "không phải là ngày"),
        ("19/06/20", "không phải là ngày"),
    ],
)
def test_a_bad_date_says_why_in_vietnamese(text: str, message: str):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2045, 12, 31)))
def test_a_formatted_date_reads_back_as_itself(day: dt.date):
    assert parse_date(format_date(day)) == day


def test_the_accepted_years_run_from_1990_to_twenty_years_ahead_by_default():
    assert day_range() == (dt.date(1990, 1, 1), dt.date(today().year + 20, 12, 31))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("01/01/0001", "01/01/0001"),
        ("0001-01-01", "01/01/0001"),
        ("31/12/1989", "31/12/1989"),
        ("31/12/9999", "31/12/9999"),
        ("9999-12-31", "31/12/9999"),
    ],
)
def test_a_date_outside_the_accepted_years_is_refused_with_the_years_allowed(text: str, shown: str):
    last = today().year + 20
    with pytest.raises(ValueError) as refused:
        parse_date(text)
    assert str(refused.value) == (
        f"ngày {shown} nằm ngoài khoảng cho phép (từ năm 1990 đến năm {last})"
    )


def test_the_first_and_last_accepted_days_are_read(settings):
    first, last = day_range()
    assert parse_date(format_date(first)) == first
    assert parse_date(format_date(last)) == last


def test_the_accepted_years_follow_the_settings(settings):
    settings.DONDOC_YEAR_MIN = 2015
    settings.DONDOC_YEARS_AHEAD = 1
    assert parse_date("01/01/2015") == dt.date(2015, 1, 1)
    with pytest.raises(ValueError, match="từ năm 2015 đến năm"):
        parse_date("31/12/2014")
    with pytest.raises(ValueError, match="nằm ngoài khoảng cho phép"):
        parse_date(f"01/01/{today().year + 2}")


def test_a_huge_years_ahead_setting_still_leaves_room_for_date_arithmetic(settings):
    settings.DONDOC_YEARS_AHEAD = 100_000
    assert day_range()[1] == dt.date(dt.MAXYEAR - 1, 12, 31)
