"""Database pieces that Django's own cost more than the query they serve, for wide grouped reads
(a province's report sums some thousands of groups of a million spans)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import CharField, Func, QuerySet


class YearMonth(Func):
    """A date's year and month as the text "YYYY-MM", in the database's own SQL. Django's
    TruncMonth is, on SQLite, a Python function the database calls once per row."""

    output_field = CharField()
    template = "to_char(%(expressions)s, 'YYYY-MM')"  # PostgreSQL

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps a date as its ISO text, "YYYY-MM-DD".
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)


def raw_rows(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a `values_list` queryset as the database driver gives them, without Django's
    converters (one call per column per row: on a grouped read of twenty counts they cost more
    than the query). Only for columns that need none: counts, ids, text; a boolean comes back as
    0 or 1 from SQLite."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter no row can pass (`__in` an empty list): Django's own []
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
