"""Every URL of the site, opened by every demo role: what each may and may not open.

When a URL is added, `test_every_url_is_in_the_matrix` fails until its row is written here, so
no page can ship without a decision about who may see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

ANONYMOUS = None
PROVINCE = {"vanphong", "chutich", "phochutich", "tocongtac"}
CAO_LOC = {"caoloc", "canbo.caoloc", "vanphong.caoloc"}
EVERYONE = PROVINCE | CAO_LOC | {"trangdinh", "sotaichinh", "dongdang", "quantri"}
USERS: list[str | None] = [*sorted(EVERYONE), ANONYMOUS]


@dataclass(frozen=True)
class Case:
    name: str
    allowed: set[str]  # logged-in users who get `ok`; other logged-in users get `refused`
    kwargs: dict[str, str] = field(default_factory=dict)
    method: str = "get"
    ok: int = 200
    refused: int = 403
    anonymous: int = 302  # sent to the log-in page
    query: str = ""


def unit_case(code: str, allowed: set[str]) -> Case:
    return Case("units:detail", allowed | {"quantri"}, {"code": code})


CASES = [
    Case("login", set(), ok=302, refused=302, anonymous=200),  # logged-in users are sent home
    Case("logout", EVERYONE, method="post", anonymous=302, ok=302),
    Case("password_change", EVERYONE),
    Case("home", EVERYONE),
    Case("set_language", EVERYONE, method="post", ok=302, anonymous=302),
    Case("units:tree", EVERYONE),
    Case("units:tree", EVERYONE, query="?ngay=01/07/2025&q=dong+dang"),
    unit_case("lang-son", PROVINCE),
    unit_case("van-phong-ubnd-tinh", PROVINCE),
    unit_case("cao-loc", PROVINCE | CAO_LOC),
    unit_case("cao-loc-tt-dong-dang", PROVINCE | CAO_LOC),
    unit_case("cao-loc-van-phong", PROVINCE | CAO_LOC),
    unit_case("trang-dinh", PROVINCE | {"trangdinh"}),
    unit_case("trang-dinh-tt-that-khe", PROVINCE | {"trangdinh"}),
    unit_case("so-tai-chinh", PROVINCE | {"sotaichinh"}),
    unit_case("xa-dong-dang", PROVINCE | {"dongdang"}),
    Case("units:detail", set(), {"code": "khong-co"}, refused=404),
    Case("admin:index", {"quantri"}, refused=302),
    Case("admin:organisations_unit_changelist", {"quantri"}, refused=302),
    Case("admin:accounts_user_changelist", {"quantri"}, refused=302),
    Case("admin:workdays_calendaroverride_changelist", {"quantri"}, refused=302),
]


def expected(case: Case, user: str | None) -> int:
    if user is ANONYMOUS:
        return case.anonymous
    return case.ok if user in case.allowed else case.refused


@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: f"{c.name}:{c.kwargs.get('code', '')}{c.query}"
)
def test_each_role_opens_exactly_what_it_may(case: Case, client_as: Callable[[str | None], Client]):
    url = reverse(case.name, kwargs=case.kwargs) + case.query
    outcome = {}
    for user in USERS:
        response = getattr(client_as(user), case.method)(url)
        outcome[user] = response.status_code
    assert outcome == {user: expected(case, user) for user in USERS}


def test_a_refused_anonymous_visitor_is_sent_to_the_log_in_page(client_as):
    response = client_as(ANONYMOUS).get(reverse("units:detail", kwargs={"code": "cao-loc"}))
    assert response.url.startswith(reverse("login") + "?next=")


def _names(patterns: list, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    site = {name for name in _names(get_resolver().url_patterns) if not name.startswith("admin:")}
    covered = {case.name for case in CASES}
    assert site - covered == set(), "add these URLs to CASES"
