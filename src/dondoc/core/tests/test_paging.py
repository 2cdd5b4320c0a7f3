"""Every paginated list's pages (core/paging.py): numbered links, a page size among 20/50/100,
and a clear note, never an error page, for a page or a size that cannot be."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from dondoc.core.paging import paginate, window

ROWS = list(range(1, 251))  # 250 rows: 5 pages of 50, 13 of 20, 3 of 100


def page(query: str, default_size: int = 50):
    return paginate(ROWS, QueryDict(query), default_size=default_size)


def test_the_first_page_by_default():
    paging = page("")
    assert paging.page.number == 1 and paging.size == 50 and list(paging.rows) == ROWS[:50]
    assert paging.notes == []


@pytest.mark.parametrize(("size", "pages"), [("20", 13), ("50", 5), ("100", 3)])
def test_each_offered_size_gives_its_number_of_pages(size, pages):
    paging = page(f"so_dong={size}&trang=2")
    assert paging.page.paginator.num_pages == pages and paging.page.number == 2
    assert paging.notes == []


@pytest.mark.parametrize(
    ("query", "number", "note"),
    [
        ("trang=99", 5, "chỉ có 5 trang"),
        ("trang=" + "9" * 5000, 5, "chỉ có 5 trang"),
        ("trang=abc", 1, "“abc” không hợp lệ"),
        ("trang=0", 1, "“0” không hợp lệ"),
        ("trang=-3", 1, "“-3” không hợp lệ"),
        ("trang=٣", 1, "không hợp lệ"),
    ],
)
def test_a_page_that_cannot_be_is_clamped_with_a_note(query, number, note):
    paging = page(query)
    assert paging.page.number == number
    assert any(note in n for n in paging.notes)


@pytest.mark.parametrize("size", ["7", "abc", "1000000", "-20"])
def test_a_size_not_offered_gives_the_default_with_a_note(size):
    paging = page(f"so_dong={size}")
    assert paging.size == 50 and "20, 50, 100" in paging.notes[0]


def test_the_links_keep_the_other_parameters_and_the_size_but_not_the_page():
    paging = page("q=ngan+sach&chu_tri=a&chu_tri=b&trang=3&so_dong=20")
    query = QueryDict(paging.query)
    assert query.getlist("chu_tri") == ["a", "b"] and query["so_dong"] == "20"
    assert "trang" not in query
    assert ("so_dong", "20") not in paging.hidden and ("q", "ngan sach") in paging.hidden


def test_an_empty_list_has_one_page():
    paging = paginate([], QueryDict("trang=4"), default_size=20)
    assert paging.page.number == 1 and list(paging.rows) == []


@pytest.mark.parametrize(
    ("number", "last", "expected"),
    [
        (1, 1, [1]),
        (1, 5, [1, 2, 3, None, 5]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (3, 5, [1, 2, 3, 4, 5]),
    ],
)
def test_the_window_shows_first_last_and_neighbours(number, last, expected):
    assert window(number, last) == expected
