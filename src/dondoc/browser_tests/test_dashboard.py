"""The dashboard in a browser: its charts are drawn, a bar opens exactly the tasks it counts, the
phone reads the tables instead, and the page passes the accessibility check."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from dondoc.browser_tests.helpers import Site, assert_accessible

SEED = "/bao-cao/?giao=lang-son&ky=6-thang&nam=2020&ngay=19/06/2020"
COUNT = re.compile(r"(\d+) nhiệm vụ; tình trạng tính đến ngày")


def drawn_pixels(page: Page, selector: str) -> int:
    """How many pixels of the chart's canvas are not blank."""
    return int(
        page.locator(selector).evaluate(
            """canvas => {
                const ctx = canvas.getContext("2d");
                const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
                let drawn = 0;
                for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn++;
                return drawn;
            }"""
        )
    )


def listed_count(page: Page) -> int:
    """The number of tasks the task list says it found."""
    found = COUNT.search(page.locator("main").inner_text())
    assert found, "the list says how many tasks it found"
    return int(found.group(1))


def test_the_dashboard_draws_its_charts_and_a_bar_opens_its_tasks(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("vanphong")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(site.at(SEED))
    expect(page.locator("#narrative")).to_contain_text("Đến ngày 19/6/2020")
    canvas = '[data-chart="units"] canvas'
    expect(page.locator(canvas)).to_be_visible()
    assert drawn_pixels(page, canvas) > 1000
    assert drawn_pixels(page, '[data-chart="months"] canvas') > 1000
    shot(page, "1366")

    # The Cao Lộc bar's "ahead" part: click at its pixel position, as a person does.
    target = page.locator(canvas).evaluate(
        """canvas => {
            const chart = Chart.getChart(canvas);
            const row = chart.data.labels.indexOf("UBND huyện Cao Lộc");
            const series = chart.data.datasets.findIndex(d => d.label === "Hoàn thành trước hạn");
            const bar = chart.getDatasetMeta(series).data[row];
            return {
                x: bar.getCenterPoint().x,
                y: bar.getCenterPoint().y,
                value: chart.data.datasets[series].data[row],
                link: chart.data.datasets[series].links[row],
            };
        }"""
    )
    assert target["value"] == 4  # the seed: Cao Lộc's four tasks done ahead of time
    page.locator(canvas).click(position={"x": target["x"], "y": target["y"]})
    expect(page).to_have_url(re.compile(r"/nhiem-vu/\?"))
    assert page.url.endswith(target["link"].split("?", 1)[1]) or target["link"] in page.url
    assert listed_count(page) == 4


def test_a_table_link_opens_the_list_with_that_figures_count(
    site: Site, open_as: Callable[..., Page]
) -> None:
    page = open_as("vanphong")
    page.goto(site.at(SEED))
    row = page.locator(
        "#units-table tr", has=page.get_by_role("rowheader", name="UBND huyện Cao Lộc")
    )
    link = row.locator('a[data-series="late"]')
    expect(link).to_have_text("5")
    link.focus()  # a table link in sight when the keyboard reaches it
    expect(link).to_be_visible()
    link.click()
    assert listed_count(page) == 5


def test_the_phone_shows_the_tables_instead_of_the_charts(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("vanphong", phone=True)
    page.goto(site.at(SEED))
    expect(page.locator("#units-table")).to_be_visible()
    expect(page.locator("#months-table")).to_be_visible()
    expect(page.locator('[data-chart="units"] canvas')).to_be_hidden()
    expect(page.locator('[data-chart="months"] canvas')).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "nothing sticks out of the phone's screen"
    shot(page, "390")


def test_the_dashboard_passes_the_accessibility_check(
    site: Site, open_as: Callable[..., Page]
) -> None:
    page = open_as("vanphong")
    page.goto(site.at(SEED))
    expect(page.locator('[data-chart="units"] canvas')).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kỳ báo cáo").select_option("tuy-chon")
    expect(page.get_by_label("Từ ngày")).to_be_visible()
    expect(page.get_by_label("Tháng", exact=True)).to_be_hidden()
    assert_accessible(page)


def test_the_period_select_shows_only_the_fields_it_needs(
    site: Site, open_as: Callable[..., Page]
) -> None:
    page = open_as("vanphong")
    page.goto(site.at("/bao-cao/"))
    period = page.get_by_label("Kỳ báo cáo")
    expect(period).to_have_value("nam")
    for hidden in ("Tháng", "Quý", "Từ ngày", "Đến ngày"):
        expect(page.get_by_label(hidden, exact=True)).to_be_hidden()
    period.select_option("quy")
    expect(page.get_by_label("Quý", exact=True)).to_be_visible()
    expect(page.get_by_label("Tháng", exact=True)).to_be_hidden()
    page.get_by_label("Quý", exact=True).select_option("3")
    page.get_by_label("Năm", exact=True).fill("2022")
    page.get_by_label("Số liệu đến ngày").fill("23/09/2022")
    page.get_by_role("button", name="Xem số liệu").click()
    expect(page.locator("#narrative")).to_contain_text("Quý III/2022")


def test_a_typed_range_hides_the_year_it_does_not_use(
    site: Site, open_as: Callable[..., Page]
) -> None:
    page = open_as("vanphong")
    page.goto(site.at("/bao-cao/"))
    year = page.get_by_label("Năm", exact=True)
    expect(year).to_be_visible()
    page.get_by_label("Kỳ báo cáo").select_option("tuy-chon")
    expect(year).to_be_hidden()
    expect(page.get_by_label("Từ ngày")).to_be_visible()
    page.get_by_label("Kỳ báo cáo").select_option("9-thang")
    expect(year).to_be_visible()


def top(page: Page, label: str) -> float:
    box = page.get_by_label(label, exact=True).bounding_box()
    assert box is not None, label
    return box["y"]


def test_a_message_on_a_field_moves_no_other_field(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    for phone in (False, True):
        page = open_as("vanphong", phone=phone)
        if not phone:
            page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(site.at(SEED))
        # The fields on the erring field's line (on a phone, above it) stay where they were.
        first_row = ("Cơ quan giao", "Đơn vị chủ trì", "Kỳ báo cáo", "Năm", "Số liệu đến ngày")
        before = {label: top(page, label) for label in first_row}
        page.goto(site.at(SEED.replace("19/06/2020", "32/13/2020")))
        expect(page.locator(".invalid-feedback")).to_contain_text("Số liệu đến ngày")
        assert {label: top(page, label) for label in first_row} == before
        if not phone:  # on one line, the inputs of the first row are level
            assert len(set(before.values())) == 1
        # A checkbox sits before its label, on the label's line.
        box = page.get_by_label("Chỉ nhiệm vụ trọng tâm").bounding_box()
        label = page.locator("label", has_text="Chỉ nhiệm vụ trọng tâm").bounding_box()
        assert box is not None and label is not None
        assert box["x"] + box["width"] <= label["x"]
        assert label["y"] <= box["y"] + box["height"] / 2 <= label["y"] + label["height"]
        shot(page, "390-error" if phone else "1366-error")


def test_the_copy_button_copies_the_narrative(site: Site, open_as: Callable[..., Page]) -> None:
    page = open_as("vanphong")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page.goto(site.at(SEED))
    page.get_by_role("button", name="Sao chép").click()
    expect(page.get_by_role("button", name="Đã sao chép")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#narrative").inner_text().strip()
