"""Notification mails: a subject and a plain-text and HTML body per kind, from templates
notifications/mail/<kind>.txt|.html, with a link to the task on DONDOC_BASE_URL.

Users keep no language of their own (the page language is a cookie), so mails are written in the
site's language, Vietnamese (LANGUAGE_CODE).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dondoc.notifications.models import Kind, Notification

SUBJECTS = {
    Kind.ASSIGNED: gettext_noop("Nhiệm vụ mới: %(title)s"),
    Kind.HANDED_OVER: gettext_noop("Nhiệm vụ được chuyển giao cho đơn vị: %(title)s"),
    Kind.DEADLINE_CHANGED: gettext_noop("Hạn xử lý thay đổi: %(title)s"),
    Kind.COMPLETION_REPORTED: gettext_noop("Báo cáo hoàn thành: %(title)s"),
    Kind.EXTENSION_REQUESTED: gettext_noop("Đề nghị gia hạn: %(title)s"),
    Kind.EXTENSION_DECIDED: gettext_noop("Kết quả xem xét đề nghị gia hạn: %(title)s"),
    Kind.COMPLETION_CONFIRMED: gettext_noop("Đã xác nhận hoàn thành: %(title)s"),
    Kind.COMPLETION_RETURNED: gettext_noop("Báo cáo hoàn thành bị trả lại: %(title)s"),
    Kind.CHASED: gettext_noop("Đôn đốc thực hiện nhiệm vụ: %(title)s"),
    Kind.REMINDER_BEFORE: gettext_noop("Sắp đến hạn: %(title)s"),
    Kind.REMINDER_DUE: gettext_noop("Đến hạn hôm nay: %(title)s"),
    Kind.REMINDER_OVERDUE: gettext_noop("Quá hạn: %(title)s"),
    Kind.WEEKLY_DIGEST: gettext_noop("Tổng hợp nhiệm vụ trong tuần"),
}
SHORT_TITLE = 80


def task_link(task_id: int | None) -> str:
    """The task's page on the site, as a user's mail program opens it."""
    if task_id is None:
        return settings.DONDOC_BASE_URL + reverse("home")
    return settings.DONDOC_BASE_URL + reverse("tasks:detail", args=[task_id])


def _short(title: str) -> str:
    return title if len(title) <= SHORT_TITLE else title[: SHORT_TITLE - 1] + "…"


def subject_of(row: Notification) -> str:
    title = _short(row.task.title) if row.task is not None else ""
    subject = _(SUBJECTS[Kind(row.kind)]) % {"title": title}
    return "[Đôn Đốc] " + subject.rstrip(": ")  # a notification of no task names none


def _context(row: Notification) -> dict[str, Any]:
    return {
        "row": row,
        "recipient": row.recipient,
        "task": row.task,
        "event": row.event,
        "data": row.data,
        "link": task_link(row.task_id),
        "settings_link": settings.DONDOC_BASE_URL + reverse("notifications:preferences"),
    }


# The outbox rows a mail carries, for whoever traces a mail back to them (and the tests that count).
ROWS_HEADER = "X-Dondoc-Notification"


def _message(
    subject: str, template: str, context: dict[str, Any], rows: Sequence[Notification]
) -> EmailMultiAlternatives:
    text = render_to_string(f"notifications/mail/{template}.txt", context)
    html = render_to_string(f"notifications/mail/{template}.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [rows[0].recipient.email],
        headers={ROWS_HEADER: ",".join(str(row.pk) for row in rows)},
    )
    message.attach_alternative(html, "text/html")
    return message


def render_one(row: Notification) -> EmailMultiAlternatives:
    """The mail of one notification (its task, event and recipient loaded)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _message(subject_of(row), row.kind, _context(row), [row])


def render_digest(rows: Sequence[Notification]) -> EmailMultiAlternatives:
    """One mail carrying a user's notifications held for the daily digest."""
    recipient = rows[0].recipient
    with translation.override(settings.LANGUAGE_CODE):
        items = [
            {"subject": subject_of(row), "row": row, "link": task_link(row.task_id)} for row in rows
        ]
        subject = "[Đôn Đốc] " + _("Tổng hợp %(count)s thông báo trong ngày") % {"count": len(rows)}
        context = {
            "recipient": recipient,
            "items": items,
            "settings_link": settings.DONDOC_BASE_URL + reverse("notifications:preferences"),
        }
        return _message(subject, "daily_digest", context, rows)
