"""The task search: which tasks hold every word typed, diacritics and case aside.

`matching(queryset, text)` is the one search the list page, its export, the CLI and later the
API use. A task matches when its `search_text` (the folded title, document number, lead unit's
names and code: services.search_text) holds each folded word of `text`, anywhere ("cao loc"
finds "UBND huyện Cao Lộc", "loc" too).

It asks each database to do this with an index (migration 0005):

- PostgreSQL: `search_text LIKE '%word%'`, which its pg_trgm GIN index serves for words of three
  letters or more; the planner chooses between that index (a word few tasks hold) and walking
  the list's order, stopping after a page (a word many hold).
- SQLite: the FTS5 table `tasks_task_search` (trigram tokenizer) finds the tasks holding a word
  of three letters or more. SQLite cannot weigh a LIKE or an FTS match, so we choose: the FTS
  table says how many tasks of the whole country hold the words (counting no further than
  RARE); when that is few, the list starts from them, otherwise it walks its order index and
  tests each task's text with LIKE, stopping after a page.

Shorter words (a trigram index has nothing to look up for them) are tested with LIKE alone.

A search's count is capped (`capped_count`): past COUNT_CAP matches the page says "more than",
since counting every task that holds a common word costs what reading them all costs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from dondoc.core.text import fold
from dondoc.tasks.models import Task

COUNT_CAP = 1000  # a search counts its matches up to this; past it, "hơn 1.000 nhiệm vụ"
RARE = 2000  # on SQLite, words held by fewer tasks than this are looked up in the FTS table
TRIGRAM = 3  # the shortest word the trigram indexes can look up

_FTS = "SELECT rowid FROM tasks_task_search WHERE tasks_task_search MATCH %s"


def words(text: str) -> list[str]:
    """The folded words of a search, each once, in the order typed."""
    return list(dict.fromkeys(fold(text).split()))


# A task's number as the lists show it ("#931"), or the number alone.
_NUMBER = re.compile(r"#?([0-9]{1,18})")


def matching(queryset: QuerySet[Task], text: str) -> QuerySet[Task]:
    """The tasks of `queryset` whose search text holds every word of `text` (ignoring diacritics,
    case and spacing). No word: `queryset` unchanged. A task's number ("#931", as the lists show
    it) finds that task; a number alone finds it too, beside the tasks whose text holds it."""
    if number := _NUMBER.fullmatch(text.strip()):
        numbered = queryset.filter(pk=int(number[1]))
        if text.strip().startswith("#"):
            return numbered
        if numbered.exists():
            by_text = _matching_text(queryset, text)
            return queryset.filter(Q(pk=int(number[1])) | Q(pk__in=by_text.values("pk")))
    return _matching_text(queryset, text)


def _matching_text(queryset: QuerySet[Task], text: str) -> QuerySet[Task]:
    found = words(text)
    if not found:
        return queryset
    long = [w for w in found if len(w) >= TRIGRAM]
    vendor = connections[queryset.db].vendor
    if long and vendor == "sqlite" and _rare_on_sqlite(queryset.db, long):
        queryset = queryset.filter(pk__in=RawSQL(_FTS, [fts_query(long)]))  # noqa: S611
        found = [w for w in found if len(w) < TRIGRAM]
    # Each word as its own condition: PostgreSQL's trigram index serves every one of them.
    condition = Q()
    for word in found:
        condition &= Q(search_text__contains=word)
    return queryset.filter(condition)


def fts_query(long_words: list[str]) -> str:
    """An FTS5 query for tasks holding each word: each word a quoted string (with the trigram
    tokenizer, a substring), joined by AND."""
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in long_words)


def _rare_on_sqlite(alias: str, long_words: list[str]) -> bool:
    """Whether fewer than RARE tasks in all hold the words, by the FTS table (which stops
    counting at RARE: cheap for a common word too)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM ({_FTS} LIMIT %s)",  # noqa: S608
            [fts_query(long_words), RARE],
        )
        return bool(cursor.fetchone()[0] < RARE)


@dataclass(frozen=True)
class Count:
    """How many tasks a list holds: exact, or at least `value` (`more`) when a search's matches
    exceed the cap."""

    value: int
    more: bool = False


def capped_count(
    queryset: QuerySet[Task], cap: int | None = None, *, first: Q | None = None
) -> Count:
    """The number of tasks in `queryset`, counting no further than `cap` + 1 (default COUNT_CAP):
    `Count(cap, more=True)` when there are more. SELECT count(*) FROM (… LIMIT cap + 1).

    `first`: a condition that picks a part of `queryset` the database can reach from an index
    (the tasks assigned within the user's scope: access.assigned_in_scope). That part is counted
    first; when it alone passes the cap, the answer is known. A common word reaches the cap there
    after reading a few thousand of the scope's tasks, where counting `queryset` would walk the
    whole country's list; a rare word stays under it and is then counted whole, from the text
    index, at the cost of one more cheap query."""
    cap = COUNT_CAP if cap is None else cap
    if first is not None and queryset.filter(first).order_by()[: cap + 1].count() > cap:
        return Count(cap, more=True)
    n = queryset.order_by()[: cap + 1].count()
    return Count(cap, more=True) if n > cap else Count(n)


class SearchPaginator(Paginator):
    """Pages of a search's matches. The first page is read first, with one row more: when it holds
    them all, that is the count; otherwise they are counted up to a cap (search.capped_count),
    past which the pages are those of the first `cap` matches and `more` says there are more."""

    def __init__(self, object_list: QuerySet[Task], per_page: int, count_first: Q | None) -> None:
        super().__init__(object_list, per_page)
        self.tasks = object_list
        self.count_first = count_first

    @cached_property
    def head(self) -> list[Task]:
        return list(self.tasks[: self.per_page + 1])

    @cached_property
    def counted(self) -> Count:
        if len(self.head) <= self.per_page:
            return Count(len(self.head))
        return capped_count(self.tasks, first=self.count_first)

    @cached_property
    def count(self) -> int:
        return self.counted.value

    @property
    def more(self) -> bool:
        return self.counted.more

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        if number == 1:
            return Page(self.head[: self.per_page], number, self)
        return super().page(number)
