"""Notification mails: Vietnamese subject and bodies, plain text and HTML, a link to the task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.notifications.delivery import deliver_once
from dondoc.notifications.models import Channel, Kind, Notification, Status
from dondoc.notifications.outbox import Item, enqueue_many
from dondoc.organisations.models import Unit
from dondoc.tasks import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(settings):
    settings.DONDOC_BASE_URL = "https://dondoc.langson.gov.vn"
    Notification.objects.filter(channel=Channel.EMAIL).delete()
    on = today() - dt.timedelta(days=3)
    return services.task_assign(
        title="Rà soát, đề xuất điều chỉnh dự toán ngân sách năm 2026",
        assigner=Unit.objects.get(code="lang-son"),
        lead_unit=Unit.objects.get(code="so-tai-chinh"),
        assigned_on=on,
        deadline=dt.date(2030, 12, 31),
        actor=User.objects.get(username="vanphong"),
    )


def test_an_assignment_mail_is_in_vietnamese_with_a_link_to_the_task(task):
    summary = deliver_once(token="t")
    assert summary.reminders == 1
    (message,) = mail.outbox
    assert message.to == ["sotaichinh@langson.example"]
    assert message.subject == (
        "[Đôn Đốc] Nhiệm vụ mới: Rà soát, đề xuất điều chỉnh dự toán ngân sách năm 2026"
    )
    link = f"https://dondoc.langson.gov.vn/nhiem-vu/{task.pk}/"
    assert "Kính gửi Giám đốc Sở Tài chính," in message.body
    assert "Đơn vị vừa được giao một nhiệm vụ mới." in message.body
    assert "Hạn xử lý: 31/12/2030" in message.body
    assert f"Xem nhiệm vụ: {link}" in message.body
    assert isinstance(message, EmailMultiAlternatives)
    html, kind = message.alternatives[0]
    assert isinstance(html, str)
    assert kind == "text/html"
    assert f'<a href="{link}">Xem nhiệm vụ</a>' in html
    assert "Cơ quan giao" in html


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_renders_a_vietnamese_subject_and_both_bodies(task, kind):
    head = User.objects.get(username="sotaichinh")
    enqueue_many([Item(kind=kind, recipient_id=head.pk, task_id=task.pk, data={"lines": ["Một"]})])
    mail.outbox.clear()
    deliver_once(token="t")
    subjects = [m.subject for m in mail.outbox]
    assert any(s.startswith("[Đôn Đốc] ") and s != "[Đôn Đốc] " for s in subjects)
    assert all(isinstance(m, EmailMultiAlternatives) and m.alternatives for m in mail.outbox)
    assert not Notification.objects.filter(channel=Channel.EMAIL, status=Status.PENDING).exists()


def test_a_mail_is_sent_once_however_often_the_sender_runs(task):
    deliver_once(token="a")
    deliver_once(token="b")
    assert len(mail.outbox) == 1
    row = Notification.objects.get(task=task, channel=Channel.EMAIL)
    assert row.status == Status.SENT and row.attempts == 1 and row.sent_at is not None


def test_held_mail_leaves_the_next_morning_as_one_digest(task):
    head = User.objects.get(username="sotaichinh")
    from dondoc.notifications.models import Group, Preference

    Preference.objects.create(user=head, group=Group.REMINDERS, email_digest=True)
    enqueue_many(
        Item(kind=kind, recipient_id=head.pk, task_id=task.pk)
        for kind in (Kind.REMINDER_BEFORE, Kind.REMINDER_DUE, Kind.REMINDER_OVERDUE)
    )
    deliver_once(token="a")
    assert len(mail.outbox) == 1  # the assignment only: the reminders wait for the morning
    mail.outbox.clear()
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1, hours=1)
    summary = deliver_once(token="a", now=lambda: tomorrow)
    (digest,) = mail.outbox
    assert summary.digests == 1
    assert digest.subject == "[Đôn Đốc] Tổng hợp 3 thông báo trong ngày"
    assert "Quá hạn: Rà soát" in digest.body
    deliver_once(token="b", now=lambda: tomorrow)
    assert len(mail.outbox) == 1
