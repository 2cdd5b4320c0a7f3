"""What the tests of the unit, leader and start pages share: the tasks a page's link lists."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from django.test import Client

from dondoc.accounts.models import User
from dondoc.tasks.listing import task_listing


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
