"""Tasks and their history.

A task's history is a list of events that are never edited or deleted (RULES.md "History"). The
columns named `current_*` cache what the events say today, for lists and filters; they are derived
by `services.task_refresh_state` after every event and rebuilt by `dondoc rebuild_task_state`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dondoc.documents.models import Signer
from dondoc.tasks.rules import Kind, Phase


class Source(models.TextChoices):
    DIRECTIVE = "directive", _("Văn bản chỉ đạo")
    INSPECTION = "inspection", _("Kết luận kiểm tra")
    PETITION = "petition", _("Kiến nghị cử tri")
    PLAN = "plan", _("Kế hoạch của đơn vị")


class Field(models.TextChoices):
    ECONOMY = "economy", _("Kinh tế, tài chính, đầu tư")
    AGRICULTURE = "agriculture", _("Nông nghiệp, tài nguyên, môi trường")
    CONSTRUCTION = "construction", _("Xây dựng, giao thông, đô thị")
    SOCIETY = "society", _("Văn hóa, xã hội, giáo dục, y tế")
    INTERNAL = "internal", _("Nội chính, quốc phòng, an ninh")
    REFORM = "reform", _("Cải cách hành chính, chuyển đổi số")
    BORDER = "border", _("Kinh tế cửa khẩu, đối ngoại")
    OTHER = "other", _("Khác")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Thường")
    URGENT = "urgent", _("Khẩn")
    VERY_URGENT = "very_urgent", _("Thượng khẩn")


class Status(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    COMPLETED = "completed", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


class Task(models.Model):
    title = models.TextField(_("nội dung nhiệm vụ"))
    source = models.CharField(
        _("nguồn"), max_length=20, choices=Source.choices, default=Source.DIRECTIVE
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản giao"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    assigner = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("cơ quan giao"),
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
    )
    assigned_by = models.CharField(
        _("người giao"), max_length=20, choices=Signer.choices, default=Signer.COMMITTEE
    )
    assigned_by_name = models.CharField(_("họ tên người giao"), max_length=150, blank=True)
    lead_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("đơn vị chủ trì khi giao"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    coordinating_units = models.ManyToManyField(
        "organisations.Unit",
        verbose_name=_("đơn vị phối hợp"),
        blank=True,
        related_name="coordinated_tasks",
    )
    assigned_on = models.DateField(_("ngày giao"))
    deadline = models.DateField(_("hạn xử lý ban đầu"), null=True, blank=True)
    deadline_working_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc"), null=True, blank=True
    )
    is_key = models.BooleanField(_("nhiệm vụ trọng tâm"), default=False)
    field = models.CharField(
        _("lĩnh vực"), max_length=20, choices=Field.choices, default=Field.OTHER
    )
    urgency = models.CharField(
        _("độ khẩn"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    external_code = models.CharField(_("mã"), max_length=64, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every event; a form sends the version it showed, so a concurrent change is detected.
    version = models.PositiveIntegerField(default=0)

    # Today's state, derived from the events (see the module docstring).
    current_lead_unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="led_tasks"
    )
    current_deadline = models.DateField(null=True, blank=True)
    current_status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    confirmed_on = models.DateField(null=True, blank=True)
    reported_on = models.DateField(
        null=True, blank=True
    )  # a completion report awaiting confirmation
    extension_requested_on = models.DateField(null=True, blank=True)  # an undecided request
    progress_percent = models.PositiveSmallIntegerField(default=0)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["-assigned_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("assigned_on")),
                name="task_deadline_not_before_assignment",
                violation_error_message=_("Hạn xử lý không được trước ngày giao."),
            ),
            models.UniqueConstraint(
                fields=["assigner", "external_code"],
                condition=~Q(external_code=""),
                name="task_external_code_unique_per_assigner",
                violation_error_message=_("Cơ quan giao đã có nhiệm vụ mang mã này."),
            ),
        ]
        indexes = [
            # Reports: the tasks one committee assigned in a period.
            models.Index(fields=["assigner", "assigned_on"], name="task_assigner_assigned_on"),
            # The list's default order (the newest assigned first), which a search for a common
            # word walks, stopping after a page (tasks/search.py). The search's own indexes (a
            # trigram GIN index, an FTS5 table) are made by migration 0005: neither is a Django
            # index that works on both databases.
            models.Index(fields=["assigned_on", "id"], name="task_assigned_on"),
            # The reminders of a day (notifications/planning.py): the open tasks of the whole
            # country whose deadline is among the few hundred due for a reminder that day.
            models.Index(
                fields=["current_status", "current_deadline"], name="task_status_deadline"
            ),
            # Inboxes: a unit's open tasks by deadline.
            models.Index(
                fields=["current_lead_unit", "current_status", "current_deadline"],
                name="task_lead_status_deadline",
            ),
        ]

    def __str__(self) -> str:
        return self.title if len(self.title) <= 80 else self.title[:79] + "…"


class TaskEvent(models.Model):
    """One change in a task's life. Recorded once, never edited or deleted."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("loại"), max_length=30, choices=[(k.value, k.value) for k in Kind])
    effective_on = models.DateField(_("ngày hiệu lực"))
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("nội dung"), blank=True)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)  # requested / approved / corrected deadline
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result_document = models.CharField(_("văn bản kết quả"), max_length=200, blank=True)
    refers_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["effective_on", "id"]
        indexes = [models.Index(fields=["task", "effective_on", "id"], name="event_task_effective")]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.effective_on:%d/%m/%Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Task events are never changed: record a correcting event instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Task events are never deleted: record a correcting event instead.")

    @property
    def kind_label(self) -> str:
        return str(EVENT_LABELS[Kind(self.kind)])


