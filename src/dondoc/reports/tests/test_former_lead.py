"""A unit whose tasks were handed on (Cao Lộc, which ended on 30/06/2025 and passed its open tasks
to the new communes): each figure its pages and `dondoc stats` give links to a list of exactly the
tasks it counts, those it led then and no longer leads included (tasks/access.visible_tasks)."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from dondoc.organisations.models import Unit
from dondoc.reports.links import figure_url
from dondoc.reports.tests.page_helpers import listed, listed_on_page
from dondoc.tasks.figures import BLOCKS, REPORT_ROWS
from dondoc.tasks.models import Task, TaskSpan
from dondoc.tasks.stats import StatsQuery, figure_tasks

pytestmark = pytest.mark.django_db
OFFICER = "canbo.caoloc"
LAST_DAY = dt.date(2025, 6, 30)  # Cao Lộc's last day
FIGURE_LINK = re.compile(r'<a\b[^>]*href="(/nhiem-vu/\?[^"]*tk_[^"]*)"[^>]*>(.*?)</a>', re.S)


def cao_loc_2025() -> StatsQuery:
    return StatsQuery(
        assigner=Unit.objects.get(code="lang-son"),
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        as_of=LAST_DAY,
        unit=Unit.objects.get(code="cao-loc"),
    )


def handed_on(query: StatsQuery) -> set[str]:
    """The tasks the query counts that Cao Lộc (or one of its units) no longer leads today."""
    cao_loc = Unit.objects.get(code="cao-loc")
    counted = Task.objects.filter(pk__in=figure_tasks(query, "period", "all").values("pk"))
    return {
        task.external_code
        for task in counted.select_related("current_lead_unit")
        if not task.current_lead_unit.is_within(cao_loc)
    }


def test_the_period_counts_tasks_cao_loc_has_handed_on():
    """What makes the rest of this module a test: without the spans in visible_tasks, the lists
    behind these figures missed the handed-on tasks."""
    assert handed_on(cao_loc_2025())


def figure_links(body: str) -> list[tuple[str, int]]:
    """Every link of a page to the tasks behind a figure, with the number it shows."""
    links = []
    for href, text in FIGURE_LINK.findall(body):
        shown = " ".join(re.sub(r"<[^>]+>", " ", text).split())
        if shown.isdigit():
            links.append((html.unescape(href), int(shown)))
    return links


@pytest.mark.parametrize(
    "url",
    [
        reverse("reports:unit", kwargs={"code": "cao-loc"}),  # its last year, as of its last day
        reverse("reports:unit", kwargs={"code": "cao-loc"})
        + "?ky=6-thang&nam=2025&ngay=30/06/2025",
        reverse("home"),
        reverse("reports:dashboard")
        + "?giao=lang-son&don_vi=cao-loc&ky=nam&nam=2025&ngay=30/06/2025",
    ],
)
def test_each_figure_of_the_ended_units_pages_lists_exactly_its_tasks(client_as, url):
    client = client_as(OFFICER)
    response = client.get(url)
    assert response.status_code == 200
    links = figure_links(response.content.decode())
    assert len(links) >= 5 and sum(shown for _url, shown in links) > 0
    for link, shown in links:
        assert len(listed(OFFICER, link)) == shown, link
    biggest, most = max(links, key=lambda link: link[1])
    assert listed_on_page(client, biggest) == most
    # Among them the tasks handed on: the list of the period's tasks shows them.
    every = figure_url(cao_loc_2025(), "period", "all")
    codes = set(listed(OFFICER, every))
    assert handed_on(cao_loc_2025()) <= codes


def test_each_figure_of_dondoc_stats_is_the_list_of_its_link():
    query = cao_loc_2025()
    out = io.StringIO()
    call_command(
        "stats",
        "--assigner=lang-son",
        "--unit=cao-loc",
        "--from=2025-01-01",
        "--to=2025-12-31",
        f"--as-of={LAST_DAY:%Y-%m-%d}",
        stdout=out,
    )
    printed = json.loads(out.getvalue())
    assert printed["assigned"] > 0
    checked = 0
    for block in BLOCKS:
        for figure in REPORT_ROWS:
            if figure.path is None or (not figure.in_blocks and block != "period"):
                continue
            root = (
                printed["carried_over"] if block == "carried_over" and figure.in_blocks else printed
            )
            value = root
            for part in figure.path:
                value = value[part]
            url = figure_url(query, block, figure.key)
            assert dict(parse_qsl(urlsplit(url).query))["tk_nhom"] == f"{block}:{figure.key}"
            assert len(listed(OFFICER, url)) == value, (block, figure.key)
            checked += 1
    assert checked >= 2 * 10


def test_every_lead_of_every_day_lies_under_its_tasks_assigner():
    """What visible_tasks relies on to look at the spans of the tasks assigned above a scope only:
    a unit that led a task on any day is under the task's assigner (the services refuse any
    other lead; the demo, its reforms and imports go through them)."""
    spans = TaskSpan.objects.select_related("lead_unit", "assigner")
    assert spans.exists()
    for span in spans.iterator():
        assert span.lead_unit != span.assigner and span.lead_unit.is_within(span.assigner), span
