"""Date fields in a real browser: a day typed as dd/mm/yyyy is taken as it is, the calendar
button beside the box opens the browser's calendar and writes the day chosen there back as
dd/mm/yyyy, and a deadline on a Saturday is kept with a note that names the day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from dondoc.browser_tests.helpers import Site, dmy, pick_unit
from dondoc.core.dates import today


def _saturday() -> dt.date:
    day = today() + dt.timedelta(days=8)
    while day.weekday() != 5:
        day += dt.timedelta(days=1)
    return day


def _calendar(page: Page, label: str, day: dt.date) -> None:
    """Choose `day` on the calendar of the date field `label`, as a user picks it there: the
    button opens the native calendar, whose choice the page receives as a change of its value."""
    box = page.get_by_label(label, exact=True)
    field = page.locator("[data-day-input]").filter(has=box)
    button = field.get_by_role("button", name="Chọn ngày trên lịch")
    expect(button).to_be_visible()
    button.click()
    field.locator("[data-day-native]").fill(day.isoformat(), force=True)


def test_a_date_is_typed_or_chosen_on_the_calendar_and_a_saturday_is_named(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("vanphong")
    page.goto(site.at("/van-ban/moi/"))
    issued = page.get_by_label("Ngày ban hành")
    expect(issued).to_have_attribute("placeholder", "dd/mm/yyyy")
    issued.fill("9/6/2020")
    _calendar(page, "Ngày ban hành", dt.date(2020, 6, 19))
    expect(issued).to_have_value("19/06/2020")
    shot(page, "calendar-written-back")

    page.goto(site.at("/nhiem-vu/moi/"))
    page.get_by_label("Nội dung nhiệm vụ").fill("Kiểm tra việc thu hồi đất dự án đường tránh")
    pick_unit(page, "Đơn vị chủ trì", "Sở Tài chính")
    saturday = _saturday()
    _calendar(page, "Hạn xử lý", saturday)
    expect(page.get_by_label("Hạn xử lý", exact=True)).to_have_value(dmy(saturday))
    page.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()
    expect(page.get_by_text(f"Hạn xử lý {dmy(saturday)} là ngày nghỉ (Thứ Bảy)")).to_be_visible()
    expect(page.get_by_text("ngày nghỉ: Thứ Bảy")).to_be_visible()
    shot(page, "saturday-deadline")


def test_a_date_typed_wrong_is_explained_under_its_field(
    site: Site, open_as: Callable[..., Page]
) -> None:
    page = open_as("vanphong")
    page.goto(site.at("/nhiem-vu/?han_tu=31/12/2025&han_den=01/01/2025"))
    expect(page.get_by_text("phải sau hoặc bằng hạn từ ngày (31/12/2025)")).to_be_visible()
    page.goto(site.at("/van-ban/moi/"))
    page.get_by_label("Ngày ban hành").fill("19/06/20")
    page.get_by_role("button", name="Lưu và nhập nhiệm vụ").click()
    expect(
        page.get_by_text("Ngày ban hành phải theo dạng dd/mm/yyyy, ví dụ 19/06/2020")
    ).to_be_visible()
