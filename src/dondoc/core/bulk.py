"""Inserting many rows as plain tuples: `executemany` on SQLite, `COPY` on PostgreSQL.

`bulk_create` builds a model instance per row and compiles every value of it into one long
statement; an import of 100,000 tasks writes about 800,000 rows (tasks, events, spans, coordinating
units), and that alone took most of its time. Here the caller gives the values, in the types of
the fields (dates, booleans, integers, text, aware datetimes), and they go to the database as they
are. No `save()`, no signal: callers derive what `save()` would have derived themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

Row = Sequence[Any]


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


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]) -> None:
    """Insert `rows`, each the values of `fields` (attribute names, e.g. `task_id`) in order.

    Every other column gets its default (`auto_now` fields: now), or, for an automatic primary
    key, the next id. Runs in the caller's transaction.
    """
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
    constants = tuple(f.get_db_prep_save(_default(f), connection) for f in others)
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(c) for c in [*(by_name[n].column for n in fields), *(f.column for f in others)]
    )
    table = connection.ops.quote_name(opts.db_table)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {table} ({columns}) FROM STDIN"  # names from the model, never from users
            ) as copy,
        ):
            for row in rows:
                copy.write_row((*row, *constants))
        return
    adapters = _adapters([by_name[name] for name in fields])
    if adapters:
        rows = (_adapted(row, adapters) for row in rows)
    marks = ", ".join(["%s"] * (len(fields) + len(constants)))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608  (names from the model)
            # A generator (the stubs want a sequence): the rows are never all copied at once.
            ((*row, *constants) for row in rows),  # type: ignore[arg-type]
        )


Adapter = tuple[int, Callable[[Any], Any]]


def _adapters(fields: list[models.Field[Any, Any]]) -> list[Adapter]:
    """Per-column conversions the database driver does not do itself (SQLite: aware datetimes)."""
    adapt = connection.ops.adapt_datetimefield_value
    return [(i, adapt) for i, f in enumerate(fields) if isinstance(f, models.DateTimeField)]


def _adapted(row: Row, adapters: list[Adapter]) -> Row:
    values = list(row)
    for index, adapt in adapters:
        values[index] = adapt(values[index])
    return values


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys for rows the caller will insert with `insert_rows`, naming the key.

    Nobody else gets these ids, in this transaction or another: PostgreSQL hands them out from
    the table's sequence; on SQLite the table's AUTOINCREMENT counter is raised past them, a write
    that also takes the database's write lock until the transaction ends.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk
    assert pk is not None  # noqa: S101  (every concrete model has one)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"reserve_ids on {connection.vendor}")
        quoted, column = connection.ops.quote_name(table), connection.ops.quote_name(pk.column)
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
    return list(range(last - count + 1, last + 1))
