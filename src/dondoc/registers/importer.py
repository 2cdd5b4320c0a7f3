"""Importing a task register: every row is checked, and all of it is saved, or nothing.

The file is read once, with bounded memory whatever its length. Rows are checked and decided
(create, skip as already recorded, update) a batch at a time; the rows of new tasks are written as
soon as their batch is decided (`bulk.Writer`: on PostgreSQL from a thread, while the next rows are
read and checked), the rows that update a task are spooled to a temporary file and applied once the
whole file is checked. All of it runs in one transaction, rolled back when any row is wrong.

On SQLite, where one connection writes at a time and a web write waits for the import, the rows
are checked outside any write transaction (reads do not block writers in WAL mode), new tasks are
staged in a temporary file as well, and everything is written at the end in one short
transaction, which refuses the import when a code or a task it checked changed meanwhile.
PostgreSQL, with its row locks, keeps writing while the file is read.

A new task becomes the same events the UI records (assigned, extension approved, completion
reported, confirmed, cancelled, each on its date), written as plain rows with the cached state and
spans the services would derive, so the counting rules treat it like a task entered by hand.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import logging
import operator
import pickle
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dondoc.accounts.models import User
from dondoc.core import bulk
from dondoc.core.busy import is_busy
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

logger = logging.getLogger(__name__)

BATCH = 1000  # rows checked together (one query to find the tasks they name)
WRITE_BATCH = 5000  # new tasks written together
PREVIEW_ROWS = 100

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
    # How long the import's writing transaction lasted, start to commit: what a web write may have
    # waited for on SQLite (there only the final apply; on PostgreSQL the whole import).
    lock_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


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


DocumentKey = tuple[int, str, dt.date | None]  # issuer, number, date (None: not in the register)


class DocumentBook:
    """An assigner's documents by number, and those the import will create (unknown numbers)."""

    def __init__(self, *, ids_ahead: int = 0) -> None:
        self._known: dict[int, dict[str, list[Document]]] = {}
        self._new: dict[DocumentKey, tuple[dt.date, RegisterRow]] = {}
        self._ids: dict[DocumentKey, int] = {}  # ids given to new documents not yet inserted
        self._id_pool = bulk.IdPool(Document, ahead=ids_ahead)

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

    def document_id(self, row: RegisterRow) -> int | None:
        """The id of a checked row's document, known or to be created by `create_new` (the rows
        of new tasks are written before it: a document's date is the earliest its rows say)."""
        if not row.document_number:
            return None
        for document in self._of(row.assigner).get(row.document_number, []):
            if row.document_date is None or document.issued_on == row.document_date:
                return document.id
        key = (row.assigner.id, row.document_number, row.document_date)
        if key not in self._ids:
            (self._ids[key],) = self._id_pool.take()
        return self._ids[key]

    def create_new(self, actor: User | None) -> None:
        """Create every document the checked rows named and the database lacks: one insert."""
        documents = []
        now = timezone.now()
        for key, (issued_on, first) in self._new.items():
            number = key[1]
            document = Document(
                pk=self._ids.pop(key, None) or self._id_pool.take()[0],
                issuer=first.assigner,
                number=number,
                issued_on=issued_on,
                kind=document_kind(number),
                signer=first.assigned_by,
                signer_name=first.assigned_by_name,
                summary=_("Văn bản giao nhiệm vụ (tạo khi nhập sổ theo dõi)"),
                created_by=actor,
                created_at=now,
            )
            document.derive()
            documents.append(document)
            self._of(document.issuer).setdefault(document.number, []).append(document)
        bulk.insert_rows(
            Document,
            _DOCUMENT_FIELDS,
            [[getattr(d, f) for f in _DOCUMENT_FIELDS] for d in documents],
        )
        self._new.clear()

    def planned(self, row: RegisterRow) -> Document | None:
        """The row's document as the import will record it, for checks: a new one unsaved."""
        if not row.document_number:
            return None
        for document in self._of(row.assigner).get(row.document_number, []):
            if row.document_date is None or document.issued_on == row.document_date:
                return document
        issued = (
            row.document_date
            or self._new.get((row.assigner.id, row.document_number, None), (row.assigned_on, row))[
                0
            ]
        )
        return Document(issuer=row.assigner, number=row.document_number, issued_on=issued)

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
    return (row.assigner.id, row.assigned_on, (row.first_lead or row.lead_unit).id, fold(row.title))


