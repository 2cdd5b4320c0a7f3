"""The office records a directive document, then the two tasks it gives, choosing the units by
their names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from dondoc.browser_tests.helpers import DAY, Site, dmy, pick_unit
from dondoc.core.dates import today
from dondoc.tasks.models import Task


def test_the_office_records_a_document_with_two_tasks(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path], tmp_path: Path
) -> None:
    scan = tmp_path / "thong-bao-912.pdf"
    scan.write_bytes(b"%PDF-1.4\n% Thong bao ket luan\n%%EOF\n")
    page = open_as("vanphong")
    page.get_by_role("link", name="Nhập văn bản").click()
    page.get_by_label("Số, ký hiệu").fill("912/TB-UBND")
    page.get_by_label("Ngày ban hành").fill(dmy(today()))
    page.get_by_label("Loại văn bản").select_option(label="Thông báo kết luận")
    page.get_by_label("Người ký", exact=True).select_option(label="Chủ tịch")
    page.get_by_label("Trích yếu").fill(
        "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Tài chính và Sở Xây dựng"
    )
    page.get_by_label("Tệp đính kèm").set_input_files(scan)
    shot(page, "document-form")
    page.get_by_role("button", name="Lưu và nhập nhiệm vụ").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu văn bản 912/TB-UBND")

    page.get_by_label("Nội dung nhiệm vụ").fill("Rà soát, tổng hợp nhu cầu vốn đầu tư công năm sau")
    pick_unit(page, "Đơn vị chủ trì", "Sở Tài chính")
    pick_unit(page, "Đơn vị phối hợp", "Sở Xây dựng")
    pick_unit(page, "Đơn vị phối hợp", "Sở Nội vụ")
    page.get_by_label("Hạn xử lý").fill(dmy(today() + 30 * DAY))
    shot(page, "first-task")
    page.get_by_role("button", name="Giao và nhập nhiệm vụ tiếp theo").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã giao nhiệm vụ cho Sở Tài chính.")

    page.get_by_label("Nội dung nhiệm vụ").fill(
        "Kiểm tra tiến độ các công trình giao thông trọng điểm"
    )
    pick_unit(page, "Đơn vị chủ trì", "Sở Xây dựng")
    page.get_by_label("hoặc số ngày làm việc").fill("10")
    page.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Đã giao nhiệm vụ cho Sở Xây dựng.")
    expect(page.get_by_text("10 ngày làm việc")).to_be_visible()

    page.get_by_role("link", name="912/TB-UBND", exact=False).click()
    tasks = page.locator("main .list-group-item")
    expect(tasks).to_have_count(2)
    first = tasks.filter(has_text="Rà soát, tổng hợp nhu cầu vốn đầu tư công năm sau")
    expect(first).to_contain_text(f"Sở Tài chính · hạn {dmy(today() + 30 * DAY)}")
    expect(tasks.filter(has_text="Kiểm tra tiến độ các công trình")).to_contain_text("Sở Xây dựng")
    expect(page.get_by_role("link", name="thong-bao-912.pdf")).to_be_visible()
    shot(page, "document")

    recorded = Task.objects.filter(document__number="912/TB-UBND").order_by("pk")
    assert [t.current_lead_unit.code for t in recorded] == ["so-tai-chinh", "so-xay-dung"]
    assert sorted(u.code for u in recorded[0].coordinating_units.all()) == [
        "so-noi-vu",
        "so-xay-dung",
    ]
