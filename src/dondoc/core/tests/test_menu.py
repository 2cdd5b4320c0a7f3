"""The menu per role: no demo user is shown a link that refuses them (403) or fails (500).

For every demo account, the home page's links (the menu, the user's own unit, the admin) are
opened as that user, then the links of each page they lead to, a few of each kind (a task list
offers fifty tasks; two of them say as much as all), then the links of the task, document and
unit pages found there (a task's actions). A link that answers 403 must not be
shown to that user: the menu asks the same access rules the pages do (tasks/context_processors.py).
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from dondoc.demo.people import PEOPLE

pytestmark = pytest.mark.django_db

PER_KIND = 2  # links followed per URL name on the pages the menu leads to


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.menu: list[str] = []
        self.page: list[str] = []
        self._nav_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self._nav_depth += 1
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/") and not href.startswith("/static/"):
            (self.menu if self._nav_depth else self.page).append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._nav_depth -= 1


def links(client: Client, url: str) -> tuple[list[str], list[str]]:
    """The internal links of the page at `url`: those in its <nav> (the menu) and the others;
    none when it does not answer 200 (the test reports what it answered) or is a file (a report's
    Excel, Word or PDF, which is streamed)."""
    response = client.get(url)
    if response.status_code != 200 or response.streaming:
        return [], []
    parser = _Links()
    parser.feed(response.content.decode())
    return parser.menu, parser.page


def kind(url: str) -> str:
    """The URL's name, with the action for a task's actions (each action is a kind of its own)."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return url
    return ":".join([match.view_name, *[str(v) for k, v in match.kwargs.items() if k == "action"]])


# Pages reached from the menu's pages whose own links are followed too: where a task, a document
# or a unit offers what may be done with it.
OBJECT_PAGES = {"tasks:detail", "documents:detail", "units:detail"}


def followed_links(client: Client) -> list[tuple[str, str]]:
    """(page, link) for the home page's links; a few of each kind of the links of the pages its
    menu leads to; and the links of the task, document and unit pages among those."""
    menu, page = links(client, "/")
    found = [("/", url) for url in dict.fromkeys(menu + page)]
    seen = {url for _, url in found}
    per_kind: dict[str, int] = {}

    def follow(entry: str) -> list[str]:
        inner_menu, inner_page = links(client, entry)
        added = []
        for url in inner_menu + inner_page:
            name = kind(url)
            if url in seen or per_kind.get(name, 0) >= PER_KIND:
                continue
            seen.add(url)
            per_kind[name] = per_kind.get(name, 0) + 1
            found.append((entry, url))
            added.append(url)
        return added

    objects = []
    for entry in dict.fromkeys(menu + page):
        if kind(entry).startswith("admin:"):
            continue  # Django's admin draws its own menu from the user's permissions
        objects += [url for url in follow(entry) if kind(url) in OBJECT_PAGES]
    for entry in objects:
        follow(entry)
    return found


@pytest.mark.parametrize("username", [person.username for person in PEOPLE])
def test_no_link_shown_to_a_role_refuses_it_or_fails(
    client_as: Callable[[str | None], Client], username: str
):
    client = client_as(username)
    answers = {(page, url): client.get(url).status_code for page, url in followed_links(client)}
    assert len(answers) >= 5, answers  # the menu and the home page's own links at least
    bad = {link: status for link, status in answers.items() if status in (403, 500)}
    assert bad == {}, f"{username} is shown links that answer 403 or 500 (page, link): {bad}"


def test_the_office_is_offered_what_it_records_and_a_unit_of_a_past_district_is_not(
    client_as: Callable[[str | None], Client],
):
    office, _ = links(client_as("vanphong"), "/")
    past, _ = links(client_as("vanphong.caoloc"), "/")
    recording = {"/nhiem-vu/cho-xu-ly/", "/van-ban/moi/", "/so-theo-doi/nhap/"}
    assert recording <= set(office)
    assert recording & set(past) == set()
    assert "/nhiem-vu/hop-thu/" in past  # its own unit's tasks, which it still reads


def test_the_administrator_is_offered_the_admin_and_no_inbox(
    client_as: Callable[[str | None], Client],
):
    menu, page = links(client_as("quantri"), "/")
    assert "/quan-tri/" in menu
    assert "/nhiem-vu/hop-thu/" not in menu + page
    office_menu, _ = links(client_as("vanphong"), "/")
    assert "/quan-tri/" not in office_menu