class RecordedTasks:
    """The tasks already recorded that rows name: by their code within the assigner or, for a row
    without a code, by what it says.

    Each assigner's codes are read once (one scan of the unique index on (assigner, code); a few
    megabytes per hundred thousand tasks): checking a batch of new tasks then asks the database
    nothing, while the import's writer keeps the connection busy writing the previous batches.
    Tasks this import creates are not in it; the importer refuses a code twice in a file anyway.
    """

    def __init__(self) -> None:
        self._codes: dict[int, dict[str, int]] = {}  # assigner → code → task id

    def _codes_of(self, assigner_id: int) -> dict[str, int]:
        if assigner_id not in self._codes:
            coded = Task.objects.filter(assigner_id=assigner_id).exclude(external_code="")
            self._codes[assigner_id] = dict(coded.values_list("external_code", "pk").order_by())
        return self._codes[assigner_id]

    def find(self, rows: list[RegisterRow]) -> dict[Identity, Task]:
        """The recorded tasks `rows` name, by the rows' identity; queries only for those found."""
        found: dict[Identity, Task] = {}
        base = Task.objects.select_related("document")
        ids: list[int] = []
        own: dict[int, dict[int, str]] = {}  # assigner → id → the code "DD-<id>" naming it
        for row in rows:
            if not row.code:
                continue
            if (pk := self._codes_of(row.assigner.id).get(row.code)) is not None:
                ids.append(pk)
            elif match := OWN_CODE.match(row.code):
                own.setdefault(row.assigner.id, {})[int(match.group(1))] = row.code
        if ids:
            for task in base.filter(pk__in=ids):
                found[(task.assigner_id, task.external_code)] = task
        for assigner_id, codes in own.items():
            for task in base.filter(assigner_id=assigner_id, external_code="", pk__in=list(codes)):
                found.setdefault((assigner_id, codes[task.pk]), task)
        uncoded = [r for r in rows if not r.code]
        if uncoded:
            candidates = base.filter(
                assigner__in={r.assigner for r in uncoded},
                assigned_on__in={r.assigned_on for r in uncoded},
                lead_unit__in={r.first_lead or r.lead_unit for r in uncoded},
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
    # Inside a caller's transaction too (tests, the benchmark): the apply is then a savepoint.
    staged = connection.vendor == "sqlite"
    try:
        importer = _Import(
            path, result, default_assigner, update, actor, allowed_assigners, progress,
            staged=staged,
        )  # fmt: skip
        with _without_cycle_collection():
            if staged:  # the final apply opens its own transaction
                importer.run(dry_run)
            else:
                started = time.monotonic()
                with transaction.atomic():
                    importer.run(dry_run)
                result.lock_seconds = time.monotonic() - started
    except RegisterFileError as problem:
        result.errors = [*problem.messages]
        result.saved = False
    except OperationalError as error:
        if not is_busy(error):
            raise
        # Another writer held the database past the busy timeout: nothing was saved.
        result.errors = [
            _(
                "Cơ sở dữ liệu đang bận ghi dữ liệu khác nên chưa nhập được; chưa ghi gì. Hãy nhập lại sau ít phút."
            )
        ]
        result.saved = False
    except IntegrityError:
        # A staged import: a code or a document its rows were checked against was recorded by
        # someone else before the apply, which was rolled back whole.
        result.errors = [
            _(
                "Trong lúc kiểm tra sổ, một nhiệm vụ hoặc văn bản trùng với sổ vừa được ghi trên hệ thống; chưa có gì được nhập. Hãy nhập lại."
            )
        ]
        result.saved = False
    if result.saved:  # `lock_seconds` in the record, for the benchmark (bench/runner.py)
        logger.info(
            "Import of %s saved: the writing transaction lasted %.2f s",
            result.name, result.lock_seconds, extra={"lock_seconds": result.lock_seconds},
        )  # fmt: skip
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
        *,
        staged: bool = False,
    ) -> None:
        self.path, self.result, self.update, self.actor = path, result, update, actor
        self.staged = staged
        self.allowed = None if allowed_assigners is None else set(allowed_assigners)
        self.progress = progress
        self.today = today()
        self.units = UnitDirectory()
        self.parser = RowParser(self.units, default_assigner=default_assigner, today=self.today)
        self.writer = bulk.Writer(deferred=[Task._meta.get_field("document")], staged=staged)
        # Ids are reserved ahead when the writer shares the connection from another thread, or
        # when each reservation is a write transaction of its own (staged, outside a transaction).
        self.book = DocumentBook(ids_ahead=1000 if self.writer.threaded or staged else 0)
        self.recorded = RecordedTasks()
        self.updates: dict[int, int] = {}  # row number → the id of the task it updates
        self.checked_versions: dict[int, int] = {}  # task id → its version when checked
        self.source_note = _("Nhập từ sổ theo dõi “%(name)s”") % {"name": result.name}
        self.task_ids = bulk.IdPool(Task, ahead=10 * WRITE_BATCH if self.writer.threaded else 0)
        self.new: list[RegisterRow] = []  # new tasks not yet handed to the writer
        self.written = False

    def _checked(self) -> Iterator[tuple[int, RegisterRow | None, list[RowError]]]:
        """The file's rows, parsed and checked one by one."""
        with RegisterReader(self.path, name=self.result.name) as reader:
            self.result.ignored_columns = reader.header.ignored
            for number, cells in self.progress(reader.rows(), _("Kiểm tra"), reader.total_rows):
                row, errors = self.parser.parse(number, cells)
                yield number, row, errors

    def _spooled(self) -> Iterator[RegisterRow]:
        """The rows that update a task, again, from the spool (the file is read once)."""
        self.spool.seek(0)

        def rows() -> Iterator[tuple[Any, ...]]:
            while True:
                try:
                    yield pickle.load(self.spool)  # noqa: S301  (our own temporary file)
                except EOFError:
                    return

        for packed in self.progress(rows(), _("Ghi"), self.result.updated):
            yield _unpack(packed, self.units)

    def run(self, dry_run: bool) -> None:
        self.dry_run = dry_run
        # New tasks are written as soon as their batch is checked, while the next one is read (on
        # PostgreSQL in parallel): a row found wrong later rolls the transaction back.
        with tempfile.TemporaryFile() as self.spool, self.writer:
            self._run()
        if self.written and not self.result.saved and not self.staged:
            transaction.set_rollback(True)

    def _run(self) -> None:
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
        if self.result.errors or self.dry_run:
            return
        if self.result.created or self.result.updated:
            self._save()
        else:
            self.result.saved = True

    def _error(self, row: RegisterRow, key: str, message: str) -> None:
        self.result.errors.append(RowError(row.row, BY_KEY[key].header if key else "", message))

    def _decide(self, batch: list[RegisterRow]) -> None:
        """What to do with each row of a checked batch: create, skip (identical) or update."""
        if not batch:
            return
        existing = self.recorded.find(batch)
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
                self.result.created += 1
                if len(self.result.preview) < PREVIEW_ROWS:
                    self.result.preview.append(row)
                self.new.append(row)
                continue
            if task.pk in self.updates.values():
                # Two rows (one with its code, one matched on its content) naming one task.
                first = next(n for n, pk in self.updates.items() if pk == task.pk)
                message = _("nhiệm vụ này đã được cập nhật theo dòng %(row)s.")
                self._error(row, "code" if row.code else "", message % {"row": first})
                continue
            old = self._old(known[task.pk], row)
            changed = row.differences(old)
            if not changed:
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
                self.updates[row.row] = task.pk
                self.checked_versions[task.pk] = task.version
                pickle.dump(_pack(row), self.spool, protocol=pickle.HIGHEST_PROTOCOL)
                self.result.updated += 1
        if len(self.new) >= WRITE_BATCH:
            self._write_new()

    def _write_new(self) -> None:
        """Hand the new tasks checked so far to the writer, unless nothing will be saved."""
        if self.new and not (self.result.errors or self.dry_run):
            self.writer.insert(*self._created(self.new))
            self.written = True
        self.new = []

    @staticmethod
    def _old(old: RegisterRow, row: RegisterRow) -> RegisterRow:
        """The task's row as it compares with `row` (a row without a code matched on its content)."""
        return old if row.code else dataclasses.replace(old, code="")

    def _try_update(self, task: Task, old: RegisterRow, row: RegisterRow) -> bool:
        """Whether the services accept the row's changes, checked in order on the task's facts
        without writing anything."""
        try:
            changes = _update_changes(old, row, self.book.planned)
        except _Refused as refused:
            problem: tuple[str, list[str]] | None = (refused.column, refused.messages)
        else:
            problem = services.check_chain(task, changes, actor=self.actor)
        if problem is None:
            return True
        column, messages = problem
        for message in messages:
            self._error(row, column, message)
        return False

    def _save(self) -> None:
        """Write the last new tasks and the documents they name, then apply the updates: staged,
        in one transaction of their own."""
        self._write_new()
        if not self.staged:
            self._apply()
            return
        started = time.monotonic()
        with transaction.atomic():
            self.writer.apply()
            self._apply()
        self.result.lock_seconds = time.monotonic() - started

    def _apply(self) -> None:
        self.writer.wait()  # the documents and the services below use the connection
        self.book.create_new(self.actor)
        document_of = functools.partial(self.book.document, actor=self.actor)
        for row in self._spooled():
            task = Task.objects.select_related("document").get(pk=self.updates[row.row])
            if task.version != self.checked_versions[task.pk]:
                message = _(
                    "nhiệm vụ vừa được người khác cập nhật trong lúc nhập sổ; hãy nhập lại."
                )
                self._refused(row, "code" if row.code else "", [message])
                return
            old = rows_of_tasks([task], self.units, self.today)[task.pk]
            column = ""
            try:
                for column, change in _update_changes(old, row, document_of):  # noqa: B007
                    services.record(change, task=task, actor=self.actor, from_register=True)
            except _Refused as refused:  # the task changed since the rows were checked
                self._refused(row, refused.column, refused.messages)
                return
            except ValidationError as error:
                self._refused(row, column, error.messages)
                return
        self.result.saved = True

    def _refused(self, row: RegisterRow, column: str, messages: list[str]) -> None:
        """A row refused while saving: nothing of the import is kept."""
        for message in messages:
            self._error(row, column, message)
        transaction.set_rollback(True)

    def _created(self, rows: list[RegisterRow]) -> list[bulk.Insert]:
        """New tasks with their events, spans and coordinating units, as the plain rows that
        `bulk.Writer` writes; each column what the services would have written."""
        actor = self.actor.pk if self.actor is not None else None
        tasks: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        spans: list[tuple[Any, ...]] = []
        through: list[tuple[int, int]] = []
        state_fields: tuple[str, ...] = ()
        line = _("dòng %(row)s")
        for task_id, row in zip(self.task_ids.take(len(rows)), rows, strict=True):
            document = self.book.document_id(row)
            note = f"{self.source_note}, " + line % {"row": row.row}
            steps = _steps(row)
            first = row.first_lead or row.lead_unit
            history = rules.History(
                assigned_on=row.assigned_on,
                deadline=row.deadline,
                lead_unit=first.id,
                events=tuple(
                    rules.Event(kind, on, seq, deadline=deadline, unit=unit)
                    for seq, (kind, on, deadline, unit) in enumerate(steps, start=1)
                ),
            )
            state = services.derived_state(history, None)
            state_fields = tuple(state)
            search = services.search_text(
                title=row.title, document_number=row.document_number, lead=row.lead_unit, code=row.code
            )  # fmt: skip
            tasks.append(
                (task_id, row.title, row.source, document,
                 row.assigner.id, row.assigned_by, row.assigned_by_name, first.id,
                 row.assigned_on, row.deadline, row.is_key, row.field, row.code, row.note, actor,
                 search, *state.values())
            )  # fmt: skip
            events.append(
                (task_id, Kind.ASSIGNED, row.assigned_on, actor, note, row.deadline, first.id)
            )  # fmt: skip
            for kind, on, deadline, unit in steps:
                events.append((task_id, kind, on, actor, note, deadline, unit))
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
        return [
            (Task, (*_TASK_FIELDS, *state_fields), tasks),
            (TaskEvent, _EVENT_FIELDS, events),
            (TaskSpan, services.SPAN_FIELDS, spans),
            (Task.coordinating_units.through, ("task_id", "unit_id"), through),
        ]


