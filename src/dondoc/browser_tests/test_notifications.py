"""A unit is told in its bell: it reads everything, the office chases it, the bell shows one, the
unit opens it and lands on the task; the preferences page is drawn as a table of choices."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from dondoc.accounts.models import User
from dondoc.browser_tests.helpers import Site, assert_accessible, assign
from dondoc.core.dates import today
from dondoc.tasks import services
from dondoc.tasks.rules import Kind


def test_a_chased_unit_sees_it_in_its_bell_and_opens_the_task(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    task = assign()
    unit = open_as("sotaichinh")
    bell = unit.locator(".notification-bell")
    expect(bell.locator("[data-unread]")).to_be_visible()  # the assignment, at least
    bell.click()
    expect(unit.get_by_role("heading", name="Thông báo")).to_be_visible()
    unit.get_by_role("button", name="Đánh dấu đã đọc tất cả").click()
    expect(unit.get_by_role("alert")).to_contain_text("Đã đánh dấu đã đọc")
    expect(bell.locator("[data-unread]")).to_have_count(0)

    office = User.objects.get(username="vanphong")
    services._append(task, Kind.CHASED, today(), office, text="Đề nghị khẩn trương báo cáo")
    unit.reload()
    expect(bell.locator("[data-unread]")).to_have_attribute("data-unread", "1")
    shot(unit, "bell")
    bell.click()
    first = unit.locator(".list-group-item").first
    expect(first).to_contain_text("Đôn đốc")
    expect(first).to_contain_text(task.title)
    expect(first).to_contain_text("Mới")
    shot(unit, "list")
    assert_accessible(unit)
    first.click()
    expect(unit).to_have_url(site.at(f"/nhiem-vu/{task.pk}/"))
    expect(bell.locator("[data-unread]")).to_have_count(0)


def test_the_preferences_page_saves_a_choice(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("caoloc")
    page.goto(site.at("/thong-bao/cai-dat/"))
    page.get_by_label("Thư điện tử: Nhắc hạn tự động").uncheck()
    page.get_by_label("Cách gửi thư: Đôn đốc").select_option(label="Gộp một thư mỗi ngày")
    shot(page, "preferences")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu cài đặt thông báo.")
    expect(page.get_by_label("Thư điện tử: Nhắc hạn tự động")).not_to_be_checked()
    expect(page.get_by_label("Cách gửi thư: Đôn đốc")).to_have_value("cuoi-ngay")
