"""Importing a task register: every row is checked first, then all of it is saved, or nothing.

Two passes keep memory bounded whatever the file's length: the first reads and checks each row
(remembering only what it decided per row number, and spooling the row's cells to a temporary
file), the second reads the spool back and saves the new tasks in batches. Both run in one
transaction. A new task becomes the same events the UI records (assigned, extension approved,
completion reported, confirmed, cancelled, each on its date), so the counting rules treat it like
a task entered by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dondoc.accounts.models import User
from dondoc.core.dates import format_date, today
from dondoc.core.text import fold
from dondoc.documents.models import Document, DocumentKind
from dondoc.organisations.models import Unit
from dondoc.registers.columns import BY_KEY
from dondoc.registers.reader import RegisterFileError, RegisterReader
from dondoc.registers.rows import (
    OWN_CODE,
    RegisterRow,
    RowError,
    RowParser,
    UnitDirectory,
    rows_of_tasks,
)
from dondoc.tasks import rules, services
from dondoc.tasks.models import Task, TaskEvent, TaskSpan
from dondoc.tasks.rules import Kind

BATCH = 1000
PREVIEW_ROWS = 100
SKIP = -1
CREATE = 0  # any other decision is the id of the task to update

T = TypeVar("T")
Progress = Callable[[Iterable[T], str, int | None], Iterable[T]]


def no_progress(items: Iterable[T], label: str, total: int | None) -> Iterable[T]:
    return items


@dataclass
class ImportResult:
    name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    documents: int = 0
    errors: list[RowError | str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    preview: list[RegisterRow] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    """Undo a savepoint in which an update was tried only to see whether the services accept it."""


class _Refused(Exception):
    def __init__(self, column: str, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.column, self.messages = column, messages


# --- Documents -------------------------------------------------------------------------------

_KIND_BY_TYPE = {
    "tb": DocumentKind.CONCLUSION_NOTICE,
    "qd": DocumentKind.DECISION,
    "kh": DocumentKind.PLAN,
    "ct": DocumentKind.DIRECTIVE,
}


def document_kind(number: str) -> str:
    """The kind a number's type code names (86/TB-UBND: a notice); an official letter otherwise."""
    match = re.match(r"^[^/]*/([^-]+)-", fold(number))
    return (
        _KIND_BY_TYPE.get(match.group(1).strip(), DocumentKind.OFFICIAL_LETTER)
        if match
        else (DocumentKind.OFFICIAL_LETTER)
    )


class DocumentBook:
    """An assigner's documents by number, and those the import will create (unknown numbers)."""

    def __init__(self) -> None:
        self._known: dict[int, dict[str, list[Document]]] = {}
        self._new: dict[tuple[int, str, dt.date | None], tuple[dt.date, RegisterRow]] = {}

    def _of(self, issuer: Unit) -> dict[str, list[Document]]:
        if issuer.pk not in self._known:
            known: dict[str, list[Document]] = {}
            for document in Document.objects.filter(issuer=issuer).order_by("issued_on"):
                known.setdefault(document.number, []).append(document)
            self._known[issuer.pk] = known
        return self._known[issuer.pk]

    def check(self, row: RegisterRow) -> str:
        """Why the row's document cannot be found or made ("" when it can); notes new ones."""
        if not row.document_number:
            return ""
        found = self._of(row.assigner).get(row.document_number, [])
        if row.document_date is not None:
            if not any(d.issued_on == row.document_date for d in found):
                self._new.setdefault(
                    (row.assigner.pk, row.document_number, row.document_date),
                    (row.document_date, row),
                )
            return ""
        if len(found) > 1:
            return _(
                "%(issuer)s có %(n)s văn bản số %(number)s (ngày %(days)s): hãy ghi Ngày văn bản."
            ) % {
                "issuer": row.assigner.short_name,
                "n": len(found),
                "number": row.document_number,
                "days": ", ".join(format_date(d.issued_on) for d in found),
            }
        if not found:
            key = (row.assigner.pk, row.document_number, None)
            earliest = self._new.get(key, (row.assigned_on, row))[0]
            self._new[key] = (min(earliest, row.assigned_on), row)
        return ""

    @property
    def new_count(self) -> int:
        return len(self._new)

    def create_new(self, actor: User | None) -> None:
        """Create every document the checked rows named and the database lacks: one insert."""
        documents = []
        for (_issuer, number, _day), (issued_on, first) in self._new.items():
            document = Document(
                issuer=first.assigner,
                number=number,
                issued_on=issued_on,
                kind=document_kind(number),
                signer=first.assigned_by,
                signer_name=first.assigned_by_name,
                summary=_("Văn bản giao nhiệm vụ (tạo khi nhập sổ theo dõi)"),
                created_by=actor,
            )
            document.derive()
            documents.append(document)
        for document in Document.objects.bulk_create(documents, batch_size=BATCH):
            self._of(document.issuer).setdefault(document.number, []).append(document)
        self._new.clear()

    def document(self, row: RegisterRow, actor: User | None) -> Document | None:
        """The row's document (created now if the book has not created it yet)."""
        if not row.document_number:
            return None
        found = self._of(row.assigner).get(row.document_number, [])
        for document in found:
            if row.document_date is None or document.issued_on == row.document_date:
                return document
        if problem := self.check(row):
            raise _Refused("document", [problem])
        self.create_new(actor)
        return self.document(row, actor)