_TASK_FIELDS = ("id", "title", "source", "document_id", "assigner_id", "assigned_by",
                "assigned_by_name", "lead_unit_id", "assigned_on", "deadline", "is_key", "field",
                "external_code", "note", "created_by_id", "search_text")  # fmt: skip
_EVENT_FIELDS = ("task_id", "kind", "effective_on", "actor_id", "text", "deadline", "unit_id")


def _steps(row: RegisterRow) -> list[tuple[Kind, dt.date, dt.date | None, int | None]]:
    """The events after the assignment that a new task's row says, in the order they happened:
    (kind, effective day, deadline it sets, lead unit it gives)."""
    steps: list[tuple[Kind, dt.date, dt.date | None, int | None]] = []
    if row.first_lead is not None and row.lead_changed_on is not None:
        steps.append((Kind.LEAD_CHANGED, row.lead_changed_on, None, row.lead_unit.id))
    if row.extended_to is not None and row.extended_on is not None:
        steps.append((Kind.EXTENSION_APPROVED, row.extended_on, row.extended_to, None))
    if row.completed_on is not None:
        steps.append((Kind.COMPLETION_REPORTED, row.completed_on, None, None))
        if row.confirmed_on is not None:
            steps.append((Kind.COMPLETION_CONFIRMED, row.confirmed_on, None, None))
    if row.cancelled_on is not None:
        steps.append((Kind.CANCELLED, row.cancelled_on, None, None))
    steps.sort(key=lambda step: step[1])  # the order they happened in (stable on one day)
    return steps


