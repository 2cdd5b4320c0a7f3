"""Every URL of the site, opened by every demo role with malformed parameters, never answers 5xx
(issue 12, "Done when"): a bad date, a far year, an id no row can have, a NUL byte or a very long
string is a Vietnamese message or a 404, never a crash.

The pages and objects are those of the access matrix (test_access_matrix.py): a URL added there
is walked here too. Each page is opened by one user who may see it with each bad value in each
parameter it reads, one at a time (so that one refused parameter does not hide another that
passes validation and then breaks the query), and by every role with all of them at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import pytest
from django.test import Client
from django.urls import reverse

from dondoc.accounts.tests.test_access_matrix import (  # noqa: F401 (matrix_objects: autouse)
    CASES,
    Case,
    _case_id,
    matrix_objects,
)

pytestmark = pytest.mark.django_db

ROLES: list[str | None] = [  # one demo user of each role, and an anonymous visitor
    "vanphong",  # committee office
    "chutich",  # committee leader
    "sotaichinh",  # unit head
    "canbo.caoloc",  # unit officer
    "tocongtac",  # working group
    "quantri",  # administrator
    None,
]

HUGE_ID = "99999999999999999999"
NUL = "a\x00b"
LONG = "9" * 10_000  # too many digits for int(), too long for any field
EVERY = [NUL, LONG]
DATE = ["31/02/2020", "01/01/0001", "31/12/9999", *EVERY]
ID = [HUGE_ID, "abc", "-1", *EVERY]
CODES = ["-", "x y", "khong-co", *EVERY]  # where a unit's code or a choice is read

# What each page reads from its query string, by the kind of value.
LIST = {
    **dict.fromkeys(["ngay", "han_tu", "han_den", "tk_tu", "tk_den", "tk_ngay"], DATE),
    **dict.fromkeys(["van_ban", "trang"], ID),
    **dict.fromkeys(["q", "giao", "chu_tri", "phoi_hop", "tk_giao", "tk_don_vi"], EVERY),
    **dict.fromkeys(["trang_thai", "linh_vuc", "nguon", "trong_tam", "sap_xep"], EVERY),
    **dict.fromkeys(["tk_nhom", "tk_trong_tam", "tk_nguon", "dinh_dang"], EVERY),
}
STATS = {
    **dict.fromkeys(["tu", "den", "ngay"], DATE),
    **dict.fromkeys(["giao", "don_vi", "trong_tam", "nguon"], EVERY),
}
READS: dict[str, dict[str, list[str]]] = {
    "tasks:list": LIST,
    "tasks:export": LIST,
    "units:pick": {
        "ngay": DATE,
        **dict.fromkeys(["q", "trong", "tren", "loai", "bo", "khoa"], CODES),
    },
    "tasks:stats": STATS,
    "tasks:create": {"van_ban": ID, "cap_tren": ID},
    "units:tree": {"ngay": DATE, "q": EVERY},
    "units:detail": {"ngay": DATE, "q": EVERY},
    "admin:organisations_unit_changelist": {"q": EVERY, "p": ID, "o": EVERY},
    "admin:accounts_user_changelist": {"q": EVERY, "p": ID, "o": EVERY},
}
GENERIC = {"ngay": DATE, "q": EVERY, "trang": ID, "van_ban": ID}  # a page that reads none
FIGURE = "tk_giao=lang-son&tk_tu=01/01/2025&tk_den=31/12/2025&tk_ngay=30/06/2025&tk_nhom=period:all"
# Where a page has a fuller form than the matrix opens it with, the parameters a user sends.
BASELINES = {
    "tasks:list": ["trang_thai=overdue&ngay=30/06/2025", FIGURE, f"trang_thai=overdue&{FIGURE}"],
    "tasks:export": [f"trang_thai=overdue&{FIGURE}"],
}


@dataclass(frozen=True)
class Probe:
    case: Case
    baseline: str  # the valid query the bad value is put into

    @property
    def id(self) -> str:
        return f"{_case_id(self.case)}|{self.baseline}"


def _url(case: Case, query: dict[str, str]) -> str:
    kwargs = {key: value() if callable(value) else value for key, value in case.kwargs.items()}
    return reverse(case.name, kwargs=kwargs) + ("?" + urlencode(query) if query else "")


def _viewer(case: Case) -> str | None:
    """A user who gets the page itself (not a refusal), preferring the committee office."""
    if "vanphong" in case.allowed:
        return "vanphong"
    return min(case.allowed, default=None)


GETS = [case for case in CASES if case.method == "get"]
PROBES = [
    Probe(case, baseline)
    for case in {_case_id(case): case for case in GETS}.values()
    for baseline in BASELINES.get(case.name, [case.query.lstrip("?")])
]


def _client(client_as: Callable[[str | None], Client], user: str | None) -> Client:
    client = client_as(user)
    client.raise_request_exception = False  # a crash is a 500 to report with the others
    return client


@pytest.mark.parametrize("probe", PROBES, ids=lambda probe: probe.id)
def test_each_bad_value_in_each_parameter_is_refused_without_a_crash(
    probe: Probe, client_as: Callable[[str | None], Client]
):
    client = _client(client_as, _viewer(probe.case))
    base = dict(parse_qsl(probe.baseline))
    crashes = []
    for name, values in READS.get(probe.case.name, GENERIC).items():
        for value in values:
            status = client.get(_url(probe.case, {**base, name: value})).status_code
            if status >= 500:
                crashes.append((name, value[:20], status))
    assert crashes == []


@pytest.mark.parametrize(
    "case", list({_case_id(case): case for case in CASES}.values()), ids=_case_id
)
def test_every_role_gets_no_crash_with_every_parameter_malformed_at_once(
    case: Case, client_as: Callable[[str | None], Client]
):
    reads = READS.get(case.name, GENERIC)
    crashes = []
    for slot, user in enumerate(ROLES):
        # Each role its own bad values, so that every role meets every kind of value somewhere.
        query = {name: values[slot % len(values)] for name, values in reads.items()}
        response = getattr(_client(client_as, user), case.method)(_url(case, query))
        if response.status_code >= 500:
            crashes.append((user, response.status_code))
    assert crashes == []


@pytest.mark.parametrize(
    ("name", "kwarg"),
    [("tasks:detail", "pk"), ("tasks:action", "pk"), ("documents:detail", "pk")],
)
def test_an_id_in_the_path_that_no_row_can_have_is_not_found(
    name: str, kwarg: str, client_as: Callable[[str | None], Client]
):
    kwargs: dict[str, object] = {kwarg: HUGE_ID}
    if name == "tasks:action":
        kwargs["action"] = "tien-do"
    assert client_as("vanphong").get(reverse(name, kwargs=kwargs)).status_code == 404


POSTED = [DATE[1], DATE[2], DATE[0], *ID[:3], *EVERY]  # every bad value, dates and ids alike
FORMS = [case for case in {_case_id(c): c for c in CASES}.values() if case.name in {
    "login", "password_change", "set_language", "tasks:create", "documents:create",
    "tasks:action", "registers:import", "registers:preview"}
    and (case.name == "login" or _viewer(case) is not None)]  # fmt: skip
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


@pytest.mark.parametrize(
    "case",
    FORMS,
    ids=_case_id,
)
def test_a_form_posted_with_bad_values_in_every_field_answers_without_a_crash(
    case: Case, client_as: Callable[[str | None], Client]
):
    user = _viewer(case) if case.name != "login" else None
    client = _client(client_as, user)
    url = _url(case, dict(parse_qsl(case.query.lstrip("?"))))
    if case.method == "post":  # no page of its own: the fields the forms that post to it send
        names = {"language", "next"}
    else:
        page = client.get(url)
        assert page.status_code == 200
        names = set(FIELD.findall(page.content.decode())) - {"csrfmiddlewaretoken"}
        assert names, "the page shows a form"
    crashes = []
    for value in POSTED:
        response = client.post(url, dict.fromkeys(names, value))
        if response.status_code >= 500:
            crashes.append((value[:20], response.status_code))
    assert crashes == []