# --- Finding the tasks rows refer to ----------------------------------------------------------

Identity = tuple[Any, ...]


def identity(row: RegisterRow) -> Identity:
    """What names a row's task: its code within the assigner, or (no code) what it says."""
    if row.code:
        return (row.assigner.pk, row.code)
    return (row.assigner.pk, row.assigned_on, row.lead_unit.pk, fold(row.title))


def _existing(rows: list[RegisterRow]) -> dict[Identity, Task]:
    """The tasks already recorded that `rows` refer to, in a few queries for the whole batch."""
    found: dict[Identity, Task] = {}
    base = Task.objects.select_related("document")
    coded = [r for r in rows if r.code]
    for assigner in {r.assigner for r in coded}:
        codes = [r.code for r in coded if r.assigner == assigner]
        for task in base.filter(assigner=assigner, external_code__in=codes):
            found[(assigner.pk, task.external_code)] = task
        own = {int(m.group(1)): r.code for r in coded if r.assigner == assigner if (m := OWN_CODE.match(r.code))}  # fmt: skip
        for task in base.filter(assigner=assigner, external_code="", pk__in=list(own)):
            found.setdefault((assigner.pk, own[task.pk]), task)
    uncoded = [r for r in rows if not r.code]
    if uncoded:
        candidates = base.filter(
            assigner__in={r.assigner for r in uncoded},
            assigned_on__in={r.assigned_on for r in uncoded},
            lead_unit__in={r.lead_unit for r in uncoded},
        )
        wanted = {identity(r) for r in uncoded}
        for task in candidates:
            key = (task.assigner_id, task.assigned_on, task.lead_unit_id, fold(task.title))
            if key in wanted:
                found.setdefault(key, task)
    return found


# --- The import ------------------------------------------------------------------------------


def import_register(
    path: Path,
    *,
    name: str | None = None,
    default_assigner: Unit | None = None,
    update: bool = False,
    dry_run: bool = False,
    actor: User | None = None,
    allowed_assigners: Iterable[Unit] | None = None,
    progress: Progress[Any] = no_progress,
) -> ImportResult:
    """Check the register at `path` and, when every row is right and not `dry_run`, save it."""
    result = ImportResult(name=name or Path(path).name)
    try:
        with transaction.atomic():
            _Import(path, result, default_assigner, update, actor, allowed_assigners, progress).run(
                dry_run
            )
    except RegisterFileError as problem:
        result.errors = [*problem.messages]
        result.saved = False
    return result


