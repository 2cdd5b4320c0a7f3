"""Logging in, in a real browser: a wrong password is told in Vietnamese, the right one lands on
the home page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from dondoc.browser_tests.helpers import PASSWORD, Site


def test_a_wrong_password_is_refused_in_vietnamese_and_the_right_one_lands_home(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as(None)
    page.goto(site.at("/"))
    expect(page).to_have_url(site.at("/tai-khoan/dang-nhap/?next=/"))
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    shot(page, "wrong-password")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("vanphong")

    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(site.at("/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    expect(page.get_by_role("link", name="Nhập văn bản")).to_be_visible()
