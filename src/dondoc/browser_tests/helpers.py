"""What the browser tests do on a page: log in, choose a unit, check accessibility, read a
figure; and the tasks they start from, recorded through the services as the office would."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.organisations.models import Unit
from dondoc.tasks import services
from dondoc.tasks.models import Task

PASSWORD = "DonDoc@2026"  # every demo account's (demo/people.py)
DAY = dt.timedelta(days=1)
_ROUNDS = itertools.count(1)


@dataclass
class Site:
    url: str

    def at(self, path: str) -> str:
        return f"{self.url}{path}"


def log_in(page: Page, site: Site, username: str) -> Page:
    page.goto(site.at("/tai-khoan/dang-nhap/"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(site.at("/"))
    return page


# The impacts that fail a page: all of them. The issue asks for no critical violation; the last
# lesser ones (an unlabelled second <nav>, empty table headers) are fixed, and the check keeps
# them so. Whatever does not fail is printed, for whoever reads the test's output.
FAILING_IMPACTS = {"critical", "serious", "moderate", "minor"}


def assert_accessible(page: Page) -> None:
    """axe-core's rules on the page as it is drawn now: no violation of a failing impact."""
    results = Axe().run(page)
    violations = results.response["violations"]
    for v in violations:
        if v["impact"] not in FAILING_IMPACTS:
            targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
            print(f"axe {v['impact']}: {v['id']} on {page.url}: {targets}")
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"{page.url}:\n" + "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} → "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in failing
    )


def pick_unit(page: Page, label: str, text: str) -> None:
    """Choose a unit by (part of) its name in the field labelled `label`, as a person does: in
    the unit picker, type it and click the offered unit (`input[role=combobox]` offering
    `[role=option]`s; several units become chips); in a plain list, select the option."""
    field = page.get_by_label(label, exact=True)
    tag = field.evaluate("e => e.tagName.toLowerCase()")
    if tag == "select":
        value = field.evaluate(
            """(select, text) => {
                const found = [...select.options].find(o => o.text.includes(text));
                if (!found) throw new Error(`no option with ${text} in ${select.name}`);
                return found.value;
            }""",
            text,
        )
        if field.evaluate("select => select.multiple"):
            chosen = field.evaluate("s => [...s.selectedOptions].map(o => o.value)")
            field.select_option([*chosen, value])
        else:
            field.select_option(value)
        return
    field.fill(text)
    option = page.get_by_role("option", name=re.compile(re.escape(text)))
    option.first.click()


def radio_looks_checked(radio: Locator) -> bool:
    """Whether a radio button is drawn checked: Bootstrap fills a checked one with the primary
    colour, an unchecked one stays white."""
    colour = radio.evaluate("r => getComputedStyle(r).backgroundColor")
    return bool(radio.is_checked()) and colour not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")


def dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def assign(
    *, lead: str = "so-tai-chinh", deadline: dt.date | None = None, on: dt.date | None = None
) -> Task:
    """A task the provincial office gave a unit twenty days ago (or `on`), due in forty days."""
    return services.task_assign(
        title=f"Kiểm tra việc thực hiện dự toán ngân sách, đợt {next(_ROUNDS)}",
        assigner=Unit.objects.get(code="lang-son"),
        lead_unit=Unit.objects.get(code=lead),
        assigned_on=on or today() - 20 * DAY,
        deadline=deadline or today() + 40 * DAY,
        actor=User.objects.get(username="vanphong"),
    )


def figures(page: Page, site: Site, *, start: dt.date, end: dt.date) -> dict[str, int]:
    """The figures page for the provincial committee's tasks given from `start` to `end`, as of
    today, filled in as a person would: each figure of the period by its key."""
    page.goto(site.at("/"))
    page.get_by_role("link", name="Số liệu", exact=True).click()
    page.get_by_label("Từ ngày", exact=True).fill(dmy(start))
    page.get_by_label("Đến ngày", exact=True).fill(dmy(end))
    page.get_by_role("button", name="Xem số liệu").click()
    expect(page.get_by_role("table")).to_be_visible()
    links = page.locator("table a[href*='tk_nhom=period%3A'], table a[href*='tk_nhom=period:']")
    found: dict[str, int] = {}
    for link in links.all():
        key = re.search(r"tk_nhom=period(?::|%3A)(\w+)", link.get_attribute("href") or "")
        if key:
            found[key.group(1)] = int(re.sub(r"\D", "", link.inner_text()))
    return found