_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(RegisterRow))
_row_values = operator.attrgetter(*_ROW_FIELDS)
_ASSIGNER, _LEAD, _COORDINATING, _FIRST = (
    _ROW_FIELDS.index(name)
    for name in ("assigner", "lead_unit", "coordinating_units", "first_lead")
)


def _pack(row: RegisterRow) -> tuple[Any, ...]:
    """The row as plain values for the spool, its units by id (a Unit pickles slowly)."""
    values = list(_row_values(row))
    values[_ASSIGNER], values[_LEAD] = row.assigner.id, row.lead_unit.id
    values[_COORDINATING] = tuple(u.id for u in row.coordinating_units)
    values[_FIRST] = row.first_lead.id if row.first_lead else None
    return tuple(values)


def _unpack(packed: tuple[Any, ...], units: UnitDirectory) -> RegisterRow:
    values, by_id = list(packed), units.by_id
    values[_ASSIGNER], values[_LEAD] = by_id[values[_ASSIGNER]], by_id[values[_LEAD]]
    values[_COORDINATING] = frozenset(by_id[pk] for pk in values[_COORDINATING])
    values[_FIRST] = by_id[values[_FIRST]] if values[_FIRST] is not None else None
    return RegisterRow(*values)


# --- Updating a known task -------------------------------------------------------------------

