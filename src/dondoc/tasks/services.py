"""Every write to a task goes through here: one function per action, atomic, checked.

Each action first asks actions.why_not whether this actor may take it on the task now, then
checks its parameters (every problem at once, keyed by the service's own parameter names, in
Vietnamese: views map them to their form fields), then appends one event, checks the version the
user saw (so a concurrent change is detected and reported, never silently lost), refreshes the
task's cached state from its events, and keeps the one-time key of the form that sent it (a second
sending gives back the first result: core/submissions.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dondoc.accounts.models import User
from dondoc.core import pagecache
from dondoc.core.dates import format_date, range_problem, today
from dondoc.core.submissions import Resubmitted, once
from dondoc.core.text import CELL_LIMIT, EVENT_TEXT_LIMIT, fold
from dondoc.core.validators import text_problem
from dondoc.documents.models import Document, Signer
from dondoc.notifications.events import notify_event
from dondoc.organisations.models import Unit
from dondoc.tasks import rules
from dondoc.tasks.access import acts_as_assigner
from dondoc.tasks.actions import Action, Facts, why_not, why_not_assign
from dondoc.tasks.models import Field, Source, Status, Task, TaskEvent, TaskSpan, Urgency
from dondoc.tasks.rules import Kind
from dondoc.tasks.selectors import overdue_for_chase
from dondoc.workdays.services import working_calendar


class ConcurrentChange(Exception):
    """The task changed after the user opened it; their action was not recorded."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Nhiệm vụ vừa được người khác cập nhật. Hãy xem lại thông tin mới nhất rồi thực hiện lại."
            )
        )


def history_of(task: Task, events: Iterable[TaskEvent] | None = None) -> rules.History:
    """The task's history in the form the counting rules read."""
    if events is None:
        events = task.events.all()
    return rules.History(
        assigned_on=task.assigned_on,
        deadline=task.deadline,
        lead_unit=task.lead_unit_id,
        # `events` come in the order they were recorded (saved ones by id, new ones as listed).
        events=tuple(
            rules.Event(Kind(e.kind), e.effective_on, seq, deadline=e.deadline, unit=e.unit_id)
            for seq, e in enumerate(events)
            if e.kind != Kind.ASSIGNED
        ),
    )


def derived_state(history: rules.History, progress: int | None) -> dict[str, object]:
    """The cached `current_*` columns a history gives today (all its events: none is in the
    future); `progress` is the last reported percentage. Shared with bulk writers."""
    state = rules.state_on(history, dt.date.max)
    if state.cancelled:
        status = Status.CANCELLED
    elif state.completed:
        status = Status.COMPLETED
    else:
        status = Status.OPEN
    return {
        "current_lead_unit_id": state.lead_unit,
        "current_deadline": state.deadline,
        "current_status": status,
        "completed_on": state.completed_on,
        "confirmed_on": state.confirmed_on,
        "reported_on": state.reported_on,
        "extension_requested_on": state.extension_pending_since,
        "progress_percent": 100 if state.completed else (progress or 0),
    }


def task_refresh_state(task: Task, events: Sequence[TaskEvent] | None = None) -> rules.History:
    """Derive the cached `current_*` columns from the events.

    Returns the history read, from which the caller writes the task's spans (`span_rows`)."""
    events = list(task.events.order_by("id")) if events is None else events
    history = history_of(task, events)
    progress = [e.percent for e in events if e.kind == Kind.PROGRESS and e.percent is not None]
    for name, value in derived_state(history, progress[-1] if progress else None).items():
        setattr(task, name, value)
    return history


# The columns of `span_values`, in order.
SPAN_FIELDS = ("task_id", "assigner_id", "assigned_on", "is_key", "source", "valid_from",
               "valid_to", "lead_unit_id", "deadline", "phase", "awaiting")  # fmt: skip


def span_values(
    history: rules.History,
    *,
    task_id: int,
    assigner_id: int,
    is_key: bool,
    source: str,
) -> list[tuple[object, ...]]:
    """The task's spans (see TaskSpan) as tuples of `SPAN_FIELDS`, for a bulk insert."""
    head = (task_id, assigner_id, history.assigned_on, is_key, source)
    return [
        (
            *head,
            span.start,
            span.end,
            span.lead_unit,
            span.deadline,
            span.phase.value,
            span.awaiting,
        )
        for span in rules.spans(history)
    ]


def span_rows(task: Task, history: rules.History) -> list[TaskSpan]:
    """The task's spans (see TaskSpan) as unsaved rows; `task` must have its primary key."""
    values = span_values(
        history,
        task_id=task.pk,
        assigner_id=task.assigner_id,
        is_key=task.is_key,
        source=task.source,
    )
    return [TaskSpan(**dict(zip(SPAN_FIELDS, row, strict=True))) for row in values]


