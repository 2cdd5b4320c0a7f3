"""The lead unit reports progress, then completion, with the files that prove it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from dondoc.browser_tests.helpers import Site, assign, dmy
from dondoc.core.dates import today
from dondoc.tasks.models import TaskEvent


def test_the_unit_reports_progress_and_completion_with_files(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path], tmp_path: Path
) -> None:
    task = assign()
    minutes = tmp_path / "bien-ban-kiem-tra.pdf"
    minutes.write_bytes(b"%PDF-1.4\n% Bien ban kiem tra\n%%EOF\n")
    report = tmp_path / "bao-cao-ket-qua.pdf"
    report.write_bytes(b"%PDF-1.4\n% Bao cao ket qua\n%%EOF\n")
    page = open_as("sotaichinh")
    page.get_by_role("link", name="Nhiệm vụ của đơn vị").click()
    page.get_by_role("link", name=task.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(task.title)

    page.get_by_role("link", name="Báo cáo tiến độ").click()
    page.get_by_label("Nội dung").fill("Đã kiểm tra 8/14 đơn vị dự toán")
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("60")
    page.get_by_label("Tệp đính kèm").set_input_files(minutes)
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận")
    expect(page.get_by_text("60%", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="bien-ban-kiem-tra.pdf")).to_be_visible()

    page.get_by_role("link", name="Báo cáo hoàn thành").click()
    expect(page.get_by_label("Ngày hoàn thành")).to_have_value(dmy(today()))
    page.get_by_label("Kết quả thực hiện").fill("Đã kiểm tra đủ 14 đơn vị, báo cáo UBND tỉnh")
    page.get_by_label("Văn bản báo cáo kết quả").fill("215/BC-STC")
    page.get_by_label("Tệp đính kèm").set_input_files(report)
    page.get_by_role("button", name="Gửi báo cáo hoàn thành").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận")
    expect(page.get_by_text("Văn bản: 215/BC-STC")).to_be_visible()
    shot(page, "reported")

    # The file is there to be read by the office.
    with page.expect_download() as sent:
        page.get_by_role("link", name="bao-cao-ket-qua.pdf").click()
    assert Path(sent.value.path()).read_bytes() == report.read_bytes()
    kinds = list(TaskEvent.objects.filter(task=task).values_list("kind", flat=True))
    assert kinds[-2:] == ["progress", "completion_reported"]
