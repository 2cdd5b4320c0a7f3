"""A reorganisation as the pages show it: a unit merged into another is in the tree up to its
last day and gone after, and each side's page names the other (who hands over, who takes over);
and a reorganisation recorded by the office on its page: the preview of what moves (a merge, and a
split whose tasks the office gives to one successor or the other in bulk), the hand-over, and the
successor's unit finding what it inherited, with its history."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from dondoc.browser_tests.helpers import Site, assign, dmy
from dondoc.core.dates import today
from dondoc.organisations.models import Unit
from dondoc.tasks.models import Task


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


def _row(within: Locator, task: Task) -> Locator:
    """The row of `within` that links to `task`."""
    link = within.page.get_by_role("link", name=task.title, exact=True)
    return within.get_by_role("row").filter(has=link)


def _preview(page: Page, mapping: str, decision: str) -> None:
    """The office opens the reorganisation page from the tree and asks for a preview."""
    page.get_by_role("link", name="Cơ cấu tổ chức").click()
    page.get_by_role("link", name="Sắp xếp tổ chức", exact=True).click()
    page.get_by_label("Ngày các đơn vị kế nhiệm bắt đầu").fill(dmy(today()))
    page.get_by_label("Văn bản quyết định").fill(decision)
    page.get_by_label(re.compile("^Phương án")).fill(mapping)
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("#reorganise-preview")).to_contain_text(dmy(today()))


def test_the_office_merges_a_commune_and_the_successor_finds_what_it_inherited(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    moving = assign(lead="xa-cong-son")
    given_today = assign(lead="xa-cong-son", on=today())  # after the commune's last day: stays
    page = open_as("vanphong")
    _preview(page, "xa-cong-son, xa-dong-dang", "Nghị quyết số 15/NQ-HĐND")
    merge = page.locator(".card").filter(has=page.locator("code", has_text="xa-cong-son"))
    expect(merge.locator(".card-header")).to_contain_text("Xã Đồng Đăng")
    expect(_row(merge, moving)).to_contain_text("→ Xã Đồng Đăng")
    expect(_row(merge, given_today)).to_contain_text("Không bàn giao được")
    expect(_row(merge, given_today)).to_contain_text("hãy giao lại cho đơn vị đang hoạt động")
    shot(page, "preview")

    page.get_by_role("button", name="Thực hiện bàn giao").click()
    expect(page).to_have_url(re.compile(r"/don-vi/sap-xep/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Sắp xếp tổ chức từ ngày {dmy(today())}"
    )
    handovers = page.locator("#handovers")
    expect(_row(handovers, moving)).to_contain_text("Xã Công Sơn")
    expect(_row(handovers, moving)).to_contain_text("Xã Đồng Đăng")
    expect(_row(handovers, given_today)).to_have_count(0)
    shot(page, "handed-over")
    given_today.refresh_from_db()
    assert given_today.current_lead_unit.code == "xa-cong-son"

    commune = open_as("dongdang")
    commune.goto(site.at("/nhiem-vu/hop-thu/"))
    commune.get_by_role("link", name=moving.title).first.click()
    expect(commune).to_have_url(site.at(f"/nhiem-vu/{moving.pk}/"))
    change = commune.locator("li", has_text="Đổi đơn vị chủ trì")
    expect(change).to_contain_text("Xã Đồng Đăng")
    expect(change).to_contain_text("Bàn giao do sắp xếp tổ chức")
    expect(change).to_contain_text("Nghị quyết số 15/NQ-HĐND")
    shot(commune, "inherited")


def test_the_office_splits_a_commune_choosing_each_tasks_successor_in_bulk(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    ours = [assign(lead="xa-quoc-khanh") for _ in range(2)]
    others = list(
        Task.objects.filter(current_lead_unit__code="xa-quoc-khanh", current_status="open").exclude(
            pk__in=[t.pk for t in ours]
        )
    )
    assert others, "the demo gives Quốc Khánh an open task of its own"
    page = open_as("vanphong")
    _preview(page, "xa-quoc-khanh, xa-that-khe\nxa-quoc-khanh, xa-na-sam", "")
    split = page.locator(".card").filter(has=page.locator("code", has_text="xa-quoc-khanh"))
    for task in [*ours, *others]:
        expect(_row(split, task)).to_contain_text("Chưa chọn đơn vị kế nhiệm")
    shot(page, "undecided")

    # Two tasks to Na Sầm, then all those left to Thất Khê at once.
    for task in ours:
        split.get_by_label(f"Chọn nhiệm vụ {task.pk}", exact=True).check()
    split.get_by_label("Giao các nhiệm vụ đã chọn cho").select_option(label="Xã Na Sầm")
    split.get_by_role("button", name="Áp dụng cho các nhiệm vụ đã chọn").click()
    for task in ours:
        expect(_row(split, task)).to_contain_text("→ Xã Na Sầm")
    for task in others:
        expect(_row(split, task)).to_contain_text("Chưa chọn đơn vị kế nhiệm")
    split.get_by_label("Chọn mọi nhiệm vụ chưa có đơn vị kế nhiệm").check()
    split.get_by_label("Giao các nhiệm vụ đã chọn cho").select_option(label="Xã Thất Khê")
    split.get_by_role("button", name="Áp dụng cho các nhiệm vụ đã chọn").click()
    for task in others:
        expect(_row(split, task)).to_contain_text("→ Xã Thất Khê")
    for task in ours:
        expect(_row(split, task)).to_contain_text("→ Xã Na Sầm")
    expect(page.locator("#reorganise-preview + p")).to_contain_text("0 chưa chọn đơn vị kế nhiệm")
    # The choices are the plan's rows, kept for whoever reads the plan before confirming.
    expect(page.get_by_label(re.compile("^Phương án"))).to_have_value(
        re.compile(rf"xa-quoc-khanh, xa-na-sam, {ours[0].pk}")
    )
    shot(page, "chosen")

    page.get_by_role("button", name="Thực hiện bàn giao").click()
    expect(page).to_have_url(re.compile(r"/don-vi/sap-xep/\d+/$"))
    handovers = page.locator("#handovers")
    for task in ours:
        expect(_row(handovers, task)).to_contain_text("Xã Na Sầm")
    for task in others:
        expect(_row(handovers, task)).to_contain_text("Xã Thất Khê")
    shot(page, "handed-over")
    na_sam = Unit.objects.get(code="xa-na-sam")
    assert {t.pk for t in Task.objects.filter(current_lead_unit=na_sam)} >= {t.pk for t in ours}
