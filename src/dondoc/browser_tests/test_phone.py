"""On a phone's screen (390 × 844): the task lists are cards that fit the width, nothing scrolls
sideways, and the list's filters fold behind their button."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from dondoc.browser_tests.helpers import Site, assign, dmy
from dondoc.tasks.models import Task


def test_the_inbox_fits_a_phone_screen(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    task = assign()
    page = open_as("sotaichinh", phone=True)
    page.goto(site.at("/nhiem-vu/hop-thu/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nhiệm vụ của đơn vị")
    expect(page.get_by_role("link", name=task.title)).to_be_visible()
    shot(page, "inbox")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390, f"the inbox is {width}px wide on a 390px screen: it scrolls sideways"
    # The menu folds behind its button, and opens.
    page.get_by_role("button", name="Mở trình đơn").click()
    expect(page.get_by_role("link", name="Tra cứu")).to_be_visible()
    shot(page, "menu")


# The scroll boxes of a page that hold more than they show sideways (a table wider than the
# screen in its `.table-responsive`): the page itself does not scroll, but the rows do.
SIDEWAYS = """[...document.querySelectorAll("main *")].filter(e => {
    const style = getComputedStyle(e);
    return ["auto", "scroll"].includes(style.overflowX) && e.offsetParent !== null
        && e.scrollWidth > e.clientWidth + 1;
}).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}: ${e.scrollWidth}px`)"""


def test_the_inbox_rows_are_read_without_scrolling_sideways_on_a_phone(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    task = assign()
    page = open_as("sotaichinh", phone=True)
    page.goto(site.at("/nhiem-vu/hop-thu/"))
    expect(page.get_by_role("link", name=task.title)).to_be_visible()
    assert page.evaluate(SIDEWAYS) == []
    card = page.get_by_role("row").filter(has=page.get_by_role("link", name=task.title))
    _assert_a_readable_card(card, task)
    shot(page, "inbox-cards")


def test_the_list_filters_fold_behind_a_button_on_a_phone(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    task = assign()
    page = open_as("sotaichinh", phone=True)
    page.goto(site.at("/nhiem-vu/"))
    search = page.get_by_label("Tìm kiếm", exact=True)
    expect(search).to_be_hidden()
    fold = page.get_by_role("button", name="Bộ lọc")
    expect(fold).to_have_attribute("aria-expanded", "false")
    shot(page, "list-folded")
    fold.click()
    expect(search).to_be_visible()
    expect(fold).to_have_attribute("aria-expanded", "true")
    search.fill("dự toán ngân sách, đợt")
    page.get_by_label("Tình trạng tại ngày đó").select_option(label="Trong hạn")
    shot(page, "list-filter-open")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=d%E1%BB%B1"))
    expect(page.get_by_role("link", name=task.title)).to_be_visible()
    expect(search).to_be_hidden()  # folded again over the results, which it no longer pushes down
    assert page.evaluate(SIDEWAYS) == []
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390, f"the list is {width}px wide on a 390px screen"
    card = page.get_by_role("row").filter(has=page.get_by_role("link", name=task.title))
    _assert_a_readable_card(card, task)
    shot(page, "list-filtered")


def test_the_list_filters_stay_open_on_a_wide_screen(
    site: Site, open_as: Callable[..., Page]
) -> None:
    page = open_as("sotaichinh")
    page.goto(site.at("/nhiem-vu/"))
    expect(page.get_by_label("Tìm kiếm", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Bộ lọc")).to_be_hidden()
    expect(page.get_by_role("columnheader", name="Hạn xử lý")).to_be_visible()


def _assert_a_readable_card(card: Locator, task: Task) -> None:
    """A task's card: its title, then the lead unit, the deadline and the status each on a
    labelled line, all inside the screen's width."""
    expect(card).to_have_count(1)
    assert task.current_deadline is not None
    deadline = dmy(task.current_deadline)
    # Each line is read with its column's name, by eye and by a screen reader alike.
    expect(card.get_by_role("cell", name="Đơn vị chủ trì: Sở Tài chính")).to_be_visible()
    expect(card.get_by_role("cell", name=f"Hạn xử lý: {deadline}")).to_be_visible()
    expect(card.locator(".task-status .badge").first).to_be_visible()
    box = card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    title = card.locator(".task-title").bounding_box()
    unit = card.locator(".task-unit").bounding_box()
    assert title is not None and unit is not None and title["y"] < unit["y"]  # one under another
