"""The unit picker used from the keyboard alone: type part of a name, move through the offered
units with the arrows, pick with Enter, close with Escape; the units offered are those of the
day the form names; several units become chips, removed from the keyboard too, and the task
form's coordinating units leave out the assigner and the lead unit chosen."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Locator, Page, Response, expect

from dondoc.browser_tests.helpers import Site, dmy
from dondoc.core.dates import today
from dondoc.organisations.models import Unit

LEAD_FILTER = "Đơn vị chủ trì (gồm đơn vị trực thuộc)"


def type_in(page: Page, box: Locator, text: str) -> Locator:
    """Type `text` key by key into a picker's box and wait for the units offered for all of it
    (earlier answers, for part of it, are replaced: hx-sync); its list."""

    def answers(response: Response) -> bool:
        query = parse_qs(urlparse(response.url).query)
        return "/don-vi/chon/goi-y/" in response.url and query.get("q") == [text]

    with page.expect_response(answers):
        box.press_sequentially(text)
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    return listbox


def choose(box: Locator, listbox: Locator, name: str) -> None:
    """Move down to the offered unit named `name` with the arrow key and pick it with Enter."""
    options = listbox.locator("[role=option]")  # by role, a closed list would have none
    names = options.evaluate_all("all => all.map(o => o.dataset.label)")
    index = next(i for i, text in enumerate(names) if name in text)
    for _ in range(index + 1):
        box.press("ArrowDown")
    expect(options.nth(index)).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(listbox).to_be_hidden()


def test_the_list_filter_picks_a_unit_of_the_day_with_the_keyboard(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("vanphong")
    page.goto(site.at("/nhiem-vu/"))
    page.get_by_label("Tại ngày", exact=True).fill("19/06/2020")
    box = page.get_by_role("combobox", name=LEAD_FILTER)
    box.focus()
    listbox = type_in(page, box, "cao loc")
    options = listbox.get_by_role("option")
    district = listbox.locator("[role=option][data-value='cao-loc']")
    expect(district).to_contain_text("Ủy ban nhân dân huyện Cao Lộc")
    assert options.count() >= 2

    box.press("ArrowDown")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    expect(options.nth(0)).to_have_attribute("aria-selected", "false")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id") or "")
    box.press("ArrowUp")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(options.nth(1)).to_have_attribute("aria-selected", "false")
    shot(page, "offered-2020")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("cao loc")  # closing picks nothing

    choose(box, listbox, "Ủy ban nhân dân huyện Cao Lộc")
    expect(box).to_have_value("Ủy ban nhân dân huyện Cao Lộc")
    box.press("Enter")  # the list closed: Enter sends the filter
    expect(page).to_have_url(re.compile(r"[?&]chu_tri=cao-loc(&|$)"))
    expect(page.get_by_role("combobox", name=LEAD_FILTER)).to_have_value(
        "Ủy ban nhân dân huyện Cao Lộc"
    )
    shot(page, "filtered")

    # After the 2025 reform the district no longer exists: it is not offered.
    page.get_by_label("Tại ngày", exact=True).fill(dmy(today()))
    box = page.get_by_role("combobox", name=LEAD_FILTER)
    box.fill("")
    listbox = type_in(page, box, "cao loc")
    expect(listbox.locator("[role=option][data-value='xa-cao-loc']")).to_have_count(1)
    expect(listbox.locator("[role=option][data-value='cao-loc']")).to_have_count(0)
    shot(page, "offered-today")


def test_coordinating_units_are_chips_added_and_removed_with_the_keyboard(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("vanphong")
    page.goto(site.at("/nhiem-vu/moi/"))
    lead = page.get_by_role("combobox", name="Đơn vị chủ trì", exact=True)
    coordinating = page.get_by_role("combobox", name="Đơn vị phối hợp", exact=True)
    chips = page.locator(".unit-chip")
    finance = Unit.objects.get(code="so-tai-chinh").pk
    province = Unit.objects.get(code="lang-son").pk

    # Neither the assigner (the provincial committee) nor, once chosen, the lead unit.
    coordinating.focus()
    listbox = type_in(page, coordinating, "tai chinh")
    expect(listbox.locator(f"[data-value='{finance}']")).to_have_count(1)
    coordinating.press("Escape")
    coordinating.fill("")
    listbox = type_in(page, coordinating, "lang son")
    expect(listbox.get_by_role("option").first).to_be_visible()
    expect(listbox.locator(f"[data-value='{province}']")).to_have_count(0)
    coordinating.press("Escape")
    coordinating.fill("")
    lead.focus()
    choose(lead, type_in(page, lead, "tai chinh"), "Sở Tài chính")
    expect(lead).to_have_value("Sở Tài chính tỉnh Lạng Sơn")
    coordinating.focus()
    listbox = type_in(page, coordinating, "tai chinh")
    expect(listbox.locator(f"[data-value='{finance}']")).to_have_count(0)
    coordinating.press("Escape")
    coordinating.fill("")

    choose(coordinating, type_in(page, coordinating, "xay dung"), "Sở Xây dựng")
    expect(coordinating).to_have_value("")
    choose(coordinating, type_in(page, coordinating, "ngoai vu"), "Sở Ngoại vụ")
    choose(coordinating, type_in(page, coordinating, "y te"), "Sở Y tế")
    expect(chips).to_have_count(3)
    expect(chips).to_contain_text(["Sở Xây dựng", "Sở Ngoại vụ", "Sở Y tế"])
    shot(page, "chips")

    coordinating.press("Backspace")  # in the empty box: the last chip goes
    expect(chips).to_have_count(2)
    coordinating.press("Shift+Tab")  # back to the last chip's remove button
    remove = page.get_by_role("button", name=re.compile("Sở Ngoại vụ"))
    expect(remove).to_be_focused()
    page.keyboard.press("Enter")
    expect(chips).to_have_count(1)
    expect(chips).to_contain_text(["Sở Xây dựng"])
    expect(coordinating).to_be_focused()
    shot(page, "chip-removed")