class TaskSpan(models.Model):
    """Days [valid_from, valid_to) over which what the counting rules read about a task is the same.

    Derived from the events by `rules.spans` (rewritten whenever an event is added, rebuilt by
    `dondoc rebuild_task_state`); the history itself stays in TaskEvent. A report as of R reads the
    one span of each task that covers R, so every figure is range predicates and one GROUP BY
    (stats.py). The task's assigner, assignment day, key flag and source are copied here so that
    a report needs no join.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="spans")
    assigner = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    assigned_on = models.DateField()
    is_key = models.BooleanField(default=False)
    source = models.CharField(max_length=20, choices=Source.choices)
    valid_from = models.DateField()
    valid_to = models.DateField()  # exclusive; date.max for the last span
    lead_unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    deadline = models.DateField(null=True)  # the deadline in force on every day of the span
    phase = models.PositiveSmallIntegerField(choices=[(p.value, p.name) for p in Phase])
    awaiting = models.BooleanField(default=False)  # open, a completion report awaits confirmation

    class Meta:
        # Each index holds every column its queries read, so that they never visit the table.
        indexes = [
            # A committee's report: its tasks assigned in a period (or before it), on a day.
            models.Index(
                fields=[
                    "assigner",
                    "assigned_on",
                    "valid_to",
                    "valid_from",
                    "lead_unit",
                    "phase",
                    "deadline",
                    "awaiting",
                    # A report by unit and key flag, and the carried over matched to what was
                    # open the day before by task: without these two, PostgreSQL read a
                    # province's 21,000 older spans from the table (16,000 pages) for each report.
                    "is_key",
                    "task",
                ],
                name="span_assigner_assigned",
            ),
            # One unit's report.
            models.Index(
                fields=[
                    "lead_unit",
                    "assigner",
                    "assigned_on",
                    "valid_to",
                    "valid_from",
                    "phase",
                    "deadline",
                    "awaiting",
                    "is_key",
                    "task",
                ],
                name="span_lead_assigner",
            ),
            # What was still open the day before a period began (the carried-over block).
            models.Index(
                fields=["assigner", "phase", "valid_to", "valid_from", "task"],
                name="span_phase_until",
            ),
            # A list of the tasks a unit led that were open (overdue, due soon…) on a day.
            models.Index(
                fields=["lead_unit", "phase", "valid_to", "valid_from", "deadline", "task"],
                name="span_lead_phase",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.valid_from}–{self.valid_to} {Phase(self.phase).name}"


EVENT_LABELS = {
    Kind.ASSIGNED: _("Giao nhiệm vụ"),
    Kind.ACKNOWLEDGED: _("Đơn vị đã tiếp nhận"),
    Kind.PROGRESS: _("Báo cáo tiến độ"),
    Kind.EXTENSION_REQUESTED: _("Đề nghị gia hạn"),
    Kind.EXTENSION_APPROVED: _("Đồng ý gia hạn"),
    Kind.EXTENSION_REFUSED: _("Không đồng ý gia hạn"),
    Kind.COMPLETION_REPORTED: _("Báo cáo hoàn thành"),
    Kind.COMPLETION_CONFIRMED: _("Xác nhận hoàn thành"),
    Kind.COMPLETION_RETURNED: _("Trả lại, yêu cầu tiếp tục thực hiện"),
    Kind.CANCELLED: _("Hủy nhiệm vụ"),
    Kind.LEAD_CHANGED: _("Đổi đơn vị chủ trì"),
    Kind.DEADLINE_CORRECTED: _("Điều chỉnh hạn xử lý"),
    Kind.DETAILS_CORRECTED: _("Sửa thông tin nhiệm vụ"),
    Kind.CHASED: _("Đôn đốc"),
}