class _Import:
    def __init__(
        self,
        path: Path,
        result: ImportResult,
        default_assigner: Unit | None,
        update: bool,
        actor: User | None,
        allowed_assigners: Iterable[Unit] | None,
        progress: Progress[Any],
    ) -> None:
        self.path, self.result, self.update, self.actor = path, result, update, actor
        self.allowed = None if allowed_assigners is None else set(allowed_assigners)
        self.progress = progress
        self.today = today()
        self.units = UnitDirectory()
        self.parser = RowParser(self.units, default_assigner=default_assigner, today=self.today)
        self.book = DocumentBook()
        self.decisions: dict[
            int, int
        ] = {}  # row number → CREATE, SKIP or the id of a task to update
        self.source_note = _("Nhập từ sổ theo dõi “%(name)s”") % {"name": result.name}

    def _checked(self) -> Iterator[tuple[int, RegisterRow | None, list[RowError]]]:
        """Parse the file's rows, keeping their cells in the spool for the second pass."""
        with RegisterReader(self.path, name=self.result.name) as reader:
            self.result.ignored_columns = reader.header.ignored
            for number, cells in self.progress(reader.rows(), _("Kiểm tra"), reader.total_rows):
                pickle.dump((number, cells), self.spool, protocol=pickle.HIGHEST_PROTOCOL)
                row, errors = self.parser.parse(number, cells)
                yield number, row, errors

    def _spooled(self) -> Iterator[tuple[int, RegisterRow | None]]:
        """The rows again, from the spool: the file is read and its cells converted once."""
        self.spool.seek(0)

        def cells() -> Iterator[tuple[int, dict[str, Any]]]:
            while True:
                try:
                    yield pickle.load(self.spool)  # noqa: S301  (our own temporary file)
                except EOFError:
                    return

        for number, values in self.progress(cells(), _("Ghi"), self.result.rows):
            yield number, self.parser.parse(number, values)[0]

    def run(self, dry_run: bool) -> None:
        with tempfile.TemporaryFile() as self.spool:
            self._run(dry_run)

    def _run(self, dry_run: bool) -> None:
        batch: list[RegisterRow] = []
        seen: dict[Identity, int] = {}
        for _number, row, errors in self._checked():
            self.result.rows += 1
            self.result.errors.extend(errors)
            if row is None:
                continue
            key = identity(row)
            if key in seen:
                what = _("mã %(code)s") % {"code": row.code} if row.code else _("nhiệm vụ này")
                self._error(
                    row,
                    "code" if row.code else "",
                    _("%(what)s trùng với dòng %(row)s.") % {"what": what, "row": seen[key]},
                )
                continue
            seen[key] = row.row
            batch.append(row)
            if len(batch) >= BATCH:
                self._decide(batch)
                batch = []
        self._decide(batch)
        self.result.documents = self.book.new_count
        if self.result.rows == 0:
            self.result.errors.append(_("Tệp không có dòng nhiệm vụ nào dưới dòng tiêu đề."))
        if self.result.errors or dry_run:
            return
        if self.result.created or self.result.updated:
            self._save()
        self.result.saved = True

    def _error(self, row: RegisterRow, key: str, message: str) -> None:
        self.result.errors.append(RowError(row.row, BY_KEY[key].header if key else "", message))

    def _decide(self, batch: list[RegisterRow]) -> None:
        """What to do with each row of a checked batch: create, skip (identical) or update."""
        if not batch:
            return
        existing = _existing(batch)
        known = rows_of_tasks(
            list({t.pk: t for t in existing.values()}.values()), self.units, self.today
        )
        for row in batch:
            task = existing.get(identity(row))
            foreign = self.allowed is not None and row.assigner not in self.allowed
            if foreign and (task is None or row.differences(self._old(known[task.pk], row))):
                # Another unit's task: skipped when it is already recorded as the row says.
                message = _("bạn không được nhập hay sửa nhiệm vụ do %(unit)s giao.")
                self._error(row, "assigner", message % {"unit": row.assigner.name})
                continue
            if task is None:
                if problem := self.book.check(row):
                    self._error(row, "document", problem)
                    continue
                self.decisions[row.row] = CREATE
                self.result.created += 1
                if len(self.result.preview) < PREVIEW_ROWS:
                    self.result.preview.append(row)
                continue
            old = self._old(known[task.pk], row)
            changed = row.differences(old)
            if not changed:
                self.decisions[row.row] = SKIP
                self.result.skipped += 1
            elif not self.update:
                self._error(
                    row,
                    "code",
                    _(
                        "nhiệm vụ đã có trên hệ thống nhưng khác ở cột %(columns)s; muốn ghi các thay đổi, hãy chọn “Cập nhật nhiệm vụ đã có” (lệnh: --update)."
                    )
                    % {"columns": ", ".join(BY_KEY[k].header for k in changed)},
                )
            elif problem := self.book.check(row):
                self._error(row, "document", problem)
            elif self._try_update(task, old, row):
                self.decisions[row.row] = task.pk
                self.result.updated += 1

    @staticmethod
    def _old(old: RegisterRow, row: RegisterRow) -> RegisterRow:
        """The task's row as it compares with `row` (a row without a code matched on its content)."""
        return old if row.code else dataclasses.replace(old, code="")

    def _try_update(self, task: Task, old: RegisterRow, row: RegisterRow) -> bool:
        """Whether the services accept the row's changes: tried in a savepoint, then undone."""
        try:
            with transaction.atomic():
                _apply_update(task, old, row, self.actor, DocumentBook())
                raise _Rollback
        except _Rollback:
            return True
        except _Refused as refused:
            for message in refused.messages:
                self._error(row, refused.column, message)
            return False

    def _save(self) -> None:
        self.book.create_new(self.actor)
        batch: list[RegisterRow] = []
        for number, row in self._spooled():
            decision = self.decisions.get(number)
            if row is None or decision is None:
                raise RuntimeError(f"row {number} changed between the two passes over the file")
            if decision == CREATE:
                batch.append(row)
                if len(batch) >= BATCH:
                    self._create(batch)
                    batch = []
            elif decision != SKIP:
                task = Task.objects.select_related("document").get(pk=decision)
                old = rows_of_tasks([task], self.units, self.today)[task.pk]
                _apply_update(task, old, row, self.actor, self.book)
        self._create(batch)

    def _create(self, rows: list[RegisterRow]) -> None:
        """Save new tasks with their events and coordinating units: a few queries per batch."""
        if not rows:
            return
        tasks: list[Task] = []
        events: list[list[TaskEvent]] = []
        histories: list[rules.History] = []
        for row in rows:
            task = Task(
                title=row.title,
                source=row.source,
                document=self.book.document(row, self.actor),
                assigner=row.assigner,
                assigned_by=row.assigned_by,
                assigned_by_name=row.assigned_by_name,
                lead_unit=row.lead_unit,
                current_lead_unit=row.lead_unit,
                assigned_on=row.assigned_on,
                deadline=row.deadline,
                is_key=row.is_key,
                field=row.field,
                external_code=row.code,
                note=row.note,
                created_by=self.actor,
            )
            history = self._events(row)
            histories.append(services.task_refresh_state(task, history))
            task.search_text = services.task_search_text(task, row.lead_unit)
            tasks.append(task)
            events.append(history)
        Task.objects.bulk_create(tasks)
        TaskSpan.objects.bulk_create(
            [
                span
                for task, history in zip(tasks, histories, strict=True)
                for span in services.span_rows(task, history)
            ]
        )
        for task, history in zip(tasks, events, strict=True):
            for event in history:
                event.task = task
        TaskEvent.objects.bulk_create([e for history in events for e in history])
        through = Task.coordinating_units.through
        through.objects.bulk_create(
            [
                through(task_id=task.pk, unit_id=unit.pk)
                for task, row in zip(tasks, rows, strict=True)
                for unit in row.coordinating_units
            ]
        )

    def _events(self, row: RegisterRow) -> list[TaskEvent]:
        def event(kind: Kind, on: dt.date, **fields: Any) -> TaskEvent:
            return TaskEvent(kind=kind, effective_on=on, actor=self.actor, **fields)

        note = f"{self.source_note}, " + _("dòng %(row)s") % {"row": row.row}
        history = [
            event(
                Kind.ASSIGNED, row.assigned_on, unit=row.lead_unit, deadline=row.deadline, text=note
            )
        ]
        if row.extended_to is not None and row.extended_on is not None:
            history.append(
                event(Kind.EXTENSION_APPROVED, row.extended_on, deadline=row.extended_to, text=note)
            )
        if row.completed_on is not None:
            history.append(event(Kind.COMPLETION_REPORTED, row.completed_on, text=note))
            if row.confirmed_on is not None:
                history.append(event(Kind.COMPLETION_CONFIRMED, row.confirmed_on, text=note))
        if row.cancelled_on is not None:
            history.append(event(Kind.CANCELLED, row.cancelled_on, text=note))
        return history