Changes = list[tuple[str, services.Change]]  # each with the register column it comes from


def _update_changes(
    old: RegisterRow, new: RegisterRow, document_of: Callable[[RegisterRow], Document | None]
) -> Changes:
    """What differs between the register row and the task, as the correcting changes the
    services record, in order; a difference no event can say raises _Refused."""
    changed = set(new.differences(old))
    reason = _("Cập nhật theo sổ theo dõi nhiệm vụ (dòng %(row)s).") % {"row": new.row}
    day = today()
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
    changes: Changes = []
    details: dict[str, object] = {}
    for column, attribute in (("title", "title"), ("key", "is_key"), ("source", "source"),
                              ("field", "field"), ("note", "note")):  # fmt: skip
        if column in changed:
            details[attribute] = getattr(new, attribute)
    if changed & {"document", "document_date"}:
        details["document"] = document_of(new)
    if "assigned_by" in changed:
        details["assigned_by"], details["assigned_by_name"] = new.assigned_by, new.assigned_by_name
    if "coordinating_units" in changed:
        details["coordinating_units"] = list(new.coordinating_units)
    if details:
        changes.append(("", services.CorrectDetails(on=day, changes=details, reason=reason)))
    if changed & {"first_lead_unit", "lead_changed_on"}:
        raise _Refused("first_lead_unit", [_("khác lần đổi đơn vị chủ trì đã ghi nhận: không sửa được bằng nhập sổ.")])  # fmt: skip
    if "lead_unit" in changed:
        change = services.ChangeLead(on=day, unit=new.lead_unit, reason=reason)
        changes.append(("lead_unit", change))
    if changed & {"deadline", "extended_to", "extended_on"}:
        changes += _deadline_changes(old, new, reason)
    if changed & {"completed_on", "confirmed_on"}:
        changes += _completion_changes(old, new, reason)
    if "cancelled_on" in changed:
        if old.cancelled_on is not None or new.cancelled_on is None:
            raise _Refused("cancelled_on", [_("nhiệm vụ đã hủy ngày %(day)s; không sửa được ngày hủy.") % {"day": format_date(old.cancelled_on)} if old.cancelled_on else _("nhiệm vụ đã hủy không mở lại được.")])  # fmt: skip
        changes.append(("cancelled_on", services.Cancel(on=new.cancelled_on, reason=reason)))
    return changes


