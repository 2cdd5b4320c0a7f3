"""A user's private calendar address: its feed holds exactly the deadlines in force of the open
tasks they see, parses as iCalendar, and answers nobody once revoked."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.feeds import services
from dondoc.feeds.models import CalendarToken
from dondoc.feeds.selectors import DAYS_AHEAD
from dondoc.feeds.services import digest_of
from dondoc.tasks import services as tasks
from dondoc.tasks.access import visible_tasks
from dondoc.tasks.models import Status, Task
from dondoc.tasks.tests.test_actions import assign, unit, user

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def feed(token: str) -> Calendar:
    response = Client().get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[int, tuple[dt.date, str, str]]:
    """Each event's task (from its UID): its day, summary and link."""
    found = {}
    for event in calendar.walk("VEVENT"):
        pk = int(re.fullmatch(r"task-(\d+)@.+", str(event["uid"])).group(1))  # type: ignore[union-attr]
        found[pk] = (event.decoded("dtstart"), str(event["summary"]), str(event["url"]))
    return found


def plain(lead: str, deadline: dt.date | None, assigned_on: dt.date | None = None) -> Task:
    """A task of the province for `lead` alone (no coordinating unit)."""
    return tasks.task_assign(
        title=f"Nhiệm vụ riêng của {lead}, hạn {deadline}",
        assigner=unit("lang-son"),
        lead_unit=unit(lead),
        assigned_on=assigned_on or today() - 10 * DAY,
        deadline=deadline,
        actor=user("vanphong"),
    )


def expected(name: str) -> dict[int, dt.date]:
    day = today()
    tasks = visible_tasks(user(name)).filter(
        current_status=Status.OPEN,
        current_deadline__lte=day + DAYS_AHEAD * DAY,
    )
    return dict(tasks.values_list("pk", "current_deadline"))


def test_the_feed_holds_exactly_the_visible_open_tasks_deadlines_as_all_day_events():
    token = services.calendar_token_create(user=user("sotaichinh"))
    mine = assign(deadline=today() + 10 * DAY)
    calendar = feed(token)
    assert str(calendar["version"]) == "2.0" and "Đôn Đốc" in str(calendar["prodid"])
    found = events(calendar)
    assert {pk: day for pk, (day, _s, _u) in found.items()} == expected("sotaichinh")
    day, summary, url = found[mine.pk]
    assert day == mine.current_deadline and not isinstance(day, dt.datetime)
    assert summary == f"Hạn: {mine.title}"
    assert url == f"http://127.0.0.1:8000/nhiem-vu/{mine.pk}/"
    for event in calendar.walk("VEVENT"):
        assert event.decoded("dtend") - event.decoded("dtstart") == DAY
        assert "dtstamp" in event


def test_a_task_overdue_for_years_is_in_the_feed_it_needs_following_up_most():
    token = services.calendar_token_create(user=user("sotaichinh"))
    old = plain("so-tai-chinh", today() - 800 * DAY, assigned_on=today() - 900 * DAY)
    assert old.pk in events(feed(token))


def test_another_users_tasks_are_absent_and_closed_or_undated_ones_too():
    token = services.calendar_token_create(user=user("dongdang"))
    theirs = plain("so-y-te", today() + 5 * DAY)
    own = plain("xa-dong-dang", today() + 5 * DAY)
    cancelled = plain("xa-dong-dang", today() + 6 * DAY)
    tasks.record(tasks.Cancel(reason="Không cần"), task=cancelled, actor=user("vanphong"))
    undated = plain("xa-dong-dang", None)
    found = events(feed(token))
    assert own.pk in found
    assert theirs.pk not in found and cancelled.pk not in found and undated.pk not in found
    assert set(found) == set(expected("dongdang"))
    assert not set(found) & set(expected("trangdinh")) - set(expected("dongdang"))


