"""What the tests of the unit, leader and start pages share: the tasks a page's link lists."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from django.test import Client

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.organisations.models import Unit
from dondoc.tasks import services
from dondoc.tasks.listing import task_listing
from dondoc.tasks.models import Task


def listed(username: str, url: str) -> list[str]:
    """The tasks (their external codes, or titles) that the task list at `url` shows the user:
    every page of it, through the list's own selector (tasks/listing.py)."""
    params = dict(parse_qsl(urlsplit(url).query))
    listing = task_listing(user=User.objects.get(username=username), params=params)
    assert listing.errors == [], listing.errors
    return [task.external_code or task.title for task in listing.tasks]


def listed_on_page(client: Client, url: str) -> int:
    """How many tasks the list page at `url` says it holds."""
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def standing_tasks(lead: str, head: str) -> tuple[Task, Task]:
    """Two tasks without a deadline that the committee gives `lead` today, the first completed
    (reported by `head`, confirmed by the office), the second still open: one in each of a
    report's "no deadline" classes."""
    committee, unit = Unit.objects.get(code="lang-son"), Unit.objects.get(code=lead)
    office = User.objects.get(username="vanphong")
    done, still_open = (
        services.task_assign(
            title=title, assigner=committee, lead_unit=unit, assigned_on=today(), actor=office
        )
        for title in ("Theo dõi thường xuyên giá cả thị trường", "Rà soát thường xuyên thủ tục")
    )
    services.record(
        services.ReportCompletion(on=today(), result="Đã báo cáo"),
        task=done,
        actor=User.objects.get(username=head),
    )
    services.record(services.ConfirmCompletion(), task=done, actor=office)
    return done, still_open


COMPLETED_PARTS = ("ahead", "on_time", "late", "completed_no_deadline")
OPEN_PARTS = ("within", "overdue", "open_no_deadline")


def adds_up(values: dict[str, int]) -> bool:
    """A row of figures by key adds up as RULES.md says: the total assigned is the completed
    and the open tasks, each the sum of its classes (a row needs every class; the totals of the
    completed and the open are checked when it has them)."""
    completed = sum(values[key] for key in COMPLETED_PARTS)
    open_ = sum(values[key] for key in OPEN_PARTS)
    return (
        values["all"] == completed + open_
        and values.get("completed", completed) == completed
        and values.get("open", open_) == open_
    )