def task_write_spans(task: Task, history: rules.History) -> None:
    """Replace the task's spans with those of `history` (spans are derived, never history)."""
    TaskSpan.objects.filter(task=task).delete()
    TaskSpan.objects.bulk_create(span_rows(task, history))
    pagecache.changed()  # spans send no signal (pagecache.DERIVED)


def search_text(*, title: str, document_number: str, lead: Unit, code: str) -> str:
    """What the task list's search box looks in (folded)."""
    return fold(f"{title} {document_number} {lead.name} {lead.short_name} {code}")


def task_search_text(task: Task, lead: Unit) -> str:
    return search_text(
        title=task.title,
        document_number=task.document.number if task.document else "",
        lead=lead,
        code=task.external_code,
    )


# --- Checking and recording -------------------------------------------------------------------
#
# Each action is a `Change`, a typed keyword-only dataclass of its parameters: every door builds
# one and hands it to `record(change, task=…, actor=…)`, the one write. A change says what is
# wrong with it on a task's facts (`problems`: every problem at once, keyed by its parameters'
# names) and which event it records (`kind`, `fields`); `check` adds why_not's reason. The
# register import checks a whole chain of changes on facts advanced without writing
# (`check_chain`), then records them.

Errors = dict[str, list[str]]


class ActionRefused(ValidationError):
    """The action cannot be taken on the task now, by this user (actions.why_not's reason)."""


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _day_problem(day: dt.date, *, not_before: dt.date, what: str) -> str | None:
    if day > today():
        return _("%(what)s không được sau ngày hôm nay.") % {"what": what}
    if day < not_before:
        return _("%(what)s không được trước ngày %(day)s.") % {
            "what": what,
            "day": format_date(not_before),
        }
    return None


def _required(errors: Errors, name: str, text: str, message: str) -> None:
    if not text.strip():
        _add(errors, name, message)


@dataclass(frozen=True, kw_only=True)
class Change:
    """An action on a task with its parameters (the day it takes effect: today by default)."""

    on: dt.date = dataclasses.field(default_factory=today)
    action: ClassVar[Action]
    kind: ClassVar[Kind]  # the event it records
    day_label: ClassVar[str] = ""  # what the effective day is called, for its messages
    refers_to: ClassVar[Kind | None] = None  # the pending event a decision answers
    # The longest each text parameter may be, when not EVENT_TEXT_LIMIT.
    text_limits: ClassVar[dict[str, int]] = {}

    def not_before(self, facts: Facts) -> dt.date:
        return facts.task.assigned_on

    def problems(self, facts: Facts) -> Errors:
        errors = self.text_problems()
        if problem := _day_problem(
            self.on, not_before=self.not_before(facts), what=_(self.day_label)
        ):
            _add(errors, "on", problem)
        return errors

    def text_problems(self) -> Errors:
        """What is wrong with the texts the change would store (they need no facts)."""
        errors: Errors = {}
        for name, text in self.texts():
            if problem := text_problem(text, limit=self.text_limits.get(name, EVENT_TEXT_LIMIT)):
                _add(errors, name, problem)
        return errors

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every text the change would store, by parameter name: each is checked here, whichever
        door the change came through."""
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if isinstance(value, str):
                yield item.name, value

    def event_kind(self) -> Kind:
        return self.kind

    def fields(self, facts: Facts) -> dict[str, Any]:
        """The recorded event's fields besides its kind and day."""
        return {}

    def apply(self, task: Task) -> str:
        """Change the task row itself before the event is recorded (details corrections);
        returns text to add to the event's."""
        return ""


@dataclass(frozen=True, kw_only=True)
class Acknowledge(Change):
    action = Action.ACKNOWLEDGE
    kind = Kind.ACKNOWLEDGED
    day_label = gettext_noop("Ngày tiếp nhận")


@dataclass(frozen=True, kw_only=True)
class ReportProgress(Change):
    text: str
    percent: int | None = None
    action = Action.REPORT_PROGRESS
    kind = Kind.PROGRESS
    day_label = gettext_noop("Ngày báo cáo")

    def problems(self, facts: Facts) -> Errors:
        errors = super().problems(facts)
        _required(errors, "text", self.text, _("Hãy nhập nội dung báo cáo tiến độ."))
        if self.percent is not None and not 0 <= self.percent <= 100:
            _add(errors, "percent", _("Tỷ lệ hoàn thành phải từ 0 đến 100%."))
        return errors

    def fields(self, facts: Facts) -> dict[str, Any]:
        return {"text": self.text.strip(), "percent": self.percent}