# --- Updating a known task -------------------------------------------------------------------


def _call(column: str, action: Callable[..., object], **kwargs: Any) -> None:
    try:
        action(**kwargs)
    except ValidationError as error:
        raise _Refused(column, error.messages) from None


def _apply_update(
    task: Task, old: RegisterRow, new: RegisterRow, actor: User | None, book: DocumentBook
) -> None:
    """Record what differs between the register row and the task as correcting events."""
    changed = set(new.differences(old))
    reason = _("Cập nhật theo sổ theo dõi nhiệm vụ (dòng %(row)s).") % {"row": new.row}
    if "assigned_on" in changed:
        raise _Refused(
            "assigned_on",
            [
                _(
                    "khác ngày giao đã ghi nhận (%(day)s): ngày giao không sửa được bằng nhập sổ; hãy hủy nhiệm vụ và giao lại."
                )
                % {"day": format_date(old.assigned_on)}
            ],
        )
    details: dict[str, object] = {}
    for column, attribute in (("title", "title"), ("key", "is_key"), ("source", "source"),
                              ("field", "field"), ("note", "note")):  # fmt: skip
        if column in changed:
            details[attribute] = getattr(new, attribute)
    if changed & {"document", "document_date"}:
        details["document"] = book.document(new, actor)
    if "assigned_by" in changed:
        details["assigned_by"], details["assigned_by_name"] = new.assigned_by, new.assigned_by_name
    if "coordinating_units" in changed:
        details["coordinating_units"] = list(new.coordinating_units)
    if details:
        _call(
            "",
            services.task_correct_details,
            task=task,
            actor=actor,
            changes=details,
            reason=reason,
        )
    if "lead_unit" in changed:
        _call(
            "lead_unit",
            services.task_change_lead,
            task=task,
            actor=actor,
            unit=new.lead_unit,
            reason=reason,
        )
    if changed & {"deadline", "extended_to", "extended_on"}:
        _update_deadline(task, old, new, actor, reason)
    if changed & {"completed_on", "confirmed_on"}:
        _update_completion(task, old, new, actor, reason)
    if "cancelled_on" in changed:
        if old.cancelled_on is not None or new.cancelled_on is None:
            raise _Refused("cancelled_on", [_("nhiệm vụ đã hủy ngày %(day)s; không sửa được ngày hủy.") % {"day": format_date(old.cancelled_on)} if old.cancelled_on else _("nhiệm vụ đã hủy không mở lại được.")])  # fmt: skip
        _call(
            "cancelled_on",
            services.task_cancel,
            task=task,
            actor=actor,
            on=new.cancelled_on,
            reason=reason,
        )


