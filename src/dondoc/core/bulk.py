"""Inserting many rows as plain tuples: `executemany` on SQLite, binary `COPY` on PostgreSQL.

`bulk_create` builds a model instance per row and compiles every value of it into one long
statement; an import of 100,000 tasks writes about 800,000 rows (tasks, events, spans, coordinating
units), and that alone took most of its time. Here the caller gives the values, in the types of
the fields (dates, booleans, integers, text, aware datetimes), and they go to the database as they
are. No `save()`, no signal: callers derive what `save()` would have derived themselves. The
change is counted for the page cache (core/pagecache.py) as a save would have been.
"""

from __future__ import annotations

import collections
import pickle
import queue
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from types import TracebackType
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from dondoc.core import pagecache

Row = Sequence[Any]
Insert = tuple[type[models.Model], Sequence[str], Iterable[Row]]


def _default(field: models.Field[Any, Any]) -> Any:
    """What a column the caller does not name gets: what `save()` would have given it."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        now = timezone.now()
        return now if isinstance(field, models.DateTimeField) else timezone.localdate(now)
    value = field.get_default()
    if value is None and not field.null:
        raise ValueError(
            f"{field.model.__name__}.{field.name} has no default: name it among the fields"
        )
    return value


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Row],
    *,
    db: BaseDatabaseWrapper | None = None,
) -> None:
    """Insert `rows`, each the values of `fields` (attribute names, e.g. `task_id`) in order.

    Every other column gets its default (`auto_now` fields: now), or, for an automatic primary
    key, the next id. Runs in the transaction of `db` (default: this thread's connection).
    """
    db = db or connections[DEFAULT_DB_ALIAS]
    opts = model._meta
    by_name = {f.attname: f for f in opts.concrete_fields}
    unknown = [name for name in fields if name not in by_name]
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}")
    others = [
        f
        for f in opts.concrete_fields
        if f.attname not in fields and not (f.primary_key and isinstance(f, models.AutoField))
    ]
    constants = tuple(f.get_db_prep_save(_default(f), db) for f in others)
    names = [*(by_name[n].column for n in fields), *(f.column for f in others)]
    columns = ", ".join(db.ops.quote_name(name) for name in names)
    table = db.ops.quote_name(opts.db_table)
    if db.vendor == "postgresql":
        with db.cursor() as cursor:
            # Binary COPY: cheaper to write and for the server to read than text, but each value
            # must be sent as exactly its column's type, so the types come from the catalogue.
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass",
                [table],
            )
            types = dict(cursor.fetchall())
            with cursor.cursor.copy(
                f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"  # names from the model
            ) as copy:
                copy.set_types([types[name] for name in names])
                for row in rows:
                    copy.write_row((*row, *constants))
    else:
        adapters = _adapters(db, [by_name[name] for name in fields])
        if adapters:
            rows = (_adapted(row, adapters) for row in rows)
        marks = ", ".join(["%s"] * len(names))
        with db.cursor() as cursor:
            # A table with triggers (tasks_task keeps the FTS table of the task search in step)
            # gets its rows through a temporary table, in one statement: an FTS5 table writes out
            # what it holds in memory at every statement, and rows inserted one statement each
            # made an import of 100,000 tasks three times slower.
            target = table
            if _has_triggers(db, cursor, opts.db_table):
                target = db.ops.quote_name(f"bulk_{opts.db_table}")
                cursor.execute(f"DROP TABLE IF EXISTS {target}")  # one a failed call left
                cursor.execute(
                    f"CREATE TEMP TABLE {target} AS SELECT {columns} FROM {table} WHERE 0"  # noqa: S608
                )
            cursor.executemany(
                f"INSERT INTO {target} ({columns}) VALUES ({marks})",  # noqa: S608  (names from the model)
                # A generator (the stubs want a sequence): the rows are never all copied at once.
                ((*row, *constants) for row in rows),  # type: ignore[arg-type]
            )
            if target != table:
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target} ORDER BY rowid"  # noqa: S608
                )
                cursor.execute(f"DROP TABLE {target}")  # its columns are this call's
    if opts.app_label in pagecache.WATCHED_APPS:
        pagecache.changed(db)  # after the rows: outside a transaction the count is made at once


Adapter = tuple[int, Callable[[Any], Any]]


def _has_triggers(db: BaseDatabaseWrapper, cursor: Any, table: str) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
    return cursor.fetchone() is not None


def _adapters(db: BaseDatabaseWrapper, fields: list[models.Field[Any, Any]]) -> list[Adapter]:
    """Per-column conversions the database driver does not do itself (SQLite: aware datetimes)."""
    adapt = db.ops.adapt_datetimefield_value
    return [(i, adapt) for i, f in enumerate(fields) if isinstance(f, models.DateTimeField)]


def _adapted(row: Row, adapters: list[Adapter]) -> Row:
    values = list(row)
    for index, adapt in adapters:
        values[index] = adapt(values[index])
    return values


def reserve_ids(model: type[models.Model], count: int) -> Sequence[int]:
    """`count` primary keys for rows the caller will insert with `insert_rows`, naming the key.

    Nobody else gets these ids, in this transaction or another: PostgreSQL hands them out from
    the table's sequence; on SQLite the table's AUTOINCREMENT counter is raised past them, a write
    that also takes the database's write lock until the transaction ends.
    """
    if count <= 0:
        return []
    db = connections[DEFAULT_DB_ALIAS]
    table = model._meta.db_table
    pk = model._meta.pk
    assert pk is not None  # noqa: S101  (every concrete model has one)
    if db.vendor == "sqlite" and not db.in_atomic_block:
        # Its own short transaction when the caller has none (a staged import): between raising
        # the counter and reading it back, nobody else may take an id.
        with transaction.atomic():
            return reserve_ids(model, count)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [db.ops.quote_name(table), pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if db.vendor != "sqlite":
            raise ValueError(f"Đôn Đốc runs on SQLite or PostgreSQL, not {db.vendor}")
        quoted, column = db.ops.quote_name(table), db.ops.quote_name(pk.column)
        cursor.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT %s, 0 "
            "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)",
            [table, table],
        )
        cursor.execute(
            f"UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT COALESCE(MAX({column}), 0) FROM {quoted})) + %s WHERE name = %s",  # noqa: S608  (names from the model)
            [count, table],
        )
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        last = cursor.fetchone()[0]
    return range(last - count + 1, last + 1)


class IdPool:
    """Primary keys for rows of `model` written with `insert_rows`, `ahead` more reserved at each
    reservation than asked for, so that few reservations are needed (one query each, which waits
    while a `Writer` uses the connection). Ids reserved but never taken are gaps in the table's ids,
    as a rolled-back insert leaves.
    """

    def __init__(self, model: type[models.Model], *, ahead: int = 0) -> None:
        self.model, self.ahead = model, ahead
        self._ids: collections.deque[int] = collections.deque()

    def take(self, count: int = 1) -> list[int]:
        if len(self._ids) < count:
            self._ids.extend(reserve_ids(self.model, count - len(self._ids) + self.ahead))
        return [self._ids.popleft() for _ in range(count)]


class Writer:
    """`insert_rows` for batch after batch, written while the caller prepares the next one.

    On PostgreSQL the database does the work of a COPY (parsing, indexes, the foreign key checks)
    in its own process, so a thread sends each batch while this one goes on computing, on this
    thread's connection and so in its transaction. The foreign keys are checked as each batch is
    written (SET CONSTRAINTS ALL IMMEDIATE) rather than all at the commit, where nothing would run
    beside them; those of the `deferred` fields stay checked at the commit (rows they point to
    that the caller inserts later). On SQLite the writes run in this process, and a thread would
    only queue for the GIL row by row: they are made at once.

        with bulk.Writer() as writer:
            writer.insert((Task, fields, rows), (TaskEvent, fields, rows))
            writer.wait()  # before using the connection in this thread again

    An error of the writer is raised in this thread (at the next call, or on leaving the block);
    the caller's transaction then rolls everything back.

    `staged`: nothing is written as it is given; the rows are kept in a temporary file and written
    by `apply()`, in the caller's transaction then. On SQLite, where one connection writes at a
    time, an import that checks its rows for a minute thus holds the write lock only while they
    are written.
    """

    def __init__(
        self,
        *,
        deferred: Sequence[models.Field[Any, Any]] = (),
        depth: int = 2,
        staged: bool = False,
    ) -> None:
        self.db = connections[DEFAULT_DB_ALIAS]
        self.threaded = self.db.vendor == "postgresql" and not staged
        self._stage = tempfile.TemporaryFile() if staged else None  # noqa: SIM115  (closed on exit)
        self.deferred = deferred
        self._queue: queue.Queue[list[Insert] | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Writer:
        return self

    def _start(self) -> None:
        with self.db.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for field in self.deferred:
                for name in _foreign_key_constraints(self.db, cursor, field):
                    cursor.execute(f"SET CONSTRAINTS {self.db.ops.quote_name(name)} DEFERRED")
        self.db.inc_thread_sharing()
        self._thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
        self._thread.start()

    def insert(self, *inserts: Insert) -> None:
        if self._stage is not None:
            # Models by name: an automatic many-to-many table has no importable class.
            staged = [(m._meta.label_lower, tuple(f), list(rows)) for m, f, rows in inserts]
            pickle.dump(staged, self._stage, protocol=pickle.HIGHEST_PROTOCOL)
            return
        if not self.threaded:
            for model, fields, rows in inserts:
                insert_rows(model, fields, rows, db=self.db)
            return
        if self._thread is None:
            self._start()
        self._raise()
        self._queue.put(list(inserts))

    def apply(self) -> None:
        """Write the staged rows, in the order given (a staged writer; nothing otherwise)."""
        if self._stage is None:
            return
        self._stage.seek(0)
        while True:
            try:
                batch = pickle.load(self._stage)  # noqa: S301  (our own temporary file)
            except EOFError:
                break
            for label, fields, rows in batch:
                insert_rows(apps.get_model(label), fields, rows, db=self.db)
        self._stage.seek(0)
        self._stage.truncate()

    def wait(self) -> None:
        """Return once everything given is written."""
        if self._thread is not None:
            self._queue.join()
            self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            try:
                if batch is None:
                    return
                if self._error is None:  # after an error, the rest is dropped
                    for model, fields, rows in batch:
                        insert_rows(model, fields, rows, db=self.db)
            except BaseException as error:  # raised in the caller's thread
                self._error = error
            finally:
                self._queue.task_done()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._stage is not None:
            self._stage.close()
        if self._thread is None:
            return
        self._queue.put(None)
        self._thread.join()
        self.db.dec_thread_sharing()
        if error is None:
            self._raise()
            with self.db.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys' default


def _foreign_key_constraints(
    db: BaseDatabaseWrapper, cursor: Any, field: models.Field[Any, Any]
) -> list[str]:
    table = field.model._meta.db_table
    return [
        name
        for name, constraint in db.introspection.get_constraints(cursor, table).items()
        if constraint["foreign_key"] and constraint["columns"] == [field.column]
    ]
