"""Importing a task register: every row is checked first, then all of it is saved, or nothing.

Two passes keep memory bounded whatever the file's length: the first reads and checks each row
(remembering only what it decided per row number, and spooling the row's cells to a temporary
file), the second reads the spool back and saves the new tasks in batches. Both run in one
transaction. A new task becomes the same events the UI records (assigned, extension approved,
completion reported, confirmed, cancelled, each on its date), so the counting rules treat it like
a task entered by hand.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import json
import operator
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dondoc.accounts.models import User
from dondoc.core import bulk
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
                    (row.assigner.id, row.document_number, row.document_date),
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
            key = (row.assigner.id, row.document_number, None)
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
        now = timezone.now()
        for document, pk in zip(documents, bulk.reserve_ids(Document, len(documents)), strict=True):
            document.pk, document.created_at = pk, now
            self._of(document.issuer).setdefault(document.number, []).append(document)
        bulk.insert_rows(
            Document,
            _DOCUMENT_FIELDS,
            [[getattr(d, f) for f in _DOCUMENT_FIELDS] for d in documents],
        )
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


_DOCUMENT_FIELDS = ("id", "number", "issued_on", "kind", "issuer_id", "signer", "signer_name",
                    "summary", "created_by_id", "created_at", "search_text")  # fmt: skip


# --- Finding the tasks rows refer to ----------------------------------------------------------

Identity = tuple[Any, ...]


def identity(row: RegisterRow) -> Identity:
    """What names a row's task: its code within the assigner, or (no code) what it says."""
    if row.code:
        return (row.assigner.id, row.code)
    return (row.assigner.id, row.assigned_on, row.lead_unit.id, fold(row.title))


