from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dondoc.accounts.models import User
from dondoc.attachments.forms import FilesField
from dondoc.attachments.services import attachments_store
from dondoc.core.dates import today
from dondoc.core.forms import DayField
from dondoc.documents.models import Signer
from dondoc.organisations.models import Unit
from dondoc.tasks import services
from dondoc.tasks.models import Field, Source, Task, TaskEvent, Urgency


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{'— ' * max(obj.depth - 1, 0)}{obj.name}"


class ActionForm(forms.Form):
    """A form for one action on a task: it carries the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    effective_on = DayField(label=_("Ngày"), required=False, help_text=_("Để trống: hôm nay."))
    title: Any = ""
    button: Any = _("Ghi nhận")

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["version"] = task.version
        super().__init__(*args, **kwargs)
        self.task = task

    # Each action form records its event through its service: perform(actor) -> TaskEvent.
    perform: Callable[[User], TaskEvent]

    def day(self) -> dt.date:
        return self.cleaned_data.get("effective_on") or today()


class AcknowledgeForm(ActionForm):
    title = _("Tiếp nhận nhiệm vụ")
    button = _("Xác nhận đã tiếp nhận")

    def perform(self, actor: User) -> TaskEvent:
        return services.task_acknowledge(
            task=self.task, actor=actor, on=self.day(), version=self.cleaned_data["version"]
        )


class ProgressForm(ActionForm):
    title = _("Báo cáo tiến độ")
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(
        label=_("Tỷ lệ hoàn thành (%)"), min_value=0, max_value=100, required=False
    )
    attachments = FilesField()

    def perform(self, actor: User) -> TaskEvent:
        data = self.cleaned_data
        event = services.task_report_progress(
            task=self.task,
            actor=actor,
            on=self.day(),
            text=data["text"],
            percent=data["percent"],
            version=data["version"],
        )
        attachments_store(data["attachments"], actor=actor, event=event)
        return event


class ExtensionRequestForm(ActionForm):
    title = _("Đề nghị gia hạn")
    button = _("Gửi đề nghị")
    deadline = DayField(label=_("Đề nghị gia hạn đến ngày"))
    text = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))

    def perform(self, actor: User) -> TaskEvent:
        data = self.cleaned_data
        return services.task_request_extension(
            task=self.task,
            actor=actor,
            on=self.day(),
            new_deadline=data["deadline"],
            reason=data["text"],
            version=data["version"],
        )


class ExtensionDecisionForm(ActionForm):
    title = _("Quyết định gia hạn")
    button = _("Ghi nhận quyết định")
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Đồng ý gia hạn")), ("refuse", _("Không đồng ý"))],
        widget=forms.RadioSelect,
    )
    deadline = DayField(
        label=_("Hạn mới"), required=False, help_text=_("Để trống: theo ngày đơn vị đề nghị.")
    )
    text = forms.CharField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def perform(self, actor: User) -> TaskEvent:
        data = self.cleaned_data
        return services.task_decide_extension(
            task=self.task,
            actor=actor,
            on=self.day(),
            approve=data["decision"] == "approve",
            new_deadline=data["deadline"],
            reason=data["text"],
            version=data["version"],
        )


class CompletionForm(ActionForm):
    title = _("Báo cáo hoàn thành")
    button = _("Gửi báo cáo hoàn thành")
    effective_on = DayField(label=_("Ngày hoàn thành"), initial=today)
    text = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    result_document = forms.CharField(
        label=_("Văn bản báo cáo kết quả"), required=False, max_length=200
    )
    lateness_reason = forms.CharField(
        label=_("Lý do chậm (bắt buộc nếu hoàn thành sau hạn)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    attachments = FilesField()

    def perform(self, actor: User) -> TaskEvent:
        data = self.cleaned_data
        event = services.task_report_completion(
            task=self.task,
            actor=actor,
            on=data["effective_on"],
            result=data["text"],
            result_document=data["result_document"],
            lateness_reason=data["lateness_reason"],
            version=data["version"],
        )
        attachments_store(data["attachments"], actor=actor, event=event)
        return event


class ConfirmForm(ActionForm):
    title = _("Xác nhận hoàn thành")
    button = _("Xác nhận hoàn thành")
    text = forms.CharField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def perform(self, actor: User) -> TaskEvent:
        data = self.cleaned_data
        return services.task_confirm_completion(
            task=self.task, actor=actor, on=self.day(), note=data["text"], version=data["version"]
        )


class ReasonForm(ActionForm):
    text = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(ReasonForm):
    title = _("Trả lại báo cáo hoàn thành")
    button = _("Trả lại")

    def perform(self, actor: User) -> TaskEvent:
        data = self.cleaned_data
        return services.task_return_completion(
            task=self.task, actor=actor, on=self.day(), reason=data["text"], version=data["version"]
        )


class CancelForm(ReasonForm):
    title = _("Hủy nhiệm vụ")
    button = _("Hủy nhiệm vụ")

    def perform(self, actor: User) -> TaskEvent:
        data = self.cleaned_data
        return services.task_cancel(
            task=self.task, actor=actor, on=self.day(), reason=data["text"], version=data["version"]
        )


class ChangeLeadForm(ReasonForm):
    title = _("Đổi đơn vị chủ trì")
    button = _("Đổi đơn vị chủ trì")
    unit = UnitChoiceField(label=_("Đơn vị chủ trì mới"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = (
            Unit.objects.within(self.task.assigner)
            .valid_on(today())
            .exclude(pk=self.task.assigner_id)
        )

    def perform(self, actor: User) -> TaskEvent:
        data = self.cleaned_data
        return services.task_change_lead(
            task=self.task,
            actor=actor,
            on=self.day(),
            unit=data["unit"],
            reason=data["text"],
            version=data["version"],
        )


class CorrectDeadlineForm(ReasonForm):
    title = _("Điều chỉnh hạn xử lý")
    button = _("Điều chỉnh")
    deadline = DayField(
        label=_("Hạn xử lý đúng"),
        required=False,
        help_text=_("Để trống: nhiệm vụ không có thời hạn."),
    )

    def perform(self, actor: User) -> TaskEvent:
        data = self.cleaned_data
        return services.task_correct_deadline(
            task=self.task,
            actor=actor,
            on=self.day(),
            deadline=data["deadline"],
            reason=data["text"],
            version=data["version"],
        )


class TaskForm(forms.Form):
    """Record a task (or a child task): what the office types from a directive document."""

    title = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.none())
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    assigned_on = DayField(label=_("Ngày giao"))
    deadline = DayField(
        label=_("Hạn xử lý"),
        required=False,
        help_text=_("Để trống nếu tính theo số ngày làm việc hoặc không có thời hạn."),
    )
    working_days = forms.IntegerField(
        label=_("hoặc số ngày làm việc"), min_value=1, max_value=365, required=False
    )
    assigned_by = forms.ChoiceField(label=_("Người giao"), choices=Signer.choices)
    source = forms.ChoiceField(label=_("Nguồn"), choices=Source.choices)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices)
    is_key = forms.BooleanField(label=_("Nhiệm vụ trọng tâm"), required=False)

    def __init__(self, *args: Any, assigner: Unit, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("assigned_on", today())
        super().__init__(*args, **kwargs)
        self.assigner = assigner
        units = Unit.objects.valid_on(today())
        self.fields["lead_unit"].queryset = units.within(assigner).exclude(pk=assigner.pk)  # type: ignore[attr-defined]
        self.fields["coordinating_units"].queryset = units.order_by("path")  # type: ignore[attr-defined]