@dataclass(frozen=True, kw_only=True)
class RequestExtension(Change):
    new_deadline: dt.date
    reason: str
    action = Action.REQUEST_EXTENSION
    kind = Kind.EXTENSION_REQUESTED
    day_label = gettext_noop("Ngày đề nghị")

    def problems(self, facts: Facts) -> Errors:
        errors = super().problems(facts)
        in_force = rules.deadline_on(facts.history, self.on)
        if in_force is not None and self.on > in_force:
            _add(errors, "on", _("Phải đề nghị gia hạn trước hạn xử lý đang áp dụng (%(deadline)s).") % {"deadline": format_date(in_force)})  # fmt: skip
        elif in_force is not None and self.new_deadline <= in_force:
            _add(errors, "new_deadline", _("Hạn mới phải sau hạn đang áp dụng (%(deadline)s).") % {"deadline": format_date(in_force)})  # fmt: skip
        _required(errors, "reason", self.reason, _("Hãy nêu lý do đề nghị gia hạn."))
        return errors

    def fields(self, facts: Facts) -> dict[str, Any]:
        return {"deadline": self.new_deadline, "text": self.reason.strip()}


@dataclass(frozen=True, kw_only=True)
class DecideExtension(Change):
    approve: bool
    reason: str = ""
    new_deadline: dt.date | None = None
    action = Action.DECIDE_EXTENSION
    day_label = gettext_noop("Ngày quyết định")
    refers_to = Kind.EXTENSION_REQUESTED

    kind = Kind.EXTENSION_APPROVED

    def event_kind(self) -> Kind:
        return Kind.EXTENSION_APPROVED if self.approve else Kind.EXTENSION_REFUSED

    def not_before(self, facts: Facts) -> dt.date:
        request = facts.last(Kind.EXTENSION_REQUESTED)
        return request.on if request else facts.task.assigned_on

    def granted(self, facts: Facts) -> dt.date | None:
        request = facts.last(Kind.EXTENSION_REQUESTED)
        return self.new_deadline or (request.deadline if request else None)

    def problems(self, facts: Facts) -> Errors:
        errors = super().problems(facts)
        if not self.approve:
            _required(errors, "reason", self.reason, _("Hãy nêu lý do không đồng ý gia hạn."))
            return errors
        granted, in_force = self.granted(facts), rules.deadline_on(facts.history, self.on)
        if granted is None or granted < self.on:
            _add(errors, "new_deadline", _("Hạn mới không được trước ngày quyết định."))
        elif in_force is not None and granted <= in_force:
            _add(errors, "new_deadline", _("Hạn mới phải sau hạn đang áp dụng (%(deadline)s).") % {"deadline": format_date(in_force)})  # fmt: skip
        return errors

    def fields(self, facts: Facts) -> dict[str, Any]:
        return {
            "deadline": self.granted(facts) if self.approve else None,
            "text": self.reason.strip(),
        }


@dataclass(frozen=True, kw_only=True)
class ReportCompletion(Change):
    result: str
    result_document: str = ""
    lateness_reason: str = ""
    action = Action.REPORT_COMPLETION
    kind = Kind.COMPLETION_REPORTED
    day_label = gettext_noop("Ngày hoàn thành")
    text_limits = {
        "result_document": TaskEvent._meta.get_field("result_document").max_length or 200
    }

    def problems(self, facts: Facts) -> Errors:
        errors = super().problems(facts)
        _required(errors, "result", self.result, _("Hãy nêu kết quả thực hiện."))
        promised = rules.deadline_on(facts.history, self.on)
        if promised is not None and self.on > promised:
            _required(errors, "lateness_reason", self.lateness_reason, _("Hoàn thành sau hạn (%(deadline)s): hãy nêu lý do chậm.") % {"deadline": format_date(promised)})  # fmt: skip
        return errors

    def fields(self, facts: Facts) -> dict[str, Any]:
        text = self.result.strip()
        if self.lateness_reason.strip():
            text += "\n" + _("Lý do chậm: %(reason)s") % {"reason": self.lateness_reason.strip()}
        return {"text": text, "result_document": self.result_document.strip()}


@dataclass(frozen=True, kw_only=True)
class ConfirmCompletion(Change):
    note: str = ""
    action = Action.CONFIRM
    kind = Kind.COMPLETION_CONFIRMED
    day_label = gettext_noop("Ngày xác nhận")
    refers_to = Kind.COMPLETION_REPORTED

    def not_before(self, facts: Facts) -> dt.date:
        report = facts.last(Kind.COMPLETION_REPORTED)
        return report.on if report else facts.task.assigned_on

    def fields(self, facts: Facts) -> dict[str, Any]:
        return {"text": self.note.strip()}


