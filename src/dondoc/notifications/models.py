"""The outbox: one row per notification, recipient and channel, written in the transaction of the
event that causes it (services/outbox) and delivered by `dondoc send_notifications` (delivery.py).

The database is the queue: a mail row is *pending* until a sender claims it (claimed_by,
claimed_until), then *sent*, or retried after a failure (attempts, next_attempt_at, last_error) and
*failed* after DONDOC_NOTIFY_MAX_ATTEMPTS tries; a row is never deleted by delivery. E-mail a user
wants in a daily digest waits *held* until the day's digest mail carries it. An in-app row is
delivered by being written: it is *sent* at once and read when its recipient opens it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification says. Values are stored; never rename one."""

    ASSIGNED = "assigned", _("Nhiệm vụ mới được giao")
    HANDED_OVER = "handed_over", _("Nhiệm vụ được chuyển giao")
    DEADLINE_CHANGED = "deadline_changed", _("Hạn xử lý thay đổi")
    COMPLETION_REPORTED = "completion_reported", _("Báo cáo hoàn thành")
    EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
    EXTENSION_DECIDED = "extension_decided", _("Đề nghị gia hạn đã được xem xét")
    COMPLETION_CONFIRMED = "completion_confirmed", _("Hoàn thành được xác nhận")
    COMPLETION_RETURNED = "completion_returned", _("Báo cáo hoàn thành bị trả lại")
    CHASED = "chased", _("Đôn đốc")
    REMINDER_BEFORE = "reminder_before", _("Sắp đến hạn")
    REMINDER_DUE = "reminder_due", _("Đến hạn hôm nay")
    REMINDER_OVERDUE = "reminder_overdue", _("Quá hạn")
    WEEKLY_DIGEST = "weekly_digest", _("Tổng hợp hằng tuần")


class Group(models.TextChoices):
    """Kinds as a user chooses them on the preferences page."""

    ARRIVALS = "arrivals", _("Nhiệm vụ giao, chuyển giao, đổi hạn")
    REQUESTS = "requests", _("Báo cáo hoàn thành và đề nghị gia hạn gửi đến")
    DECISIONS = "decisions", _("Kết quả xem xét gia hạn, xác nhận hoặc trả lại")
    CHASES = "chases", _("Đôn đốc")
    REMINDERS = "reminders", _("Nhắc hạn tự động")
    DIGESTS = "digests", _("Tổng hợp hằng tuần")


GROUP_OF_KIND: dict[str, str] = {
    Kind.ASSIGNED: Group.ARRIVALS,
    Kind.HANDED_OVER: Group.ARRIVALS,
    Kind.DEADLINE_CHANGED: Group.ARRIVALS,
    Kind.COMPLETION_REPORTED: Group.REQUESTS,
    Kind.EXTENSION_REQUESTED: Group.REQUESTS,
    Kind.EXTENSION_DECIDED: Group.DECISIONS,
    Kind.COMPLETION_CONFIRMED: Group.DECISIONS,
    Kind.COMPLETION_RETURNED: Group.DECISIONS,
    Kind.CHASED: Group.CHASES,
    Kind.REMINDER_BEFORE: Group.REMINDERS,
    Kind.REMINDER_DUE: Group.REMINDERS,
    Kind.REMINDER_OVERDUE: Group.REMINDERS,
    Kind.WEEKLY_DIGEST: Group.DIGESTS,
}


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    IN_APP = "in_app", _("Trong ứng dụng")


class Status(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    HELD = "held", _("Chờ gửi trong thư tổng hợp")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không được")


class Notification(models.Model):
    """One notification to one user on one channel."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    task = models.ForeignKey(
        "tasks.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        "tasks.TaskEvent", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Who writes a notification that must exist once (a reminder of a task on a day) names it; a
    # second write with the same key for the same recipient and channel is skipped.
    key = models.CharField(max_length=200, blank=True, default="")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True, default="")
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Key first: its index also serves enqueue's look-up of the keys already written
            # (WHERE key IN (…)), which names no recipient.
            models.UniqueConstraint(
                fields=["key", "recipient", "channel"],
                condition=~Q(key=""),
                name="notification_key_unique",
                violation_error_message=_("Thông báo này đã được ghi."),
            ),
        ]
        indexes = [
            # Delivery: the mail rows due now (status pending, next_attempt_at ≤ now), oldest first.
            models.Index(
                fields=["status", "next_attempt_at", "id"],
                name="notification_due",
                condition=Q(status__in=["pending", "held"]),
            ),
            # The bell and the list: a user's in-app rows, unread first counted, newest first.
            models.Index(
                fields=["recipient", "channel", "read_at", "-id"], name="notification_inbox"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.channel})"

    @property
    def group(self) -> str:
        return GROUP_OF_KIND[self.kind]


class Preference(models.Model):
    """What one user wants of one group of kinds; a group without a row means everything on both
    channels, mail sent at once (DEFAULT)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    group = models.CharField(max_length=20, choices=Group.choices)
    email = models.BooleanField(_("thư điện tử"), default=True)
    in_app = models.BooleanField(_("trong ứng dụng"), default=True)
    email_digest = models.BooleanField(_("gộp thư trong ngày"), default=False)

    class Meta:
        verbose_name = _("cài đặt thông báo")
        verbose_name_plural = _("cài đặt thông báo")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"],
                name="notification_preference_unique",
                violation_error_message=_("Người dùng đã có cài đặt cho nhóm thông báo này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.group}"


class PlannedDay(models.Model):
    """A day whose automatic reminders (and, on the first working day of a week, the weekly
    digests) were planned into the outbox (planning.plan_due). The planner plans every day after
    the last one recorded here, so that a day the scheduled run missed is caught up."""

    day = models.DateField(unique=True)
    planned_at = models.DateTimeField(auto_now_add=True)
    reminders = models.PositiveIntegerField(default=0)  # outbox rows written
    digests = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ngày đã lập nhắc hạn")
        verbose_name_plural = _("ngày đã lập nhắc hạn")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}"