def test_an_extended_deadline_moves_the_event_and_keeps_its_uid():
    token = services.calendar_token_create(user=user("sotaichinh"))
    task = assign(deadline=today() + 10 * DAY)
    before = {str(e["uid"]): e for e in feed(token).walk("VEVENT")}
    new = today() + 40 * DAY
    tasks.record(
        tasks.RequestExtension(new_deadline=new, reason="Chờ số liệu"),
        task=task,
        actor=user("sotaichinh"),
    )
    tasks.record(
        tasks.DecideExtension(approve=True),
        task=Task.objects.get(pk=task.pk),
        actor=user("vanphong"),
    )
    after = {str(e["uid"]): e for e in feed(token).walk("VEVENT")}
    uid = next(u for u in after if u.startswith(f"task-{task.pk}@"))
    assert before[uid].decoded("dtstart") == today() + 10 * DAY
    assert after[uid].decoded("dtstart") == new
    assert int(str(after[uid]["sequence"])) > int(str(before[uid]["sequence"]))


def test_a_revoked_or_unknown_or_replaced_address_is_not_found():
    owner = user("sotaichinh")
    first = services.calendar_token_create(user=owner)
    second = services.calendar_token_create(user=owner)  # replaces the first
    client = Client()
    assert client.get(reverse("calendar_feed", args=[first])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[second])).status_code == 200
    services.calendar_token_revoke(user=owner)
    assert client.get(reverse("calendar_feed", args=[second])).status_code == 404
    assert client.get(reverse("calendar_feed", args=["khong-co"])).status_code == 404


def test_an_inactive_users_address_is_not_found():
    owner = user("sotaichinh")
    token = services.calendar_token_create(user=owner)
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert Client().get(reverse("calendar_feed", args=[token])).status_code == 404


def test_the_token_is_stored_only_as_its_hash():
    token = services.calendar_token_create(user=user("vanphong"))
    stored = CalendarToken.objects.get(user__username="vanphong", revoked_at__isnull=True)
    assert stored.digest == digest_of(token) and token not in stored.digest
    assert not CalendarToken.objects.filter(digest=token).exists()


def test_the_profile_page_shows_who_the_user_is_and_the_new_address_once(client_as):
    client = client_as("sotaichinh")
    page = client.get(reverse("profile")).content.decode()
    assert "Tài khoản của tôi" in page and "Giám đốc Sở Tài chính" in page
    assert "Sở Tài chính" in page and "Lãnh đạo đơn vị" in page
    assert reverse("password_change") in page
    assert "Bạn chưa có địa chỉ lịch riêng nào đang dùng." in page
    made = client.post(reverse("feeds:create"), follow=True).content.decode()
    address = re.search(r'value="(http://127\.0\.0\.1:8000/lich/[^"]+\.ics)"', made)
    assert address is not None
    token = address.group(1).rsplit("/", 1)[1].removesuffix(".ics")
    assert CalendarToken.objects.get(revoked_at__isnull=True, user__username="sotaichinh").digest == digest_of(token)  # fmt: skip
    again = client.get(reverse("profile")).content.decode()
    assert token not in again and "Bạn có một địa chỉ lịch riêng đang dùng" in again
    client.post(reverse("feeds:revoke"))
    assert Client().get(reverse("calendar_feed", args=[token])).status_code == 404


def test_the_user_menu_links_to_the_profile(client_as):
    page = client_as("canbo.caoloc").get(reverse("home")).content.decode()
    assert reverse("profile") in page and "Tài khoản của tôi" in page


def test_the_base_address_comes_from_the_setting(settings):
    settings.DONDOC_BASE_URL = "https://dondoc.langson.gov.vn/"
    token = services.calendar_token_create(user=user("sotaichinh"))
    task = assign(deadline=today() + 3 * DAY)
    event = next(
        e for e in feed(token).walk("VEVENT") if str(e["uid"]).startswith(f"task-{task.pk}@")
    )
    assert str(event["url"]) == f"https://dondoc.langson.gov.vn/nhiem-vu/{task.pk}/"
    assert str(event["uid"]) == f"task-{task.pk}@dondoc.langson.gov.vn"
    assert unit("so-tai-chinh").short_name in str(event["description"])