@dataclass(frozen=True, kw_only=True)
class Reasoned(Change):
    """A change that records only a reason, which it requires."""

    reason: str
    reason_missing: ClassVar[str] = ""

    def problems(self, facts: Facts) -> Errors:
        errors = super().problems(facts)
        _required(errors, "reason", self.reason, _(self.reason_missing))
        return errors

    def fields(self, facts: Facts) -> dict[str, Any]:
        return {"text": self.reason.strip()}


@dataclass(frozen=True, kw_only=True)
class Chase(Reasoned):
    """The assigner urges the lead unit on (đôn đốc), with a text: an event on the task that the
    counting rules do not read, so no figure changes (RULES.md)."""

    action = Action.CHASE
    kind = Kind.CHASED
    day_label = gettext_noop("Ngày đôn đốc")
    reason_missing = gettext_noop("Hãy nhập nội dung đôn đốc.")


@dataclass(frozen=True, kw_only=True)
class ReturnCompletion(Reasoned):
    action = Action.RETURN
    kind = Kind.COMPLETION_RETURNED
    day_label = gettext_noop("Ngày trả lại")
    reason_missing = gettext_noop("Hãy nêu lý do trả lại.")
    refers_to = Kind.COMPLETION_REPORTED

    def not_before(self, facts: Facts) -> dt.date:
        report = facts.last(Kind.COMPLETION_REPORTED)
        return facts.state.confirmed_on or (report.on if report else facts.task.assigned_on)


@dataclass(frozen=True, kw_only=True)
class Cancel(Reasoned):
    action = Action.CANCEL
    kind = Kind.CANCELLED
    day_label = gettext_noop("Ngày hủy")
    reason_missing = gettext_noop("Hãy nêu lý do hủy nhiệm vụ.")


@dataclass(frozen=True, kw_only=True)
class ChangeLead(Reasoned):
    unit: Unit
    action = Action.CHANGE_LEAD
    kind = Kind.LEAD_CHANGED
    day_label = gettext_noop("Ngày thay đổi")
    reason_missing = gettext_noop("Hãy nêu lý do thay đổi.")

    def problems(self, facts: Facts) -> Errors:
        errors = super().problems(facts)
        assigner = facts.task.assigner
        if self.unit.pk == facts.lead.pk:
            _add(errors, "unit", _("Đơn vị này đang chủ trì nhiệm vụ."))
        elif self.unit == assigner or not self.unit.is_within(assigner):
            _add(errors, "unit", _("Đơn vị chủ trì phải là đơn vị trực thuộc %(assigner)s.") % {"assigner": assigner.short_name})  # fmt: skip
        elif not self.unit.is_valid_on(self.on):
            _add(errors, "unit", _("%(unit)s không tồn tại vào ngày thay đổi.") % {"unit": self.unit.short_name})  # fmt: skip
        return errors

    def fields(self, facts: Facts) -> dict[str, Any]:
        return {**super().fields(facts), "unit": self.unit}


@dataclass(frozen=True, kw_only=True)
class CorrectDeadline(Reasoned):
    """Correct a mistaken deadline. Like every event it applies from its own date: reports taken
    as of earlier days keep the deadline that was on record then."""

    deadline: dt.date | None
    action = Action.CORRECT_DEADLINE
    kind = Kind.DEADLINE_CORRECTED
    day_label = gettext_noop("Ngày điều chỉnh")
    reason_missing = gettext_noop("Hãy nêu lý do điều chỉnh.")

    def problems(self, facts: Facts) -> Errors:
        errors = super().problems(facts)
        if self.deadline is not None and self.deadline < facts.task.assigned_on:
            _add(errors, "deadline", _("Hạn xử lý không được trước ngày giao."))
        return errors

    def fields(self, facts: Facts) -> dict[str, Any]:
        return {**super().fields(facts), "deadline": self.deadline}


# The longest each text of a task may be: a register carries the title and the note, so they fit
# a spreadsheet cell.
TASK_TEXT_LIMITS = {
    "title": CELL_LIMIT,
    "note": CELL_LIMIT,
    "external_code": Task._meta.get_field("external_code").max_length or CELL_LIMIT,
    "assigned_by_name": Task._meta.get_field("assigned_by_name").max_length or CELL_LIMIT,
}

