"""The rows of the task lists and a task's status badge, drawn in Python.

A list page draws fifty rows; through template tags, includes and filters they cost more than the
rest of the page together, so a row is one format string here, its texts escaped with the
standard library's `html.escape` (what Django's `escape` calls, without its lazy-text wrapper).
The markup is the one the templates had; `tasks/_rows.html` keeps the table around it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dondoc.core.dates import format_date
from dondoc.tasks.figures import BUCKET_LABELS, BY_KEY
from dondoc.tasks.models import Task
from dondoc.tasks.rules import Bucket, Standing

register = template.Library()

TITLE_LENGTH = 140

# Each cell names its column (data-label): on a phone's screen the rows are drawn as cards, one
# labelled line per cell (static/dondoc/dondoc.css, `.task-table`). The ARIA roles keep the table a
# table for screen readers when the cards' CSS changes how its parts are displayed.
ROW = """<tr role="row">
    <td role="cell" class="task-no text-muted small" data-label="#">{}</td>
    <td role="cell" class="task-title"><a href="{}">{}</a>
      {}
      {}</td>
    <td role="cell" class="task-unit" data-label="{}">{}</td>
    <td role="cell" class="task-assigned" data-label="{}">{}</td>
    <td role="cell" class="task-deadline" data-label="{}">{}</td>
    <td role="cell" class="task-status" data-label="{}">{}</td>
  </tr>
  """


def _colour(c: Standing) -> str:
    if c.bucket in (Bucket.OVERDUE, Bucket.LATE):
        return "text-bg-danger"
    if c.bucket == Bucket.WITHIN and c.due_soon:
        return "text-bg-warning"
    if c.bucket in (Bucket.WITHIN, Bucket.OPEN_NO_DEADLINE):
        return "text-bg-primary"
    return "text-bg-success"


@register.simple_tag
def status_badge(c: Standing | None) -> SafeString:
    """The class of a task on a day (with its days overdue), and whether it is due soon or
    awaits confirmation; nothing for a task not yet assigned on the day."""
    return mark_safe(_badge(c) if c else "")  # noqa: S308  (_badge escapes what it writes)


def _badge(c: Standing) -> str:
    if c.bucket is None:
        return f'<span class="badge text-bg-secondary">{escape(str(BY_KEY["cancelled"].status))}</span>'
    label = str(BUCKET_LABELS[c.bucket])
    if c.bucket == Bucket.OVERDUE:
        days = c.days_overdue
        label += " " + ngettext("%(n)s ngày", "%(n)s ngày", days) % {"n": days}
    badge = f'<span class="badge {_colour(c)}">{escape(label)}</span>'
    if c.due_soon:
        badge += (
            f' <span class="badge text-bg-warning">{escape(str(BY_KEY["due_soon"].status))}</span>'
        )
    if c.awaiting_confirmation:
        badge += f' <span class="badge text-bg-info">{escape(_("Chờ xác nhận"))}</span>'
    return badge


@register.simple_tag
def task_rows(rows: Iterable[tuple[Task, Standing | None]]) -> SafeString:
    """One table row per task: number, title (with its document), lead unit, assigned date,
    deadline on the day, status badge. The tasks come with `assigner`, `current_lead_unit` and
    `document` selected."""
    detail_url = _detail_url()
    key = f'<span class="badge text-bg-dark ms-1">{escape(_("Trọng tâm"))}</span>'
    no_deadline = escape(_("Không thời hạn"))
    unit, assigned = escape(_("Đơn vị chủ trì")), escape(_("Ngày giao"))
    deadline, status = escape(_("Hạn xử lý")), escape(_("Tình trạng"))
    html = []
    for task, c in rows:
        day, badge = _deadline_and_badge(c, no_deadline)
        html.append(
            ROW.format(
                task.pk,
                detail_url(task.pk),
                escape(_shorten(task.title)),
                key if task.is_key else "",
                (
                    f'<div class="small text-muted">{escape(task.document.number)} · '
                    f"{escape(task.assigner.short_name)}</div>"
                )
                if task.document
                else "",
                unit,
                escape(task.current_lead_unit.short_name),
                assigned,
                format_date(task.assigned_on),
                deadline,
                day,
                status,
                badge,
            )
        )
    return mark_safe("".join(html))  # noqa: S308  (every text in a row is escaped above)


def _deadline_and_badge(c: Standing | None, no_deadline: str) -> tuple[str, str]:
    """A row's last two cells; both empty for a task with no standing on the day."""
    if c is None:
        return "", ""
    return (format_date(c.deadline) if c.deadline else no_deadline), _badge(c)


def _detail_url() -> Callable[[int], str]:
    """tasks:detail for any task from one reverse(): a reverse() per row costs as much as the row."""
    head, _sep, tail = reverse("tasks:detail", args=[0]).rpartition("/0/")
    return lambda pk: f"{head}/{pk}/{tail}"


def _shorten(title: str) -> str:
    """`truncatechars:140`, without walking every character of a title that is short enough
    (NFC, as Truncator returns it; combining marks would only make the count smaller)."""
    text = unicodedata.normalize("NFC", title)
    return text if len(text) <= TITLE_LENGTH else Truncator(text).chars(TITLE_LENGTH)