def _recorded(assigner_id: int, codes: list[str]) -> list[int]:
    """The ids of the assigner's tasks that bear one of `codes`: one probe of the partial unique
    index on (assigner, code) per code. Run for every thousand rows of every import, mostly to
    find nothing, so it passes the codes as one array on PostgreSQL (a thousand parameters cost
    more to send than to look up)."""
    codes_in = (
        "= ANY(%s)" if connection.vendor == "postgresql" else "IN (SELECT value FROM json_each(%s))"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM tasks_task WHERE assigner_id = %s AND NOT (external_code = '') "  # noqa: S608  (fixed text)
            f"AND external_code {codes_in}",
            [assigner_id, codes if connection.vendor == "postgresql" else json.dumps(codes)],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _existing(rows: list[RegisterRow]) -> dict[Identity, Task]:
    """The tasks already recorded that `rows` refer to, in a few queries for the whole batch."""
    found: dict[Identity, Task] = {}
    base = Task.objects.select_related("document")
    coded: dict[int, list[RegisterRow]] = {}  # by assigner
    for row in rows:
        if row.code:
            coded.setdefault(row.assigner.id, []).append(row)
    for assigner_id, its_rows in coded.items():
        for task in base.filter(pk__in=_recorded(assigner_id, [r.code for r in its_rows])):
            found[(assigner_id, task.external_code)] = task
        own = {int(m.group(1)): r.code for r in its_rows if (m := OWN_CODE.match(r.code))}
        for task in base.filter(assigner_id=assigner_id, external_code="", pk__in=list(own)):
            found.setdefault((assigner_id, own[task.pk]), task)
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


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: an import allocates millions of short-lived objects, none
    in a cycle (reference counting frees them), and the collector's passes over everything alive
    took about a tenth of a large import's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
        with _without_cycle_collection(), transaction.atomic():
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
        """Parse the file's rows, keeping the checked ones in the spool for the second pass."""
        spooled: list[tuple[int, tuple[Any, ...] | None]] = []
        with RegisterReader(self.path, name=self.result.name) as reader:
            self.result.ignored_columns = reader.header.ignored
            for number, cells in self.progress(reader.rows(), _("Kiểm tra"), reader.total_rows):
                row, errors = self.parser.parse(number, cells)
                spooled.append((number, _pack(row) if row is not None else None))
                if len(spooled) == BATCH:
                    pickle.dump(spooled, self.spool, protocol=pickle.HIGHEST_PROTOCOL)
                    spooled = []
                yield number, row, errors
        pickle.dump(spooled, self.spool, protocol=pickle.HIGHEST_PROTOCOL)

    def _spooled(self) -> Iterator[tuple[int, RegisterRow | None]]:
        """The rows again, from the spool: the file is read and its rows parsed once."""
        self.spool.seek(0)

        def rows() -> Iterator[tuple[int, tuple[Any, ...] | None]]:
            while True:
                try:
                    yield from pickle.load(self.spool)  # noqa: S301  (our own temporary file)
                except EOFError:
                    return

        for number, packed in self.progress(rows(), _("Ghi"), self.result.rows):
            yield number, _unpack(packed, self.units) if packed is not None else None

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
        """Save new tasks with their events, spans and coordinating units: plain rows written in
        bulk (see core.bulk), each column what the services would have written."""
        if not rows:
            return
        actor = self.actor.pk if self.actor is not None else None
        tasks: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        spans: list[tuple[Any, ...]] = []
        through: list[tuple[int, int]] = []
        state_fields: tuple[str, ...] = ()
        line = _("dòng %(row)s")
        for task_id, row in zip(bulk.reserve_ids(Task, len(rows)), rows, strict=True):
            document = self.book.document(row, self.actor)
            note = f"{self.source_note}, " + line % {"row": row.row}
            steps = _steps(row)
            history = rules.History(
                assigned_on=row.assigned_on,
                deadline=row.deadline,
                lead_unit=row.lead_unit.id,
                events=tuple(
                    rules.Event(kind, on, seq, deadline=deadline)
                    for seq, (kind, on, deadline) in enumerate(steps, start=1)
                ),
            )
            state = services.derived_state(history, None)
            state_fields = tuple(state)
            search = services.search_text(
                title=row.title, document_number=row.document_number, lead=row.lead_unit, code=row.code
            )  # fmt: skip
            tasks.append(
                (task_id, row.title, row.source, document.id if document else None,
                 row.assigner.id, row.assigned_by, row.assigned_by_name, row.lead_unit.id,
                 row.assigned_on, row.deadline, row.is_key, row.field, row.code, row.note, actor,
                 search, *state.values())
            )  # fmt: skip
            events.append(
                (task_id, Kind.ASSIGNED, row.assigned_on, actor, note, row.deadline, row.lead_unit.id)
            )  # fmt: skip
            for kind, on, deadline in steps:
                events.append((task_id, kind, on, actor, note, deadline, None))
            spans.extend(
                services.span_values(
                    history,
                    task_id=task_id,
                    assigner_id=row.assigner.id,
                    is_key=row.is_key,
                    source=row.source,
                )
            )
            through.extend((task_id, unit.id) for unit in row.coordinating_units)
        bulk.insert_rows(Task, (*_TASK_FIELDS, *state_fields), tasks)
        bulk.insert_rows(TaskEvent, _EVENT_FIELDS, events)
        bulk.insert_rows(TaskSpan, services.SPAN_FIELDS, spans)
        bulk.insert_rows(Task.coordinating_units.through, ("task_id", "unit_id"), through)


_TASK_FIELDS = ("id", "title", "source", "document_id", "assigner_id", "assigned_by",
                "assigned_by_name", "lead_unit_id", "assigned_on", "deadline", "is_key", "field",
                "external_code", "note", "created_by_id", "search_text")  # fmt: skip
_EVENT_FIELDS = ("task_id", "kind", "effective_on", "actor_id", "text", "deadline", "unit_id")


def _steps(row: RegisterRow) -> list[tuple[Kind, dt.date, dt.date | None]]:
    """The events after the assignment that a new task's row says, in the order they happened:
    (kind, effective day, deadline it sets)."""
    steps: list[tuple[Kind, dt.date, dt.date | None]] = []
    if row.extended_to is not None and row.extended_on is not None:
        steps.append((Kind.EXTENSION_APPROVED, row.extended_on, row.extended_to))
    if row.completed_on is not None:
        steps.append((Kind.COMPLETION_REPORTED, row.completed_on, None))
        if row.confirmed_on is not None:
            steps.append((Kind.COMPLETION_CONFIRMED, row.confirmed_on, None))
    if row.cancelled_on is not None:
        steps.append((Kind.CANCELLED, row.cancelled_on, None))
    return steps


_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(RegisterRow))
_row_values = operator.attrgetter(*_ROW_FIELDS)
_ASSIGNER, _LEAD, _COORDINATING = (
    _ROW_FIELDS.index(name) for name in ("assigner", "lead_unit", "coordinating_units")
)


def _pack(row: RegisterRow) -> tuple[Any, ...]:
    """The row as plain values for the spool, its units by id (a Unit pickles slowly)."""
    values = list(_row_values(row))
    values[_ASSIGNER], values[_LEAD] = row.assigner.id, row.lead_unit.id
    values[_COORDINATING] = tuple(u.id for u in row.coordinating_units)
    return tuple(values)


def _unpack(packed: tuple[Any, ...], units: UnitDirectory) -> RegisterRow:
    values, by_id = list(packed), units.by_id
    values[_ASSIGNER], values[_LEAD] = by_id[values[_ASSIGNER]], by_id[values[_LEAD]]
    values[_COORDINATING] = frozenset(by_id[pk] for pk in values[_COORDINATING])
    return RegisterRow(*values)


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
