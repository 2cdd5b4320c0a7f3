from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dondoc.accounts.models import User
from dondoc.attachments.forms import FilesField
from dondoc.attachments.services import attachments_store
from dondoc.core.dates import format_date, today
from dondoc.core.forms import DayField, Form, SubmissionField, TextField
from dondoc.core.text import EVENT_TEXT_LIMIT
from dondoc.documents.models import Document, Signer
from dondoc.organisations.forms import (
    UnitField,
    UnitPickerWidget,
    UnitsField,
    prepare_unit_fields,
)
from dondoc.organisations.models import Unit
from dondoc.organisations.selectors import UnitScope
from dondoc.tasks import services
from dondoc.tasks.actions import SPECS, Action
from dondoc.tasks.models import Field, Source, Task, TaskEvent, Urgency
from dondoc.tasks.services import TASK_TEXT_LIMITS


class VersionField(forms.IntegerField):
    """The version of the task the form was drawn with (hidden). A value that is missing or not a
    number comes from a page altered or broken on its way: it is answered as a stale version is,
    by the service's "changed by someone else" message above the form, never by a silent refusal."""

    widget = forms.HiddenInput

    def clean(self, value: Any) -> int | None:
        try:
            return super().clean(value)
        except forms.ValidationError:
            raise forms.ValidationError(str(services.ConcurrentChange()), code="stale") from None


