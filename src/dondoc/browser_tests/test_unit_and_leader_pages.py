"""A unit's page, a leader's page and a unit's start page in a browser, on a desk's screen
(1366 wide) and a phone's (390): they draw, their figures open the lists of their tasks, nothing
scrolls sideways, and axe finds nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, expect

from dondoc.browser_tests.helpers import Site, assert_accessible

DESK: ViewportSize = {"width": 1366, "height": 900}
SEED = "/bao-cao/don-vi/cao-loc/?ky=6-thang&nam=2020&ngay=19/06/2020"


def fits(page: Page, width: int) -> None:
    drawn = page.evaluate("document.scrollingElement.scrollWidth")
    assert drawn <= width, f"{page.url} is {drawn}px wide on a {width}px screen"


def test_cao_loc_page_shows_the_seed_figures_and_opens_their_tasks(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("canbo.caoloc")
    page.set_viewport_size(DESK)
    page.goto(site.at(SEED))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cao Lộc")
    expect(page.get_by_text("giao 13 nhiệm vụ")).to_be_visible()
    assert_accessible(page)
    fits(page, DESK["width"])
    shot(page, "unit-1366")
    # The range is asked for only for a custom period.
    expect(page.get_by_label("Từ ngày")).to_be_hidden()
    page.get_by_label("Kỳ báo cáo").select_option(label="Tùy chọn (từ ngày, đến ngày)")
    expect(page.get_by_label("Từ ngày")).to_be_visible()
    page.get_by_label("Kỳ báo cáo").select_option(label="6 tháng đầu năm")
    figures = page.get_by_role("table").filter(has_text="Tổng số nhiệm vụ được giao")
    figures.get_by_role("row").filter(has_text="Tổng số nhiệm vụ được giao").get_by_role(
        "link", name="13"
    ).click()
    expect(
        page.get_by_text(re.compile(r"^13 nhiệm vụ; tình trạng tính đến ngày 19/06/2020"))
    ).to_be_visible()

    phone = open_as("canbo.caoloc", phone=True)
    phone.goto(site.at(SEED))
    expect(phone.get_by_text("giao 13 nhiệm vụ")).to_be_visible()
    fits(phone, 390)
    assert_accessible(phone)
    shot(phone, "unit-390")


def test_the_leaders_page_draws_on_both_screens(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("phochutich")
    page.set_viewport_size(DESK)
    page.goto(site.at("/bao-cao/lanh-dao/?ky=nam&nam=2024&ngay=31/12/2024"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("phụ trách kinh tế")
    assert_accessible(page)
    fits(page, DESK["width"])
    shot(page, "leader-1366")
    phone = open_as("vanphong", phone=True)
    phone.goto(site.at("/bao-cao/lanh-dao/phochutich/?ky=nam&nam=2024&ngay=31/12/2024"))
    expect(phone.get_by_role("heading", level=1)).to_contain_text("phụ trách kinh tế")
    fits(phone, 390)
    assert_accessible(phone)
    shot(phone, "leader-390")


def test_a_units_start_page_draws_on_both_screens(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("dongdang")
    page.set_viewport_size(DESK)
    expect(page.get_by_role("heading", name="Việc chờ đơn vị", exact=False)).to_be_visible()
    assert_accessible(page)
    fits(page, DESK["width"])
    shot(page, "home-1366")
    page.get_by_role("link", name=re.compile("Quá hạn")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Danh sách nhiệm vụ")
    phone = open_as("canbo.caoloc", phone=True)
    expect(phone.get_by_text("kết thúc hoạt động sau ngày 30/06/2025")).to_be_visible()
    fits(phone, 390)
    assert_accessible(phone)
    shot(phone, "home-ended-390")
