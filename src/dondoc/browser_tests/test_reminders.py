"""The office reads its weekly digest and a unit its reminders in the notification list, and a
digest's group leads to the task list of exactly those tasks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from dondoc.accounts.models import User
from dondoc.browser_tests.helpers import DAY, Site, assert_accessible, assign
from dondoc.core.dates import today
from dondoc.notifications.digest import digest_items
from dondoc.notifications.outbox import enqueue_many
from dondoc.notifications.planning import reminder_items, reminder_settings
from dondoc.workdays.services import working_calendar


def test_the_office_opens_a_group_of_its_weekly_digest_and_a_unit_reads_its_reminder(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    late = assign(on=today() - 90 * DAY, deadline=today() - 20 * DAY)
    office = User.objects.get(username="vanphong")
    enqueue_many(item for item in digest_items(today()) if item.recipient_id == office.pk)
    page = open_as("vanphong")
    page.goto(site.at("/thong-bao/"))
    digest = page.locator("[data-digest]").first
    expect(digest).to_contain_text("Tổng hợp hằng tuần")
    expect(digest).to_contain_text("Ủy ban nhân dân tỉnh Lạng Sơn giao cần theo dõi")
    shot(page, "weekly-digest")
    assert_accessible(page)
    digest.get_by_role("link", name="Quá hạn").click()
    expect(page.locator(f'a[href="/nhiem-vu/{late.pk}/"]').first).to_be_visible()
    shot(page, "weekly-digest-overdue-list")

    calendar = working_calendar(start=today() - 2000 * DAY, end=today() + 60 * DAY)
    day = today()
    while not calendar.is_working_day(day):
        day += DAY
    # The reminder 5 working days before the deadline, planned on the first working day from today.
    due = calendar.add_working_days(day, 5)
    task = assign(deadline=due)
    _tasks, items = reminder_items(day, calendar, reminder_settings())
    enqueue_many(item for item in items if item.task_id == task.pk)
    unit = open_as("sotaichinh")
    unit.goto(site.at("/thong-bao/"))
    row = unit.locator(".list-group-item", has_text=task.title).first
    expect(row).to_contain_text("Sắp đến hạn")
    expect(row).to_contain_text(f"Còn 5 ngày làm việc đến hạn {due:%d/%m/%Y}")
    shot(unit, "reminder")