class EventTextField(TextField):
    """A text an action records in the task's history: a few pages at most."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(limit=EVENT_TEXT_LIMIT, **kwargs)


class ActionForm(Form):
    """A form for one action on a task: it carries the version the user saw, and its one-time
    key."""

    submission = SubmissionField()
    version = VersionField()
    effective_on = DayField(label=_("Ngày"), required=False, help_text=_("Để trống: hôm nay."))
    action: Action
    button: Any = _("Ghi nhận")
    # The service's parameter names whose errors belong to another field of the form.
    service_fields: dict[str, str] = {"on": "effective_on", "reason": "text"}

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["version"] = task.version
        super().__init__(*args, **kwargs)
        self.task = task

    @property
    def title(self) -> str:
        return str(SPECS[self.action].label)

    def done_message(self, event: TaskEvent) -> str:
        """What the page says once the action is recorded."""
        return _("Đã ghi nhận: %(action)s.") % {"action": self.title}

    def perform(self, actor: User) -> TaskEvent:
        """Record the action through the services."""
        return services.record(
            self.change_class(**self.arguments()),
            task=self.task,
            actor=actor,
            version=self.cleaned_data["version"],
            submission=self.cleaned_data["submission"],
        )

    change_class: type[services.Change]

    def arguments(self) -> dict[str, Any]:
        """The change's parameters, from the form's fields."""
        return {"on": self.day()}

    def day(self) -> dt.date:
        return self.cleaned_data.get("effective_on") or today()


class AcknowledgeForm(ActionForm):
    action = Action.ACKNOWLEDGE
    button = _("Xác nhận đã tiếp nhận")
    change_class = services.Acknowledge


class WithFiles(ActionForm):
    """An action whose event may carry files, stored with it or not at all."""

    attachments = FilesField()

    def perform(self, actor: User) -> TaskEvent:
        event = super().perform(actor)
        attachments_store(self.cleaned_data["attachments"], actor=actor, event=event)
        return event


class ProgressForm(WithFiles):
    action = Action.REPORT_PROGRESS
    change_class = services.ReportProgress
    text = EventTextField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(
        label=_("Tỷ lệ hoàn thành (%)"), min_value=0, max_value=100, required=False
    )
    field_order = ["effective_on", "text", "percent", "attachments"]

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {**super().arguments(), "text": data["text"], "percent": data["percent"]}


class ExtensionRequestForm(ActionForm):
    action = Action.REQUEST_EXTENSION
    button = _("Gửi đề nghị")
    change_class = services.RequestExtension
    service_fields = {**ActionForm.service_fields, "new_deadline": "deadline"}
    deadline = DayField(label=_("Đề nghị gia hạn đến ngày"))
    text = EventTextField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {**super().arguments(), "new_deadline": data["deadline"], "reason": data["text"]}


class ExtensionDecisionForm(ActionForm):
    action = Action.DECIDE_EXTENSION
    button = _("Ghi nhận quyết định")
    change_class = services.DecideExtension
    service_fields = {**ActionForm.service_fields, "new_deadline": "deadline"}
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Đồng ý gia hạn")), ("refuse", _("Không đồng ý"))],
        widget=forms.RadioSelect,
    )
    deadline = DayField(
        label=_("Hạn mới"), required=False, help_text=_("Để trống: theo ngày đơn vị đề nghị.")
    )
    # The new deadline is shown while "approve" is chosen (static/dondoc/dondoc.js).
    deadline.widget.attrs["data-shown-when"] = "decision=approve"
    text = EventTextField(
        label=_("Ý kiến"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Bắt buộc khi không đồng ý gia hạn."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A refusal sets no deadline: what the (hidden) box holds is moot.
        if data.get("decision") == "refuse":
            self.errors.pop("deadline", None)
            data["deadline"] = None
        return data

    def done_message(self, event: TaskEvent) -> str:
        if self.cleaned_data["decision"] == "approve" and event.deadline is not None:
            return _("Đã đồng ý gia hạn: hạn xử lý mới là ngày %(day)s.") % {"day": format_date(event.deadline)}  # fmt: skip
        return str(_("Đã ghi nhận: không đồng ý gia hạn; hạn xử lý giữ nguyên."))

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **super().arguments(),
            "approve": data["decision"] == "approve",
            "new_deadline": data["deadline"],
            "reason": data["text"],
        }


class CompletionForm(WithFiles):
    action = Action.REPORT_COMPLETION
    button = _("Gửi báo cáo hoàn thành")
    change_class = services.ReportCompletion
    service_fields = {**ActionForm.service_fields, "result": "text"}
    effective_on = DayField(label=_("Ngày hoàn thành"), initial=today)
    text = EventTextField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    result_document = TextField(label=_("Văn bản báo cáo kết quả"), required=False, limit=200)
    lateness_reason = EventTextField(
        label=_("Lý do chậm (bắt buộc nếu hoàn thành sau hạn)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    field_order = ["effective_on", "text", "result_document", "lateness_reason", "attachments"]

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "on": data["effective_on"],
            "result": data["text"],
            "result_document": data["result_document"],
            "lateness_reason": data["lateness_reason"],
        }


class ConfirmForm(ActionForm):
    action = Action.CONFIRM
    button = _("Xác nhận hoàn thành")
    change_class = services.ConfirmCompletion
    service_fields = {**ActionForm.service_fields, "note": "text"}
    text = EventTextField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def arguments(self) -> dict[str, Any]:
        return {**super().arguments(), "note": self.cleaned_data["text"]}


class ReasonForm(ActionForm):
    text = EventTextField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))

    def arguments(self) -> dict[str, Any]:
        return {**super().arguments(), "reason": self.cleaned_data["text"]}


class ChaseForm(ReasonForm):
    action = Action.CHASE
    button = pgettext_lazy("action", "Đôn đốc")
    change_class = services.Chase
    text = EventTextField(
        label=_("Nội dung đôn đốc"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Được ghi vào diễn biến của nhiệm vụ và gửi tới đơn vị chủ trì."),
    )

    def done_message(self, event: TaskEvent) -> str:
        return _("Đã đôn đốc %(unit)s.") % {"unit": self.task.current_lead_unit.short_name}


class ReturnForm(ReasonForm):
    action = Action.RETURN
    button = _("Trả lại")
    change_class = services.ReturnCompletion


class CancelForm(ReasonForm):
    action = Action.CANCEL
    button = _("Hủy nhiệm vụ")
    change_class = services.Cancel


class ChangeLeadForm(ReasonForm):
    action = Action.CHANGE_LEAD
    change_class = services.ChangeLead
    unit = UnitField(label=_("Đơn vị chủ trì mới"), key="pk")
    field_order = ["effective_on", "unit", "text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A unit under the assigner that exists on the day of the change (the service says so).
        assigner = self.task.assigner
        unit = cast(UnitField, self.fields["unit"])
        unit.set_scope(UnitScope(within=assigner, exclude=(assigner.code,)))
        prepare_unit_fields(self, day_from=["effective_on"])

    def arguments(self) -> dict[str, Any]:
        return {**super().arguments(), "unit": self.cleaned_data["unit"]}


class CorrectDeadlineForm(ReasonForm):
    action = Action.CORRECT_DEADLINE
    button = _("Điều chỉnh")
    change_class = services.CorrectDeadline
    deadline = DayField(
        label=_("Hạn xử lý đúng"),
        required=False,
        help_text=_("Để trống: nhiệm vụ không có thời hạn."),
    )
    field_order = ["effective_on", "deadline", "text"]

    def arguments(self) -> dict[str, Any]:
        return {**super().arguments(), "deadline": self.cleaned_data["deadline"]}


# The action pages, by the slug of their address.
ACTION_FORMS: dict[str, type[ActionForm]] = {
    "tiep-nhan": AcknowledgeForm,
    "tien-do": ProgressForm,
    "de-nghi-gia-han": ExtensionRequestForm,
    "hoan-thanh": CompletionForm,
    "don-doc": ChaseForm,
    "quyet-dinh-gia-han": ExtensionDecisionForm,
    "xac-nhan": ConfirmForm,
    "tra-lai": ReturnForm,
    "huy": CancelForm,
    "doi-chu-tri": ChangeLeadForm,
    "dieu-chinh-han": CorrectDeadlineForm,
}
SLUGS = {form.action: slug for slug, form in ACTION_FORMS.items()}


class TaskForm(Form):
    """Record a task (or a child task): what the office types from a directive document."""

    title = TextField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitField(label=_("Đơn vị chủ trì"), key="pk")
    coordinating_units = UnitsField(label=_("Đơn vị phối hợp"), key="pk", required=False)
    assigned_on = DayField(label=_("Ngày giao"))
    deadline = DayField(
        label=_("Hạn xử lý"),
        required=False,
        help_text=_("Để trống nếu tính theo số ngày làm việc hoặc không có thời hạn."),
    )
    working_days = forms.IntegerField(
        label=_("hoặc số ngày làm việc"),
        min_value=1,
        max_value=services.MAX_WORKING_DAYS,
        required=False,
    )
    assigned_by = forms.ChoiceField(label=_("Người giao"), choices=Signer.choices)
    assigned_by_name = TextField(
        label=_("Họ tên người giao"), required=False, limit=TASK_TEXT_LIMITS["assigned_by_name"]
    )
    source = forms.ChoiceField(label=_("Nguồn"), choices=Source.choices)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices)
    is_key = forms.BooleanField(label=_("Nhiệm vụ trọng tâm"), required=False)
    submission = SubmissionField()
    # Shown only when a task with the same words was already given (services.task_assign).
    allow_duplicate = forms.BooleanField(
        label=_("Vẫn giao: đây là một nhiệm vụ khác"), required=False, widget=forms.HiddenInput
    )

    def ask_about_duplicate(self) -> None:
        """Offer the box that says the same words are indeed another task."""
        if "allow_duplicate" in self.errors:
            self.fields["allow_duplicate"].widget = forms.CheckboxInput()

    def __init__(
        self, *args: Any, assigner: Unit, document: Document | None = None, **kwargs: Any
    ) -> None:
        """`document`: the directive the task is recorded from; its signer, and its date, are
        the task's assigning person and day unless the user says otherwise."""
        initial = kwargs.setdefault("initial", {})
        if document is not None:
            initial.setdefault("assigned_by", document.signer)
            initial.setdefault("assigned_by_name", document.signer_name)
            initial.setdefault("assigned_on", document.issued_on)
        initial.setdefault("assigned_on", today())
        super().__init__(*args, **kwargs)
        self.assigner = assigner
        if document is not None:
            signer = document.get_signer_display()
            if document.signer_name:
                signer = f"{signer} {document.signer_name}"
            self.fields["assigned_by"].help_text = _(
                "Theo văn bản %(number)s ngày %(day)s, do %(signer)s ký."
            ) % {
                "number": document.number,
                "day": format_date(document.issued_on),
                "signer": signer,
            }
        # Units that exist on the day of assignment (the service checks the lead unit's): the lead
        # under the assigner, the coordinating units anywhere in its province; never itself.
        top = Unit.objects.get(pk=assigner.ancestor_ids()[0])
        cast(UnitField, self.fields["lead_unit"]).set_scope(
            UnitScope(within=assigner, exclude=(assigner.code,))
        )
        cast(UnitField, self.fields["coordinating_units"]).set_scope(
            UnitScope(within=top, exclude=(assigner.code,))
        )
        prepare_unit_fields(self, day_from=["assigned_on"])
        # Once a lead unit is chosen, the coordinating units' picker no longer offers it.
        coordinating = cast(UnitsField, self.fields["coordinating_units"])
        cast(UnitPickerWidget, coordinating.widget).excluding = [self["lead_unit"].auto_id]