# Fields a details correction may change, with how the change is described in the history.
CORRECTABLE = ("title", "document", "assigned_by", "assigned_by_name", "coordinating_units",
               "is_key", "source", "field", "note")  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class CorrectDetails(Reasoned):
    """Correct what the counting rules do not read (title, document, who assigned, coordinating
    units, key, source, field, note). The event keeps the old values, so nothing is lost."""

    changes: dict[str, Any]
    action = Action.CORRECT_DETAILS
    kind = Kind.DETAILS_CORRECTED
    day_label = gettext_noop("Ngày sửa")
    reason_missing = gettext_noop("Hãy nêu lý do sửa.")

    text_limits = TASK_TEXT_LIMITS

    def __post_init__(self) -> None:
        unknown = set(self.changes) - set(CORRECTABLE)
        if unknown:
            raise ValueError(f"not correctable here: {sorted(unknown)}")

    def texts(self) -> Iterator[tuple[str, str]]:
        yield from super().texts()
        yield from ((k, v) for k, v in self.changes.items() if isinstance(v, str))

    def problems(self, facts: Facts) -> Errors:
        errors = super().problems(facts)
        changes, task = self.changes, facts.task
        if "title" in changes:
            _required(errors, "title", str(changes["title"]), _("Hãy nhập nội dung nhiệm vụ."))
        document = changes.get("document")
        if isinstance(document, Document) and task.assigned_on < document.issued_on:
            _add(errors, "document", _("Ngày giao không được trước ngày ban hành văn bản (%(day)s).") % {"day": format_date(document.issued_on)})  # fmt: skip
        if facts.lead in changes.get("coordinating_units", ()):
            _add(errors, "coordinating_units", _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."))  # fmt: skip
        return errors

    def apply(self, task: Task) -> str:
        before = []
        for name, value in self.changes.items():
            label = getattr(Task._meta.get_field(name), "verbose_name", name)
            if name == "coordinating_units":
                old = "; ".join(u.short_name for u in task.coordinating_units.all())
                task.coordinating_units.set(value)
            else:
                old = str(getattr(task, name) or "")
                setattr(task, name, value)
            before.append(f"{label}: {old}")
        return "\n" + _("Trước khi sửa:") + "\n" + "\n".join(before)


def check(
    change: Change, *, facts: Facts, actor: User | None, from_register: bool = False
) -> Errors:
    """Every problem with `change` on a task with these facts, by parameter name; why the action
    cannot be taken at all is under NON_FIELD_ERRORS. Empty when it can be recorded."""
    errors: Errors = {}
    reason = why_not(
        actor, facts.task, change.action, facts=facts, on=change.on, from_register=from_register
    )
    if reason:
        _add(errors, NON_FIELD_ERRORS, reason)
    out_of_range = _days_out_of_range(change)
    # With a day out of range, the checks that compare days would only restate it; the texts
    # are still checked, so that every problem is said at once.
    problems = change.text_problems() if out_of_range else change.problems(facts)
    for name, messages in {**problems, **out_of_range}.items():
        errors.setdefault(name, []).extend(messages)
    return errors


def _days_out_of_range(change: Change) -> Errors:
    """The change's dates (its day, a new deadline…) outside the accepted years, whichever way
    the change was made: a form, the register import or a direct call."""
    errors: Errors = {}
    for item in dataclasses.fields(change):
        value = getattr(change, item.name)
        if isinstance(value, dt.date) and (problem := range_problem(value)):
            _add(errors, item.name, problem)
    return errors


def advanced(facts: Facts, change: Change) -> Facts:
    """The facts once `change` is recorded (nothing is written)."""
    fields = change.fields(facts)
    return facts.after(change.event_kind(), change.on, deadline=fields.get("deadline"), unit=fields.get("unit"))  # fmt: skip


def check_chain(
    task: Task, changes: Sequence[tuple[str, Change]], *, actor: User | None
) -> tuple[str, list[str]] | None:
    """The first of a chain of register changes (each with the column it comes from) that would
    be refused, with its messages, each checked on the facts the ones before it leave."""
    facts = Facts.of(task)
    for column, change in changes:
        if errors := check(change, facts=facts, actor=actor, from_register=True):
            return column, [m for messages in errors.values() for m in messages]
        facts = advanced(facts, change)
    return None


def record(
    change: Change,
    *,
    task: Task,
    actor: User | None,
    version: int | None = None,
    submission: str | None = None,
    from_register: bool = False,
    as_system: bool = False,
) -> TaskEvent:
    """Record `change` on `task` as one event: a second sending of the same form gives back the
    first one's event (`Resubmitted`); a task changed since the user saw it `version` raises
    ConcurrentChange; a refused change raises ActionRefused or ValidationError with every
    problem; otherwise the event is appended and the task's state and spans follow it.
    `as_system`: checked as the system would be (actor None), recorded with `actor` as who
    applied it: a decision above the task's sides, such as a reorganisation's hand-over."""

    def write() -> TaskEvent:
        locked = _locked(task, version)
        facts = Facts.of(locked)
        fields = change.fields(facts)
        checker = None if as_system else actor
        same = None if from_register else _just_recorded(locked, change, checker, fields)
        if same is not None:
            raise Resubmitted(same)
        errors = check(change, facts=facts, actor=checker, from_register=from_register)
        _refuse(errors)
        if change.refers_to is not None:
            fields["refers_to"] = pending_event(locked, change.refers_to)
        extra = change.apply(locked)
        if extra:
            fields["text"] = fields.get("text", "") + extra
        return _append(
            locked, change.event_kind(), change.on, actor, from_register=from_register, **fields
        )

    with transaction.atomic():
        return once(submission, actor, write, kind=TaskEvent)


# A form drawn again (the browser's Back reloads it with a new key) and sent with the same words.
RESUBMISSION_WINDOW = dt.timedelta(minutes=10)


def _just_recorded(
    task: Task, change: Change, actor: User | None, fields: dict[str, Any]
) -> TaskEvent | None:
    """The task's last event, when the same person recorded the same thing a moment ago and
    nothing happened since: the same form sent again after its key changed (the browser's Back
    drew it afresh), which records nothing more. Once anything else happened, the same words are
    a new event (a request made again after a refusal)."""
    if actor is None or not str(fields.get("text", "")).strip():
        return None
    last = task.events.order_by("-id").first()
    same = (
        last is not None
        and last.kind == change.event_kind()
        and last.actor_id == actor.pk
        and last.effective_on == change.on
        and last.text == fields["text"]
        and last.recorded_at >= timezone.now() - RESUBMISSION_WINDOW
    )
    return last if same else None


def _refuse(errors: Errors) -> None:
    """Raise the problems found, if any: ActionRefused when the action itself is not possible
    (only why_not's reason is filed under NON_FIELD_ERRORS), else ValidationError."""
    if errors:
        raise (ActionRefused if NON_FIELD_ERRORS in errors else ValidationError)(errors)


def _locked(task: Task, expected_version: int | None) -> Task:
    fresh = (
        # Lock the task row only: PostgreSQL cannot lock the nullable side of the document join.
        Task.objects.select_for_update(of=("self",))
        .select_related("current_lead_unit", "assigner", "document")
        .get(pk=task.pk)
    )
    if expected_version is not None and fresh.version != expected_version:
        raise ConcurrentChange()
    return fresh


def _append(
    task: Task,
    kind: Kind,
    on: dt.date,
    actor: User | None,
    *,
    from_register: bool = False,
    **fields: object,
) -> TaskEvent:
    """Append one event and bring the task's state after it; the people it concerns are told in
    the same transaction (notifications.events), unless it is history a register brings in."""
    event = TaskEvent.objects.create(task=task, kind=kind, effective_on=on, actor=actor, **fields)
    task.version += 1
    history = task_refresh_state(task)
    task.search_text = task_search_text(task, task.current_lead_unit)
    task.save()
    task_write_spans(task, history)
    if not from_register:
        notify_event(event, task)
    return event


def pending_event(task: Task, kind: Kind) -> TaskEvent | None:
    """The latest event of `kind` (the request or report a decision answers)."""
    return task.events.filter(kind=kind).order_by("-effective_on", "-id").first()


# --- Chasing every overdue task of a unit -----------------------------------------------------


def chase_overdue(
    *,
    assigner: Unit,
    unit: Unit,
    text: str,
    actor: User | None,
    on: dt.date | None = None,
    submission: str | None = None,
) -> list[TaskEvent]:
    """Chase (đôn đốc) with one text every task `assigner` gave that `unit` leads and that is
    open and overdue on `on` (today by default): selectors.overdue_for_chase, the figures'
    overdue tasks. All or nothing: one transaction, a refusal on any task records none. Returns
    the chases recorded (a task whose same chase was just recorded, a form sent twice, is not
    chased again). Problems are keyed by parameter name ("text", NON_FIELD_ERRORS)."""
    on = on or today()
    errors: Errors = {}
    if actor is not None and not acts_as_assigner(actor, assigner):
        _add(errors, NON_FIELD_ERRORS, _("Chỉ Văn phòng, lãnh đạo cơ quan giao (%(unit)s) được thực hiện thao tác này.") % {"unit": assigner.short_name})  # fmt: skip
    for name, problems in Chase(reason=text, on=on).text_problems().items():
        errors.setdefault("text" if name == "reason" else name, []).extend(problems)
    _required(errors, "text", text, _("Hãy nhập nội dung đôn đốc."))
    if problem := range_problem(on):
        _add(errors, "on", problem)
    _refuse(errors)

    def write() -> list[TaskEvent]:
        tasks = list(overdue_for_chase(assigner=assigner, unit=unit, on=on).order_by("pk"))
        if not tasks:
            raise ValidationError({NON_FIELD_ERRORS: [_("%(unit)s không có nhiệm vụ quá hạn nào để đôn đốc.") % {"unit": unit.short_name}]})  # fmt: skip
        chased = []
        for task in tasks:
            try:
                chased.append(record(Chase(reason=text, on=on), task=task, actor=actor))
            except Resubmitted:
                continue  # chased a moment ago with the same words
            except ValidationError as refused:
                raise ActionRefused(
                    {NON_FIELD_ERRORS: [f"#{task.pk}: {m}" for m in refused.messages]}
                ) from None
        return chased

    with transaction.atomic():
        if not submission or actor is None:
            return write()
        done: list[TaskEvent] = []

        def first() -> TaskEvent:
            done.extend(write())
            if not done:
                raise ValidationError({NON_FIELD_ERRORS: [_("Các nhiệm vụ này vừa được đôn đốc với cùng nội dung; không ghi thêm.")]})  # fmt: skip
            return done[0]

        once(submission, actor, first, kind=TaskEvent)
        return done


# --- Recording a new task ----------------------------------------------------------------------


MAX_WORKING_DAYS = 365  # a deadline given as working days after the assignment: at most a year


def task_assign_problems(
    *,
    title: str,
    assigner: Unit,
    lead_unit: Unit,
    assigned_on: dt.date,
    actor: User | None,
    deadline: dt.date | None = None,
    working_days: int | None = None,
    coordinating_units: Iterable[Unit] = (),
    document: Document | None = None,
    parent: Task | None = None,
    allow_duplicate: bool = False,
    note: str = "",
    external_code: str = "",
    assigned_by_name: str = "",
) -> Errors:
    """Every problem with recording this task, by parameter name (empty: none). A task that
    the assigner already gave the same lead unit on the same day with the same words is taken
    for the same task (as the register import takes it) unless `allow_duplicate`."""
    errors: Errors = {}
    same = None if allow_duplicate else _same_task(title, assigner, lead_unit, assigned_on, parent)
    if same is not None:
        _add(errors, "allow_duplicate", _("Đã có nhiệm vụ cùng nội dung giao cho %(unit)s ngày %(day)s (số %(id)s). Nếu đây là một nhiệm vụ khác, hãy đánh dấu ô này rồi giao lại.") % {"unit": lead_unit.short_name, "day": format_date(assigned_on), "id": same.pk})  # fmt: skip
    texts = {"title": title, "note": note, "external_code": external_code, "assigned_by_name": assigned_by_name}  # fmt: skip
    for name, text in texts.items():
        if problem := text_problem(text, limit=TASK_TEXT_LIMITS[name]):
            _add(errors, name, problem)
    reason = (
        why_not(actor, parent, Action.PASS_DOWN, on=assigned_on)
        if parent is not None
        else why_not_assign(actor, assigner, on=assigned_on)
    )
    if reason:
        _add(errors, NON_FIELD_ERRORS, reason)
    if parent is not None and parent.current_lead_unit_id != assigner.pk:
        _add(errors, "parent", _("Chỉ đơn vị chủ trì nhiệm vụ cấp trên mới giao tiếp nhiệm vụ này."))  # fmt: skip
    _required(errors, "title", title, _("Hãy nhập nội dung nhiệm vụ."))
    for name, day in (("assigned_on", assigned_on), ("deadline", deadline)):
        if day is not None and (problem := range_problem(day)):
            _add(errors, name, problem)
    if working_days is not None and not 1 <= working_days <= MAX_WORKING_DAYS:
        _add(errors, "working_days", _("Số ngày làm việc phải từ 1 đến %(max)s.") % {"max": MAX_WORKING_DAYS})  # fmt: skip
    if errors.keys() & {"assigned_on", "deadline", "working_days"}:
        return errors  # the date checks below would only restate them
    if assigned_on > today():
        _add(errors, "assigned_on", _("Ngày giao không được sau ngày hôm nay."))
    if document is not None and assigned_on < document.issued_on:
        _add(errors, "assigned_on", _("Ngày giao không được trước ngày ban hành văn bản (%(day)s).") % {"day": format_date(document.issued_on)})  # fmt: skip
    if deadline is not None and working_days is not None:
        _add(errors, "deadline", _("Chỉ nhập hạn xử lý hoặc số ngày làm việc, không nhập cả hai."))  # fmt: skip
    elif deadline is not None and deadline < assigned_on:
        _add(errors, "deadline", _("Hạn xử lý (%(deadline)s) không được trước ngày giao (%(assigned)s).") % {"deadline": format_date(deadline), "assigned": format_date(assigned_on)})  # fmt: skip
    if lead_unit == assigner or not lead_unit.is_within(assigner):
        _add(errors, "lead_unit", _("Đơn vị chủ trì phải là đơn vị trực thuộc %(assigner)s.") % {"assigner": assigner.short_name})  # fmt: skip
    elif not lead_unit.is_valid_on(assigned_on):
        _add(errors, "lead_unit", _("%(unit)s không còn tồn tại vào ngày giao.") % {"unit": lead_unit.short_name})  # fmt: skip
    if lead_unit in list(coordinating_units):
        _add(errors, "coordinating_units", _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."))  # fmt: skip
    return errors


def _same_task(
    title: str, assigner: Unit, lead_unit: Unit, assigned_on: dt.date, parent: Task | None
) -> Task | None:
    return Task.objects.filter(
        assigner=assigner,
        assigned_on=assigned_on,
        lead_unit=lead_unit,
        parent=parent,
        title=title.strip(),
    ).first()


def task_assign(
    *,
    title: str,
    assigner: Unit,
    lead_unit: Unit,
    assigned_on: dt.date,
    actor: User | None,
    deadline: dt.date | None = None,
    working_days: int | None = None,
    coordinating_units: Iterable[Unit] = (),
    assigned_by: str = Signer.COMMITTEE,
    assigned_by_name: str = "",
    source: str = Source.DIRECTIVE,
    document: Document | None = None,
    is_key: bool = False,
    field: str = Field.OTHER,
    urgency: str = Urgency.NORMAL,
    parent: Task | None = None,
    external_code: str = "",
    note: str = "",
    submission: str | None = None,
    allow_duplicate: bool = False,
) -> Task:
    """Record a new task (a child task when `parent` is given) and its assignment event."""
    coordinating = list(coordinating_units)
    countable = range_problem(assigned_on) is None and 1 <= (working_days or 0) <= MAX_WORKING_DAYS
    if working_days is not None and deadline is None and countable:
        deadline = working_calendar(start=assigned_on, end=assigned_on).add_working_days(
            assigned_on, working_days
        )
        working_given = None  # checked as the deadline it gives
    else:
        working_given = working_days
    errors = task_assign_problems(
        title=title, assigner=assigner, lead_unit=lead_unit, assigned_on=assigned_on,
        actor=actor, deadline=deadline, working_days=working_given,
        coordinating_units=coordinating, document=document, parent=parent, note=note,
        external_code=external_code, assigned_by_name=assigned_by_name,
        allow_duplicate=allow_duplicate,
    )  # fmt: skip

    def write() -> Task:
        _refuse(errors)  # after the key: a form sent again gets its first task back
        task = Task(
            title=title.strip(), source=source, document=document, assigner=assigner,
            assigned_by=assigned_by, assigned_by_name=assigned_by_name, lead_unit=lead_unit,
            current_lead_unit=lead_unit, assigned_on=assigned_on, deadline=deadline,
            current_deadline=deadline, deadline_working_days=working_days, is_key=is_key,
            field=field, urgency=urgency, parent=parent, external_code=external_code, note=note,
            created_by=actor,
        )  # fmt: skip
        task.search_text = task_search_text(task, lead_unit)
        task.full_clean(
            exclude=[
                "current_lead_unit",
                "lead_unit",
                "assigner",
                "document",
                "parent",
                "created_by",
            ]
        )
        task.save()
        task.coordinating_units.set(coordinating)
        event = TaskEvent.objects.create(
            task=task, kind=Kind.ASSIGNED, effective_on=assigned_on, actor=actor,
            unit=lead_unit, deadline=deadline,
        )  # fmt: skip
        task_write_spans(task, history_of(task, ()))
        notify_event(event, task)
        return task

    with transaction.atomic():
        return once(submission, actor, write, kind=Task)


def tasks_rebuild_state(tasks: Iterable[Task]) -> int:
    """Recompute the cached state and the spans of `tasks` from their events; returns how many
    changed."""
    cached = ["current_lead_unit_id", "current_deadline", "current_status", "completed_on", "confirmed_on",
              "reported_on", "extension_requested_on", "progress_percent"]  # fmt: skip
    spanned = SPAN_FIELDS[1:]  # all but the task

    def cells(rows: Iterable[TaskSpan]) -> list[list[object]]:
        return [[getattr(row, name) for name in spanned] for row in rows]

    changed = 0
    for task in tasks:
        before = [getattr(task, name) for name in cached]
        history = task_refresh_state(task)
        state_changed = before != [getattr(task, name) for name in cached]
        if state_changed:
            task.save(update_fields=cached)
        spans_changed = cells(task.spans.order_by("valid_from")) != cells(span_rows(task, history))
        if spans_changed:
            task_write_spans(task, history)
        changed += state_changed or spans_changed
    return changed
