"""Every paginated list's pages: which page and how many rows a page, read from the query
string (`trang`, `so_dong`), clamped to what exists, with a Vietnamese note when the address asked
for something else. Drawn by templates/includes/pagination.html."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils.translation import gettext as _

PAGE_PARAM = "trang"
SIZE_PARAM = "so_dong"
PAGE_SIZES = (20, 50, 100)
WINDOW = 2  # page numbers shown either side of the current one


@dataclass(frozen=True)
class Paging:
    """One page of a list, with what its links need."""

    page: Page[Any]
    size: int
    sizes: tuple[int, ...]
    numbers: list[int | None]  # the page numbers to link, None for a gap ("…")
    query: str  # the list's parameters without the page, to add `trang=N` to
    hidden: list[tuple[str, str]]  # the list's parameters without page and size (the size form)
    notes: list[str] = field(default_factory=list)  # what was asked for and not possible

    @property
    def rows(self) -> Any:
        return self.page.object_list


def paginate(
    items: Any,
    params: Mapping[str, Any],
    *,
    default_size: int = 50,
    sizes: tuple[int, ...] = PAGE_SIZES,
    paginator: Callable[[Any, int], Paginator] = Paginator,
) -> Paging:
    """The page of `items` (a queryset or a list) that `params` (a list's query string) asks
    for. A page number past the end shows the last page, one that is not a number the first, a
    size not offered the default one; each with a note that says so (never a 404 or a 500).
    Costs what Django's Paginator costs: a count and the page's rows. `paginator` makes the
    Paginator from the items and the size: the task search's counts up to a cap."""
    notes: list[str] = []
    size = default_size
    raw_size = str(params.get(SIZE_PARAM, "") or "").strip()
    if raw_size:
        if raw_size.isdecimal() and int(raw_size) in sizes:
            size = int(raw_size)
        else:
            notes.append(
                _(
                    "Số dòng mỗi trang “%(value)s” không có; chọn được %(sizes)s. Đang hiện %(size)s dòng."
                )
                % {"value": raw_size[:20], "sizes": ", ".join(map(str, sizes)), "size": size}
            )
    pages = paginator(items, size)
    last = pages.num_pages
    number = 1
    raw_page = str(params.get(PAGE_PARAM, "") or "").strip()
    if raw_page:
        digits = raw_page.isascii() and raw_page.isdecimal()
        if digits and raw_page.strip("0"):
            # A number of more digits than any list has pages is simply past the end.
            number = int(raw_page) if len(raw_page) <= 18 else last + 1
            if number > last:
                notes.append(
                    _(
                        "Không có trang %(asked)s: danh sách chỉ có %(last)s trang; đang hiện trang cuối."
                    )
                    % {"asked": raw_page[:20], "last": last}
                )
                number = last
        else:
            notes.append(
                _("Số trang “%(value)s” không hợp lệ (phải là số từ 1); đang hiện trang 1.")
                % {"value": raw_page[:20]}
            )
    page = pages.page(number)
    query = QueryDict(mutable=True)
    for key in params:
        values = params.getlist(key) if hasattr(params, "getlist") else [params[key]]
        query.setlist(key, [str(v) for v in values])
    query.pop(PAGE_PARAM, None)
    if size == default_size:
        query.pop(SIZE_PARAM, None)
    else:
        query[SIZE_PARAM] = str(size)
    hidden = [(k, v) for k, values in query.lists() if k != SIZE_PARAM for v in values]
    return Paging(page, size, sizes, window(number, last), query.urlencode(), hidden, notes)


def window(number: int, last: int, *, around: int = WINDOW) -> list[int | None]:
    """The page numbers to show: the first, the last, and `around` either side of `number`,
    with None where numbers are left out."""
    shown = sorted({1, last, *range(max(1, number - around), min(last, number + around) + 1)})
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers
