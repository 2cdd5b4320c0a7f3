"""The office chases (đôn đốc) a late unit from the task's page: the chase shows in the history
and the count; the unit's head reads it on the same page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from dondoc.browser_tests.helpers import DAY, Site, assert_accessible, assign, dmy
from dondoc.core.dates import today


def test_the_office_chases_a_late_task_and_the_history_shows_it(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    task = assign(on=today() - 60 * DAY, deadline=today() - 7 * DAY)
    office = open_as("vanphong")
    office.goto(site.at(f"/nhiem-vu/{task.pk}/"))
    office.get_by_role("link", name="Đôn đốc", exact=True).click()
    office.get_by_label("Nội dung đôn đốc").fill(
        "Nhiệm vụ đã quá hạn 7 ngày: đề nghị Sở Tài chính báo cáo kết quả trước ngày thứ Sáu."
    )
    assert_accessible(office)
    office.get_by_role("button", name="Đôn đốc").click()
    expect(office.get_by_role("alert")).to_contain_text("Đã đôn đốc Sở Tài chính.")
    history = office.locator("ol.list-group li").last
    expect(history).to_contain_text("Đôn đốc")
    expect(history).to_contain_text("báo cáo kết quả trước ngày thứ Sáu")
    expect(office.locator(".task-chases")).to_have_text(
        f"Số lần đôn đốc: 1, lần gần nhất {dmy(today())}"
    )
    shot(office, "chased")

    unit = open_as("sotaichinh")
    unit.goto(site.at(f"/nhiem-vu/{task.pk}/"))
    expect(unit.locator(".task-chases")).to_contain_text("Số lần đôn đốc: 1")
    expect(unit.get_by_role("link", name="Đôn đốc", exact=True)).to_have_count(0)


def test_the_office_chases_every_overdue_task_of_a_unit_from_its_page(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    assign(on=today() - 60 * DAY, deadline=today() - 3 * DAY)
    office = open_as("vanphong")
    office.goto(site.at("/bao-cao/don-vi/so-tai-chinh/"))
    office.get_by_role("link", name="Đôn đốc tất cả nhiệm vụ quá hạn").first.click()
    count = int(office.locator(".chase-count strong").inner_text())
    assert count >= 1
    office.get_by_label("Nội dung đôn đốc").fill(
        "Đề nghị Sở khẩn trương hoàn thành các nhiệm vụ quá hạn."
    )
    assert_accessible(office)
    shot(office, "confirm")
    office.get_by_role("button", name=f"Đôn đốc {count} nhiệm vụ").click()
    expect(office.get_by_role("alert")).to_contain_text(
        f"Đã đôn đốc {count} nhiệm vụ quá hạn của Sở Tài chính."
    )
    expect(office.get_by_text(f"1 lần, gần nhất {dmy(today())}").first).to_be_visible()
    shot(office, "unit-page")


def test_a_user_makes_a_private_calendar_address_on_the_profile_page(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    head = open_as("sotaichinh")
    head.get_by_role("button", name="Giám đốc Sở Tài chính").click()
    head.get_by_role("link", name="Tài khoản của tôi").click()
    head.get_by_role("button", name="Tạo địa chỉ lịch riêng").click()
    address = head.get_by_label("Địa chỉ lịch riêng").input_value()
    assert address.startswith("http://127.0.0.1:8000/lich/") and address.endswith(".ics")
    assert_accessible(head)
    shot(head, "profile")
    feed = head.request.get(site.at(address.removeprefix("http://127.0.0.1:8000")))
    assert feed.ok and feed.text().startswith("BEGIN:VCALENDAR")
