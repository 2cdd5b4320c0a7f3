"""A reorganisation as the pages show it: a unit merged into another is in the tree up to its
last day and gone after, and each side's page names the other (who hands over, who takes over).

Drawn against the pages of today (the tree and the unit page); the reorganisation's own preview
and hand-over pages come with the reorganisation work, whose test goes here beside this one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from dondoc.browser_tests.helpers import Site, dmy
from dondoc.core.dates import today


def test_a_merged_department_hands_over_to_its_successor(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("vanphong")
    page.get_by_role("link", name="Cơ cấu tổ chức").click()
    tree = page.locator("#unit-tree")
    page.get_by_label("Tại ngày").fill("28/02/2025")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(tree.get_by_role("link", name="Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn")).to_be_visible()
    shot(page, "tree-before")
    page.get_by_label("Tại ngày").fill(dmy(today()))
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(tree.get_by_role("link", name="Sở Tài chính tỉnh Lạng Sơn")).to_be_visible()
    expect(tree.get_by_text("Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn")).to_have_count(0)

    page.goto(site.at("/don-vi/so-ke-hoach-dau-tu/"))
    expect(page.get_by_text("Đơn vị này không tồn tại vào ngày")).to_be_visible()
    expect(page.locator("dt:has-text('Đơn vị kế nhiệm') + dd")).to_have_text(
        "Sở Tài chính tỉnh Lạng Sơn"
    )
    page.goto(site.at("/don-vi/so-tai-chinh/"))
    expect(page.locator("dt:has-text('Tiếp nhận từ') + dd")).to_contain_text(
        "Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn"
    )
    shot(page, "successor")
