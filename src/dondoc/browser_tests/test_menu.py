"""The menu on a common office screen (1366 × 768): the committee office's whole menu on one line;
and the pages of an unknown address and of a refused one, drawn in Vietnamese like the rest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, expect

from dondoc.browser_tests.helpers import Site

OFFICE_SCREEN: ViewportSize = {"width": 1366, "height": 768}

# The vertical middle of the brand and of every item of the menu bar: the menu's links, the
# language switch and the user's button.
MIDDLES = """() => {
    const middle = (e) => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; };
    const items = [...document.querySelectorAll(
        "#main-nav .nav-link, #main-nav select, #main-nav .user-menu")];
    return {
        brand: middle(document.querySelector(".navbar-brand")),
        items: items.map(e => [e.textContent.trim() || e.tagName, middle(e)]),
        height: document.querySelector("nav.navbar").getBoundingClientRect().height,
    };
}"""


def test_the_offices_menu_is_one_line_on_a_1366_pixel_screen(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("vanphong")
    page.set_viewport_size(OFFICE_SCREEN)
    page.goto(site.at("/"))
    expect(page.get_by_role("button", name="Mở trình đơn")).to_be_hidden()
    for name in ("Nhiệm vụ của đơn vị", "Chờ xử lý", "Nhập văn bản", "Cơ cấu tổ chức"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    shot(page, "office-menu")
    bar = page.evaluate(MIDDLES)
    assert len(bar["items"]) >= 9, bar["items"]  # eight links, the language, the user
    off_line = [(name, y) for name, y in bar["items"] if abs(y - bar["brand"]) > 4]
    assert off_line == [], f"items below the brand's line: {off_line}"
    assert bar["height"] < 64, f"the menu bar is {bar['height']}px high: more than one line"


def test_an_unknown_address_shows_the_vietnamese_page_with_the_menu(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("sotaichinh")
    page.set_viewport_size(OFFICE_SCREEN)
    response = page.goto(site.at("/khong-co-trang-nay/"))
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy")
    expect(page.get_by_text("Trang bạn tìm không có")).to_be_visible()
    expect(page.get_by_role("link", name="Về trang chủ")).to_be_visible()
    expect(page.get_by_role("link", name="Tra cứu", exact=True)).to_be_visible()
    shot(page, "404")


def test_a_refused_page_says_why_in_vietnamese(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("vanphong.caoloc")  # Cao Lộc's office: the district ended on 30/06/2025
    page.set_viewport_size(OFFICE_SCREEN)
    expect(page.get_by_role("link", name="Chờ xử lý")).to_have_count(0)
    response = page.goto(site.at("/nhiem-vu/cho-xu-ly/"))  # typed, not offered
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Không được phép")
    expect(page.get_by_text("mới có hàng chờ xử lý")).to_be_visible()
    shot(page, "403")