def _deadline_changes(old: RegisterRow, new: RegisterRow, reason: str) -> Changes:
    newer_extension = new.extended_on is not None and (
        old.extended_on is None
        or (new.extended_on > old.extended_on and new.extended_to != old.extended_to)
    )
    on, extended_to = new.extended_on, new.extended_to
    if newer_extension and new.deadline == old.deadline and on and extended_to:
        return [
            (
                "extended_on",
                services.RequestExtension(on=on, new_deadline=extended_to, reason=reason),
            ),
            ("extended_on", services.DecideExtension(on=on, approve=True, reason=reason)),
        ]
    if new.deadline != old.deadline and old.extended_to is not None:
        raise _Refused(
            "deadline", [_("nhiệm vụ đã được gia hạn; không sửa được hạn xử lý ban đầu.")]
        )
    in_force_new = new.extended_to or new.deadline
    if in_force_new == (old.extended_to or old.deadline):
        raise _Refused("extended_on", [_("không sửa được ngày gia hạn đã ghi nhận.")])
    return [
        ("deadline", services.CorrectDeadline(on=today(), deadline=in_force_new, reason=reason))
    ]


def _completion_changes(old: RegisterRow, new: RegisterRow, reason: str) -> Changes:
    if old.completed_on is None and new.completed_on is not None:
        changes: Changes = [
            (
                "completed_on",
                services.ReportCompletion(
                    on=new.completed_on, result=reason, lateness_reason=reason
                ),
            ),
        ]
        if new.confirmed_on is not None:
            changes.append(("confirmed_on", services.ConfirmCompletion(on=new.confirmed_on, note=reason)))  # fmt: skip
        return changes
    if old.awaiting_confirmation and new.completed_on == old.completed_on and new.confirmed_on:
        return [("confirmed_on", services.ConfirmCompletion(on=new.confirmed_on, note=reason))]
    raise _Refused(
        "completed_on",
        [
            _(
                "nhiệm vụ đã báo cáo hoàn thành ngày %(day)s; muốn sửa, hãy trả lại báo cáo hoàn thành trên hệ thống rồi nhập lại."
            )
            % {"day": format_date(old.completed_on) if old.completed_on else ""}
        ],
    )
