"""A user's deadlines as an iCalendar file (RFC 5545), built with the `icalendar` package: one
all-day event per task, on its deadline in force, with a link to the task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from dondoc.feeds.selectors import DAYS_AHEAD, MAX_EVENTS
from dondoc.tasks.models import Task

PRODID = "-//Đôn Đốc//dondoc//VI"


def base_url() -> str:
    return str(getattr(settings, "DONDOC_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def task_url(task: Task) -> str:
    return base_url() + reverse("tasks:detail", args=[task.pk])


def uid_of(task: Task) -> str:
    """The event's identity: the same task is the same event, its deadline moved or not."""
    host = urlsplit(base_url()).hostname or "dondoc"
    return f"task-{task.pk}@{host}"


def calendar_of(tasks: Iterable[Task], *, now: dt.datetime | None = None) -> bytes:
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Đôn Đốc: hạn xử lý nhiệm vụ"))
    calendar.add(
        "x-wr-caldesc",
        _(
            "Hạn xử lý đang áp dụng của các nhiệm vụ chưa hoàn thành mà bạn được xem: mọi hạn đã qua và các hạn trong %(ahead)s ngày tới (tối đa %(max)s nhiệm vụ)."
        )
        % {"ahead": DAYS_AHEAD, "max": MAX_EVENTS},
    )
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = now.astimezone(dt.UTC)
    for task in tasks:
        deadline = task.current_deadline
        if deadline is None:
            continue
        event = Event()
        event.add("uid", uid_of(task))
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline)
        event.add("dtend", deadline + dt.timedelta(days=1))
        # A calendar app replaces its copy when the sequence grows: a moved deadline moves.
        event.add("sequence", task.version)
        event.add("summary", _("Hạn: %(title)s") % {"title": _short(task.title)})
        event.add(
            "description",
            "\n".join(
                [
                    _("Đơn vị chủ trì: %(unit)s") % {"unit": task.current_lead_unit.short_name},
                    _("Cơ quan giao: %(unit)s") % {"unit": task.assigner.short_name},
                    task_url(task),
                ]
            ),
        )
        event.add("url", task_url(task))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def _short(title: str, limit: int = 200) -> str:
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1] + "…"
