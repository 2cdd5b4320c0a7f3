"""The office decides: it approves an extension, confirms one completion and returns another;
the figures page follows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from dondoc.accounts.models import User
from dondoc.browser_tests.helpers import DAY, Site, assign, dmy, figures, radio_looks_checked
from dondoc.core.dates import today
from dondoc.tasks import services


def test_the_office_approves_an_extension_the_unit_asked_for(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    task = assign(deadline=today() + 10 * DAY)
    unit = open_as("sotaichinh")
    unit.goto(site.at(f"/nhiem-vu/{task.pk}/"))
    unit.get_by_role("link", name="Đề nghị gia hạn").click()
    unit.get_by_label("Đề nghị gia hạn đến ngày").fill(dmy(today() + 45 * DAY))
    unit.get_by_label("Lý do").fill("Chờ ý kiến thẩm định của Bộ Tài chính")
    unit.get_by_role("button", name="Gửi đề nghị").click()
    expect(unit.get_by_role("alert")).to_contain_text("Đã ghi nhận")

    office = open_as("vanphong")
    office.get_by_role("link", name="Chờ xử lý").click()
    office.get_by_role("link", name=task.title).click()
    office.get_by_role("link", name="Quyết định gia hạn").click()
    expect(office.get_by_text(f"đề nghị gia hạn đến {dmy(today() + 45 * DAY)}")).to_be_visible()
    approve = office.get_by_role("radio", name="Đồng ý gia hạn")
    refuse = office.get_by_role("radio", name="Không đồng ý")
    assert not radio_looks_checked(approve)
    new_deadline = office.get_by_label("Hạn mới")
    expect(new_deadline).to_be_hidden()  # no decision chosen yet
    office.get_by_text("Không đồng ý", exact=True).click()
    expect(new_deadline).to_be_hidden()
    expect(new_deadline).to_be_disabled()  # not sent while hidden
    office.get_by_text("Đồng ý gia hạn", exact=True).click()  # its label, as a person clicks
    assert radio_looks_checked(approve), "the chosen radio button is not drawn checked"
    assert not radio_looks_checked(refuse)
    expect(new_deadline).to_be_visible()
    shot(office, "approve-chosen")
    office.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(office.get_by_role("alert")).to_contain_text(
        f"Đã đồng ý gia hạn: hạn xử lý mới là ngày {dmy(today() + 45 * DAY)}."
    )
    deadline = office.locator("dt:has-text('Hạn xử lý') + dd")
    expect(deadline).to_contain_text(dmy(today() + 45 * DAY))
    expect(deadline).to_contain_text(f"hạn ban đầu: {dmy(today() + 10 * DAY)}")
    shot(office, "approved")


def test_the_office_confirms_one_completion_returns_another_and_the_figures_follow(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    office = open_as("vanphong")
    period = {"start": today() - 30 * DAY, "end": today()}
    before = figures(office, site, **period)
    head = User.objects.get(username="sotaichinh")
    done, redo = assign(), assign()
    for task in (done, redo):
        services.record(
            services.ReportCompletion(on=today(), result="Đã hoàn thành"), task=task, actor=head
        )
    reported = figures(office, site, **period)
    assert reported["all"] == before["all"] + 2
    assert reported["awaiting_confirmation"] == before["awaiting_confirmation"] + 2
    assert reported["completed"] == before["completed"]

    office.get_by_role("link", name="Chờ xử lý").click()
    office.get_by_role("link", name=done.title).click()
    office.get_by_role("link", name="Xác nhận hoàn thành").click()
    office.get_by_label("Ý kiến").fill("Kết quả đạt yêu cầu")
    office.get_by_role("button", name="Xác nhận hoàn thành").click()
    expect(office.get_by_role("alert")).to_contain_text("Đã ghi nhận: Xác nhận hoàn thành")

    office.get_by_role("link", name="Chờ xử lý").click()
    expect(office.get_by_role("link", name=done.title)).to_have_count(0)
    office.get_by_role("link", name=redo.title).click()
    office.get_by_role("link", name="Trả lại báo cáo hoàn thành").click()
    office.get_by_label("Lý do").fill("Thiếu biên bản kiểm tra tại hai đơn vị")
    office.get_by_role("button", name="Trả lại").click()
    expect(office.get_by_role("alert")).to_contain_text("Đã ghi nhận: Trả lại báo cáo hoàn thành")

    after = figures(office, site, **period)
    shot(office, "figures-after")
    assert after["all"] == before["all"] + 2
    assert after["completed"] == before["completed"] + 1
    assert after["ahead"] == before["ahead"] + 1  # reported today, due in forty days
    assert after["open"] == before["open"] + 1
    assert after["awaiting_confirmation"] == before["awaiting_confirmation"]
