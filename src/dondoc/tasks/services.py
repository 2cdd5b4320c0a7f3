"""Every write to a task goes through here: one function per action, atomic, validated.

Each action appends one event, checks the version the user saw (so a concurrent change is detected
and reported, never silently lost) and refreshes the task's cached state from its events.
Validation errors are Django ValidationErrors keyed by form field, in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dondoc.accounts.models import User
from dondoc.core import pagecache
from dondoc.core.dates import format_date, today
from dondoc.core.text import fold
from dondoc.documents.models import Document, Signer
from dondoc.organisations.models import Unit
from dondoc.tasks import rules
from dondoc.tasks.models import Field, Source, Status, Task, TaskEvent, TaskSpan, Urgency
from dondoc.tasks.rules import Kind
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


def _check_day(
    errors: dict[str, str], name: str, day: dt.date, *, not_before: dt.date, what: str
) -> None:
    if day > today():
        errors[name] = _("%(what)s không được sau ngày hôm nay.") % {"what": what}
    elif day < not_before:
        errors[name] = _("%(what)s không được trước ngày %(day)s.") % {
            "what": what,
            "day": format_date(not_before),
        }


@transaction.atomic
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
) -> Task:
    """Record a new task (or a child task when `parent` is given) and its assignment event."""
    errors: dict[str, str] = {}
    title = title.strip()
    if not title:
        errors["title"] = _("Hãy nhập nội dung nhiệm vụ.")
    if assigned_on > today():
        errors["assigned_on"] = _("Ngày giao không được sau ngày hôm nay.")
    if deadline is not None and working_days is not None:
        errors["deadline"] = _("Chỉ nhập hạn xử lý hoặc số ngày làm việc, không nhập cả hai.")
    if working_days is not None:
        deadline = working_calendar(start=assigned_on, end=assigned_on).add_working_days(
            assigned_on, working_days
        )
    if deadline is not None and deadline < assigned_on:
        errors["deadline"] = _(
            "Hạn xử lý (%(deadline)s) không được trước ngày giao (%(assigned)s)."
        ) % {
            "deadline": format_date(deadline),
            "assigned": format_date(assigned_on),
        }
    if lead_unit == assigner or not lead_unit.is_within(assigner):
        errors["lead_unit"] = _("Đơn vị chủ trì phải là đơn vị trực thuộc %(assigner)s.") % {
            "assigner": assigner.short_name
        }
    elif not lead_unit.is_valid_on(assigned_on):
        errors["lead_unit"] = _("%(unit)s không còn tồn tại vào ngày giao.") % {
            "unit": lead_unit.short_name
        }
    if document is not None and assigned_on < document.issued_on:
        errors["assigned_on"] = _("Ngày giao không được trước ngày ban hành văn bản (%(day)s).") % {
            "day": format_date(document.issued_on)
        }
    coordinating = list(coordinating_units)
    if lead_unit in coordinating:
        errors["coordinating_units"] = _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
    if parent is not None and parent.current_lead_unit_id != assigner.pk:
        errors["parent"] = _("Chỉ đơn vị chủ trì nhiệm vụ cấp trên mới giao tiếp nhiệm vụ này.")
    if parent is not None and parent.current_status == Status.CANCELLED:
        errors["parent"] = _("Nhiệm vụ cấp trên đã bị hủy.")
    if errors:
        raise ValidationError(errors)
    task = Task(
        title=title,
        source=source,
        document=document,
        assigner=assigner,
        assigned_by=assigned_by,
        assigned_by_name=assigned_by_name,
        lead_unit=lead_unit,
        current_lead_unit=lead_unit,
        assigned_on=assigned_on,
        deadline=deadline,
        current_deadline=deadline,
        deadline_working_days=working_days,
        is_key=is_key,
        field=field,
        urgency=urgency,
        parent=parent,
        external_code=external_code,
        note=note,
        created_by=actor,
    )
    task.search_text = task_search_text(task, lead_unit)
    task.full_clean(
        exclude=["current_lead_unit", "lead_unit", "assigner", "document", "parent", "created_by"]
    )
    task.save()
    task.coordinating_units.set(coordinating)
    TaskEvent.objects.create(
        task=task,
        kind=Kind.ASSIGNED,
        effective_on=assigned_on,
        actor=actor,
        unit=lead_unit,
        deadline=deadline,
    )
    task_write_spans(task, history_of(task, ()))
    return task


def _locked(task: Task, expected_version: int | None) -> Task:
    fresh = (
        # Lock the task row only: PostgreSQL cannot lock the nullable side of the document join.
        Task.objects.select_for_update(of=("self",))
        .select_related("current_lead_unit", "document")
        .get(pk=task.pk)
    )
    if expected_version is not None and fresh.version != expected_version:
        raise ConcurrentChange()
    if fresh.current_status == Status.CANCELLED:
        raise ValidationError(_("Nhiệm vụ đã bị hủy: không thể thực hiện thêm thao tác nào."))
    return fresh


def _append(task: Task, kind: Kind, on: dt.date, actor: User | None, **fields: object) -> TaskEvent:
    event = TaskEvent.objects.create(task=task, kind=kind, effective_on=on, actor=actor, **fields)
    task.version += 1
    history = task_refresh_state(task)
    task.search_text = task_search_text(task, task.current_lead_unit)
    task.save()
    task_write_spans(task, history)
    return event


def _pending(task: Task, kind: Kind) -> TaskEvent | None:
    return task.events.filter(kind=kind).order_by("-effective_on", "-id").first()


@transaction.atomic
def task_acknowledge(
    *, task: Task, actor: User | None, on: dt.date | None = None, version: int | None = None
) -> TaskEvent:
    task = _locked(task, version)
    on = on or today()
    errors: dict[str, str] = {}
    _check_day(errors, "effective_on", on, not_before=task.assigned_on, what=_("Ngày tiếp nhận"))
    if task.events.filter(kind=Kind.ACKNOWLEDGED).exists():
        errors["__all__"] = _("Đơn vị đã tiếp nhận nhiệm vụ này.")
    if errors:
        raise ValidationError(errors)
    return _append(task, Kind.ACKNOWLEDGED, on, actor)


@transaction.atomic
def task_report_progress(
    *,
    task: Task,
    actor: User | None,
    text: str,
    percent: int | None,
    on: dt.date | None = None,
    version: int | None = None,
) -> TaskEvent:
    task = _locked(task, version)
    on = on or today()
    errors: dict[str, str] = {}
    _check_day(errors, "effective_on", on, not_before=task.assigned_on, what=_("Ngày báo cáo"))
    if not text.strip():
        errors["text"] = _("Hãy nhập nội dung báo cáo tiến độ.")
    if percent is not None and not 0 <= percent <= 100:
        errors["percent"] = _("Tỷ lệ hoàn thành phải từ 0 đến 100%.")
    if task.current_status == Status.COMPLETED:
        errors["__all__"] = _("Nhiệm vụ đã hoàn thành.")
    if errors:
        raise ValidationError(errors)
    return _append(task, Kind.PROGRESS, on, actor, text=text.strip(), percent=percent)


@transaction.atomic
def task_request_extension(
    *,
    task: Task,
    actor: User | None,
    new_deadline: dt.date,
    reason: str,
    on: dt.date | None = None,
    version: int | None = None,
) -> TaskEvent:
    task = _locked(task, version)
    on = on or today()
    errors: dict[str, str] = {}
    _check_day(errors, "effective_on", on, not_before=task.assigned_on, what=_("Ngày đề nghị"))
    in_force = rules.deadline_on(history_of(task), on)
    if in_force is None:
        errors["__all__"] = _("Nhiệm vụ không có thời hạn nên không cần gia hạn.")
    elif on > in_force:
        errors["effective_on"] = _(
            "Phải đề nghị gia hạn trước hạn xử lý đang áp dụng (%(deadline)s)."
        ) % {"deadline": format_date(in_force)}
    elif new_deadline <= in_force:
        errors["deadline"] = _("Hạn mới phải sau hạn đang áp dụng (%(deadline)s).") % {
            "deadline": format_date(in_force)
        }
    if not reason.strip():
        errors["text"] = _("Hãy nêu lý do đề nghị gia hạn.")
    if task.extension_requested_on is not None:
        errors["__all__"] = _("Đã có đề nghị gia hạn đang chờ quyết định.")
    if task.current_status == Status.COMPLETED or task.reported_on is not None:
        errors["__all__"] = _("Nhiệm vụ đã báo cáo hoàn thành.")
    if errors:
        raise ValidationError(errors)
    return _append(
        task, Kind.EXTENSION_REQUESTED, on, actor, deadline=new_deadline, text=reason.strip()
    )


@transaction.atomic
def task_decide_extension(
    *,
    task: Task,
    actor: User | None,
    approve: bool,
    reason: str = "",
    new_deadline: dt.date | None = None,
    on: dt.date | None = None,
    version: int | None = None,
) -> TaskEvent:
    task = _locked(task, version)
    on = on or today()
    request = _pending(task, Kind.EXTENSION_REQUESTED)
    if task.extension_requested_on is None or request is None:
        raise ValidationError(_("Không có đề nghị gia hạn nào đang chờ quyết định."))
    errors: dict[str, str] = {}
    _check_day(
        errors, "effective_on", on, not_before=request.effective_on, what=_("Ngày quyết định")
    )
    if approve:
        new_deadline = new_deadline or request.deadline
        in_force = rules.deadline_on(history_of(task), on)
        if new_deadline is None or new_deadline < on:
            errors["deadline"] = _("Hạn mới không được trước ngày quyết định.")
        elif in_force is not None and new_deadline <= in_force:
            errors["deadline"] = _("Hạn mới phải sau hạn đang áp dụng (%(deadline)s).") % {
                "deadline": format_date(in_force)
            }
    elif not reason.strip():
        errors["text"] = _("Hãy nêu lý do không đồng ý gia hạn.")
    if errors:
        raise ValidationError(errors)
    kind = Kind.EXTENSION_APPROVED if approve else Kind.EXTENSION_REFUSED
    return _append(
        task,
        kind,
        on,
        actor,
        deadline=new_deadline if approve else None,
        text=reason.strip(),
        refers_to=request,
    )


@transaction.atomic
def task_report_completion(
    *,
    task: Task,
    actor: User | None,
    on: dt.date,
    result: str,
    result_document: str = "",
    lateness_reason: str = "",
    version: int | None = None,
) -> TaskEvent:
    """The lead unit reports the task done on `on` (the date C of RULES.md)."""
    task = _locked(task, version)
    errors: dict[str, str] = {}
    _check_day(errors, "effective_on", on, not_before=task.assigned_on, what=_("Ngày hoàn thành"))
    if not result.strip():
        errors["text"] = _("Hãy nêu kết quả thực hiện.")
    promised = rules.deadline_on(history_of(task), on)
    if promised is not None and on > promised and not lateness_reason.strip():
        errors["lateness_reason"] = _("Hoàn thành sau hạn (%(deadline)s): hãy nêu lý do chậm.") % {
            "deadline": format_date(promised)
        }
    if task.current_status == Status.COMPLETED:
        errors["__all__"] = _("Nhiệm vụ đã được xác nhận hoàn thành.")
    elif task.reported_on is not None:
        errors["__all__"] = _("Báo cáo hoàn thành trước đang chờ xác nhận.")
    if errors:
        raise ValidationError(errors)
    text = result.strip()
    if lateness_reason.strip():
        text += "\n" + _("Lý do chậm: %(reason)s") % {"reason": lateness_reason.strip()}
    return _append(
        task,
        Kind.COMPLETION_REPORTED,
        on,
        actor,
        text=text,
        result_document=result_document.strip(),
    )


@transaction.atomic
def task_confirm_completion(
    *,
    task: Task,
    actor: User | None,
    on: dt.date | None = None,
    note: str = "",
    version: int | None = None,
) -> TaskEvent:
    task = _locked(task, version)
    on = on or today()
    report = _pending(task, Kind.COMPLETION_REPORTED)
    if task.reported_on is None or report is None:
        raise ValidationError(_("Không có báo cáo hoàn thành nào đang chờ xác nhận."))
    errors: dict[str, str] = {}
    _check_day(errors, "effective_on", on, not_before=report.effective_on, what=_("Ngày xác nhận"))
    if errors:
        raise ValidationError(errors)
    return _append(task, Kind.COMPLETION_CONFIRMED, on, actor, text=note.strip(), refers_to=report)


@transaction.atomic
def task_return_completion(
    *,
    task: Task,
    actor: User | None,
    reason: str,
    on: dt.date | None = None,
    version: int | None = None,
) -> TaskEvent:
    """Return a completion report (waiting or already confirmed): the task is open again."""
    task = _locked(task, version)
    on = on or today()
    report = _pending(task, Kind.COMPLETION_REPORTED)
    if report is None or (task.reported_on is None and task.current_status != Status.COMPLETED):
        raise ValidationError(_("Không có báo cáo hoàn thành nào để trả lại."))
    errors: dict[str, str] = {}
    last = task.confirmed_on or report.effective_on
    _check_day(errors, "effective_on", on, not_before=last, what=_("Ngày trả lại"))
    if not reason.strip():
        errors["text"] = _("Hãy nêu lý do trả lại.")
    if errors:
        raise ValidationError(errors)
    return _append(task, Kind.COMPLETION_RETURNED, on, actor, text=reason.strip(), refers_to=report)


@transaction.atomic
def task_cancel(
    *,
    task: Task,
    actor: User | None,
    reason: str,
    on: dt.date | None = None,
    version: int | None = None,
) -> TaskEvent:
    task = _locked(task, version)
    on = on or today()
    errors: dict[str, str] = {}
    _check_day(errors, "effective_on", on, not_before=task.assigned_on, what=_("Ngày hủy"))
    if not reason.strip():
        errors["text"] = _("Hãy nêu lý do hủy nhiệm vụ.")
    if errors:
        raise ValidationError(errors)
    return _append(task, Kind.CANCELLED, on, actor, text=reason.strip())


@transaction.atomic
def task_change_lead(
    *,
    task: Task,
    actor: User | None,
    unit: Unit,
    reason: str,
    on: dt.date | None = None,
    version: int | None = None,
) -> TaskEvent:
    task = _locked(task, version)
    on = on or today()
    errors: dict[str, str] = {}
    _check_day(errors, "effective_on", on, not_before=task.assigned_on, what=_("Ngày thay đổi"))
    if unit.pk == task.current_lead_unit_id:
        errors["unit"] = _("Đơn vị này đang chủ trì nhiệm vụ.")
    elif unit == task.assigner or not unit.is_within(task.assigner):
        errors["unit"] = _("Đơn vị chủ trì phải là đơn vị trực thuộc %(assigner)s.") % {
            "assigner": task.assigner.short_name
        }
    elif not unit.is_valid_on(on):
        errors["unit"] = _("%(unit)s không tồn tại vào ngày thay đổi.") % {"unit": unit.short_name}
    if not reason.strip():
        errors["text"] = _("Hãy nêu lý do thay đổi.")
    if task.current_status == Status.COMPLETED:
        errors["__all__"] = _("Nhiệm vụ đã hoàn thành.")
    if errors:
        raise ValidationError(errors)
    return _append(task, Kind.LEAD_CHANGED, on, actor, unit=unit, text=reason.strip())


@transaction.atomic
def task_correct_deadline(
    *,
    task: Task,
    actor: User | None,
    deadline: dt.date | None,
    reason: str,
    on: dt.date | None = None,
    version: int | None = None,
) -> TaskEvent:
    """Correct a mistaken deadline. Like every event it applies from its own date: reports taken
    as of earlier days keep the deadline that was on record then."""
    task = _locked(task, version)
    on = on or today()
    errors: dict[str, str] = {}
    _check_day(errors, "effective_on", on, not_before=task.assigned_on, what=_("Ngày điều chỉnh"))
    if deadline is not None and deadline < task.assigned_on:
        errors["deadline"] = _("Hạn xử lý không được trước ngày giao.")
    if not reason.strip():
        errors["text"] = _("Hãy nêu lý do điều chỉnh.")
    if task.current_status == Status.COMPLETED:
        errors["__all__"] = _("Nhiệm vụ đã hoàn thành.")
    if errors:
        raise ValidationError(errors)
    return _append(task, Kind.DEADLINE_CORRECTED, on, actor, deadline=deadline, text=reason.strip())


# Fields a details correction may change, with how the change is described in the history.
CORRECTABLE = ("title", "document", "assigned_by", "assigned_by_name", "coordinating_units",
               "is_key", "source", "field", "note")  # fmt: skip


@transaction.atomic
def task_correct_details(
    *,
    task: Task,
    actor: User | None,
    changes: dict[str, object],
    reason: str,
    version: int | None = None,
) -> TaskEvent:
    """Correct what the counting rules do not read (title, document, who assigned, coordinating
    units, key, source, field, note). The event keeps the old values, so nothing is lost."""
    task = _locked(task, version)
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable here: {sorted(unknown)}")
    errors: dict[str, str] = {}
    if "title" in changes and not str(changes["title"]).strip():
        errors["title"] = _("Hãy nhập nội dung nhiệm vụ.")
    if not reason.strip():
        errors["text"] = _("Hãy nêu lý do sửa.")
    document = changes.get("document")
    if isinstance(document, Document) and task.assigned_on < document.issued_on:
        errors["document"] = _("Ngày giao không được trước ngày ban hành văn bản (%(day)s).") % {
            "day": format_date(document.issued_on)
        }
    coordinating = changes.get("coordinating_units")
    if coordinating is not None and task.current_lead_unit in coordinating:  # type: ignore[operator]
        errors["coordinating_units"] = _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
    if errors:
        raise ValidationError(errors)
    before = []
    for name, value in changes.items():
        label = getattr(Task._meta.get_field(name), "verbose_name", name)
        if name == "coordinating_units":
            old = "; ".join(u.short_name for u in task.coordinating_units.all())
            task.coordinating_units.set(value)  # type: ignore[arg-type]
        else:
            old = str(getattr(task, name) or "")
            setattr(task, name, value)
        before.append(f"{label}: {old}")
    text = reason.strip() + "\n" + _("Trước khi sửa:") + "\n" + "\n".join(before)
    return _append(task, Kind.DETAILS_CORRECTED, today(), actor, text=text)


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