def _update_deadline(
    task: Task, old: RegisterRow, new: RegisterRow, actor: User | None, reason: str
) -> None:
    newer_extension = new.extended_on is not None and (
        old.extended_on is None
        or (new.extended_on > old.extended_on and new.extended_to != old.extended_to)
    )
    if newer_extension and new.deadline == old.deadline:
        _call("extended_on", services.task_request_extension, task=task, actor=actor, on=new.extended_on, new_deadline=new.extended_to, reason=reason)  # fmt: skip
        _call("extended_on", services.task_decide_extension, task=task, actor=actor, on=new.extended_on, approve=True, reason=reason)  # fmt: skip
        return
    if new.deadline != old.deadline and old.extended_to is not None:
        raise _Refused(
            "deadline", [_("nhiệm vụ đã được gia hạn; không sửa được hạn xử lý ban đầu.")]
        )
    in_force_new = new.extended_to or new.deadline
    if in_force_new == (old.extended_to or old.deadline):
        raise _Refused("extended_on", [_("không sửa được ngày gia hạn đã ghi nhận.")])
    _call(
        "deadline",
        services.task_correct_deadline,
        task=task,
        actor=actor,
        deadline=in_force_new,
        reason=reason,
    )


def _update_completion(
    task: Task, old: RegisterRow, new: RegisterRow, actor: User | None, reason: str
) -> None:
    if old.completed_on is None and new.completed_on is not None:
        _call("completed_on", services.task_report_completion, task=task, actor=actor, on=new.completed_on, result=reason, lateness_reason=reason)  # fmt: skip
        if new.confirmed_on is not None:
            _call("confirmed_on", services.task_confirm_completion, task=task, actor=actor, on=new.confirmed_on, note=reason)  # fmt: skip
        return
    if old.awaiting_confirmation and new.completed_on == old.completed_on and new.confirmed_on:
        _call("confirmed_on", services.task_confirm_completion, task=task, actor=actor, on=new.confirmed_on, note=reason)  # fmt: skip
        return
    raise _Refused(
        "completed_on",
        [
            _(
                "nhiệm vụ đã báo cáo hoàn thành ngày %(day)s; muốn sửa, hãy trả lại báo cáo hoàn thành trên hệ thống rồi nhập lại."
            )
            % {"day": format_date(old.completed_on) if old.completed_on else ""}
        ],
    )
