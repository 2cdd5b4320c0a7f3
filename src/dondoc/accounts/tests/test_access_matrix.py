"""Every URL of the site, opened by every demo role: what each may and may not open.

When a URL is added, `test_every_url_is_in_the_matrix` fails until its row is written here, so
no page can ship without a decision about who may see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dondoc.accounts.models import Role, User
from dondoc.attachments.models import Attachment
from dondoc.attachments.services import attachments_store
from dondoc.core.dates import replaying
from dondoc.documents.services import document_create
from dondoc.feeds.services import calendar_token_create
from dondoc.notifications.models import Channel, Notification
from dondoc.organisations.models import Reorganisation, Unit
from dondoc.registers.models import RegisterImport
from dondoc.registers.services import register_upload
from dondoc.tasks import services
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db

ANONYMOUS = None
PROVINCE = {"vanphong", "chutich", "phochutich", "tocongtac"}
CAO_LOC = {"caoloc", "canbo.caoloc", "vanphong.caoloc"}
EVERYONE = PROVINCE | CAO_LOC | {"trangdinh", "sotaichinh", "dongdang", "quantri"}
USERS: list[str | None] = [*sorted(EVERYONE), ANONYMOUS]
# Who records tasks for a unit: committee offices and leaders, and unit heads, of units that
# still exist today (the districts ended on 30/06/2025).
ASSIGNERS = {"vanphong", "chutich", "phochutich", "sotaichinh", "dongdang"}
MATRIX_TASK_VIEWERS = PROVINCE | CAO_LOC | {"sotaichinh", "quantri"}
MATRIX_TASK_HIDDEN = frozenset(EVERYONE - MATRIX_TASK_VIEWERS)
# A task Cao Lộc led until it ended, handed to Đồng Đăng: Cao Lộc's people read it (its history),
# Đồng Đăng leads it; the units that never had it (Tràng Định, the department) do not see it.
HANDED_VIEWERS = PROVINCE | CAO_LOC | {"dongdang", "quantri"}
HANDED_HIDDEN = frozenset(EVERYONE - HANDED_VIEWERS)
# Tràng Định's, handed to Thất Khê: nothing of Cao Lộc's.
OTHER_VIEWERS = PROVINCE | {"trangdinh", "quantri"}
ASSIGNER_SIDE = {"vanphong", "chutich", "phochutich"}


@dataclass(frozen=True)
class Case:
    name: str
    allowed: set[str]  # logged-in users who get `ok`; other logged-in users get `refused`
    kwargs: dict[str, object] = field(default_factory=dict)  # a callable value is looked up late
    hidden: frozenset[str] = frozenset()  # users for whom the object does not exist (404)
    method: str = "get"
    ok: int = 200
    refused: int = 403
    anonymous: int = 302  # sent to the log-in page
    query: str = ""


def _task() -> int:
    return Task.objects.get(external_code="matrix-task").pk


def _document() -> int:
    return Task.objects.get(external_code="matrix-task").document_id  # type: ignore[return-value]


def _event_file() -> str:
    return Attachment.objects.get(name="bao-cao.pdf").token


def _handed() -> int:
    return Task.objects.get(external_code="matrix-handed").pk


def _handed_file() -> str:
    return Attachment.objects.get(name="tien-do.pdf").token


CALENDAR_TOKENS: list[str] = []  # the matrix user's calendar address, made by matrix_objects


def _calendar_token() -> str:
    return CALENDAR_TOKENS[-1]


def _other() -> int:
    return Task.objects.get(external_code="matrix-other").pk


def handed_action(slug: str, allowed: set[str]) -> Case:
    """An action on the handed-over task: Cao Lộc's people are refused every one (403)."""
    return Case("tasks:action", allowed, {"pk": _handed, "action": slug}, hidden=HANDED_HIDDEN)


def _document_file() -> str:
    return Attachment.objects.get(name="ket-luan.pdf").token


def _caoloc_notification() -> int:
    """The matrix task's assignment, as Cao Lộc's head was told of it in the app."""
    return Notification.objects.get(
        recipient__username="caoloc", task__external_code="matrix-task", channel=Channel.IN_APP
    ).pk


def _upload() -> str:
    return RegisterImport.objects.get(name="so-theo-doi.csv").token


def _reorganisation() -> int:
    """The demo's 2025 reform of the districts (every district: beyond a district's office)."""
    return Reorganisation.objects.get(effective_on=dt.date(2025, 7, 1)).pk


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
    # Reorganisations: administrators and the offices of committees that exist today (not Cao
    # Lộc's, which ended on 30/06/2025), each within its own scope.
    Case("units:reorganise", {"vanphong", "quantri"}),
    Case("units:reorganisation", {"vanphong", "quantri"}, {"pk": _reorganisation}),
    Case("tasks:list", EVERYONE),
    Case("tasks:list", EVERYONE, query="?trang_thai=overdue&ngay=19/06/2020&q=ngan+sach"),
    Case("tasks:export", EVERYONE),
    Case("tasks:export", EVERYONE, query="?dinh_dang=csv&q=ngan+sach&trang_thai=overdue"),
    # Unit names are not secret: each user is offered the units of the tree they browse.
    Case("units:pick", EVERYONE, query="?q=cao+loc&ngay=19/06/2020"),
    Case("units:pick", EVERYONE, query="?trong=lang-son&bo=lang-son&loai=district&khoa=id"),
    Case("registers:import", ASSIGNERS),
    Case(
        "registers:preview",
        {"vanphong"},
        {"token": _upload},
        hidden=frozenset(ASSIGNERS - {"vanphong"}),
    ),
    Case("registers:template", EVERYONE),
    Case("tasks:inbox", EVERYONE - {"quantri"}),
    Case("tasks:queue", ASSIGNERS),
    Case("tasks:create", ASSIGNERS),
    Case("documents:create", ASSIGNERS),
    Case("tasks:stats", EVERYONE),
    Case(
        "tasks:stats",
        PROVINCE | {"quantri"},
        query="?giao=lang-son&tu=01/01/2020&den=30/06/2020&ngay=19/06/2020",
    ),
    Case(
        "tasks:stats",
        PROVINCE | CAO_LOC | {"quantri"},
        query="?giao=lang-son&don_vi=cao-loc&tu=01/01/2020&den=30/06/2020&ngay=19/06/2020",
    ),
    # A report's file: the figures page's scope; no parameters (or bad ones) are a 400 page.
    Case("reports:export", EVERYONE, ok=400),
    Case(
        "reports:export",
        PROVINCE | {"quantri"},
        query="?giao=lang-son&tu=01/01/2020&den=30/06/2020&ngay=19/06/2020&dinh_dang=xlsx",
    ),
    Case(
        "reports:export",
        PROVINCE | CAO_LOC | {"quantri"},
        query="?giao=lang-son&don_vi=cao-loc&tu=01/01/2020&den=30/06/2020&ngay=19/06/2020&dinh_dang=xlsx",
    ),
    # A unit's page: whoever sees the unit (organisations.access.get_unit_for_user).
    Case("reports:unit", PROVINCE | CAO_LOC | {"quantri"}, {"code": "cao-loc"}),
    Case(
        "reports:unit",
        PROVINCE | CAO_LOC | {"quantri"},
        {"code": "cao-loc"},
        query="?ky=6-thang&nam=2020&ngay=19/06/2020",
    ),
    Case("reports:unit", PROVINCE | {"sotaichinh", "quantri"}, {"code": "so-tai-chinh"}),
    Case("reports:unit", set(), {"code": "khong-co"}, refused=404),
    # A leader's page: his own; the office of his committee and administrators open anyone's;
    # to anyone else a leader's page is as missing as a username that is no leader's. Without a
    # username: a leader's own page, the office's list of its committee's leaders.
    Case("reports:leader", {"chutich", "phochutich", "vanphong", "vanphong.caoloc"}),
    Case(
        "reports:leader", {"chutich", "vanphong", "quantri"}, {"username": "chutich"}, refused=404
    ),
    Case(
        "reports:leader",
        {"phochutich", "vanphong", "quantri"},
        {"username": "phochutich"},
        refused=404,
    ),
    Case("reports:leader", set(), {"username": "canbo.caoloc"}, refused=404),
    Case("reports:dashboard", EVERYONE),
    Case(
        "reports:dashboard",
        PROVINCE | {"quantri"},
        query="?giao=lang-son&ky=6-thang&nam=2020&ngay=19/06/2020",
    ),
    Case(
        "reports:dashboard",
        PROVINCE | CAO_LOC | {"quantri"},
        query="?giao=lang-son&don_vi=cao-loc&ky=6-thang&nam=2020&ngay=19/06/2020",
    ),
    Case(
        "reports:dashboard",
        PROVINCE | {"quantri", "sotaichinh"},
        query="?giao=so-tai-chinh&ky=nam&nam=2025",
    ),
    Case("tasks:detail", MATRIX_TASK_VIEWERS, {"pk": _task}, hidden=MATRIX_TASK_HIDDEN),
    Case(
        "tasks:action",
        {"vanphong", "chutich", "phochutich"},
        {"pk": _task, "action": "xac-nhan"},
        hidden=MATRIX_TASK_HIDDEN,
    ),
    Case(
        "tasks:action",
        {"vanphong", "chutich", "phochutich"},
        {"pk": _task, "action": "tra-lai"},
        hidden=MATRIX_TASK_HIDDEN,
    ),
    # Chasing (đôn đốc): the assigner's side, on a task not completed (this one awaits its
    # confirmation, which the figures count as open).
    Case(
        "tasks:action",
        ASSIGNER_SIDE,
        {"pk": _task, "action": "don-doc"},
        hidden=MATRIX_TASK_HIDDEN,
    ),
    # Chasing every overdue task of a unit: whoever sees the unit and assigns for a unit that
    # exists today (Cao Lộc's own people no longer do: it ended on 30/06/2025).
    Case("reports:unit_chase", ASSIGNER_SIDE, {"code": "cao-loc"}),
    Case(
        "reports:unit_chase",
        {"vanphong", "chutich", "phochutich", "sotaichinh"},
        {"code": "so-tai-chinh"},
    ),
    Case("reports:unit_chase", set(), {"code": "khong-co"}, refused=404),
    # One's own account, and one's private calendar address (made and revoked by a form).
    Case("profile", EVERYONE),
    Case("feeds:create", EVERYONE, method="post", ok=302),
    Case("feeds:revoke", EVERYONE, method="post", ok=302),
    # The calendar itself: no log-in, its secret address is the credential.
    Case("calendar_feed", EVERYONE, {"token": _calendar_token}, anonymous=200),
    Case("calendar_feed", set(), {"token": "khong-co"}, refused=404, anonymous=404),
    # Cao Lộc ended on 30/06/2025: its people read the task but no longer act on it; the
    # coordinating department still adds progress notes.
    Case(
        "tasks:action",
        {"sotaichinh"},
        {"pk": _task, "action": "tien-do"},
        hidden=MATRIX_TASK_HIDDEN,
    ),
    # Nobody asks for an extension of a task whose completion report awaits confirmation.
    Case(
        "tasks:action",
        set(),
        {"pk": _task, "action": "de-nghi-gia-han"},
        hidden=MATRIX_TASK_HIDDEN,
    ),
    Case("attachments:download", MATRIX_TASK_VIEWERS, {"token": _event_file}, refused=404),
    # A former lead unit reads the task it handed over, its files too, and acts on it no more:
    # the successor does what the lead does, the assigner what the assigner does.
    Case("tasks:detail", HANDED_VIEWERS, {"pk": _handed}, hidden=HANDED_HIDDEN),
    Case("attachments:download", HANDED_VIEWERS, {"token": _handed_file}, refused=404),
    handed_action("tiep-nhan", {"dongdang"}),
    handed_action("tien-do", {"dongdang"}),
    handed_action("de-nghi-gia-han", {"dongdang"}),
    handed_action("hoan-thanh", {"dongdang"}),
    handed_action("quyet-dinh-gia-han", set()),  # no request waits
    handed_action("xac-nhan", set()),  # no report waits
    handed_action("tra-lai", set()),
    handed_action("huy", ASSIGNER_SIDE),
    handed_action("don-doc", ASSIGNER_SIDE),
    handed_action("doi-chu-tri", ASSIGNER_SIDE),
    handed_action("dieu-chinh-han", ASSIGNER_SIDE),
    # A task Cao Lộc never led stays out of its sight, handed over or not.
    Case(
        "tasks:detail",
        OTHER_VIEWERS,
        {"pk": _other},
        hidden=frozenset(EVERYONE - OTHER_VIEWERS),
    ),
    Case("attachments:download", MATRIX_TASK_VIEWERS, {"token": _document_file}, refused=404),
    Case("documents:detail", MATRIX_TASK_VIEWERS, {"pk": _document}, refused=404),
    # Notifications: everyone has his own bell, list and settings; a notification opens for its
    # recipient only (to him it leads to its task), to anyone else it does not exist.
    Case("notifications:list", EVERYONE),
    Case("notifications:bell", EVERYONE, anonymous=204),  # a page whose session ended: no swap
    Case("notifications:preferences", EVERYONE),
    Case("notifications:read_all", EVERYONE, method="post", ok=302),
    Case("notifications:open", {"caoloc"}, {"pk": _caoloc_notification}, ok=302, refused=404),
    Case("admin:index", {"quantri"}, refused=302),
    Case("admin:organisations_unit_changelist", {"quantri"}, refused=302),
    Case("admin:accounts_user_changelist", {"quantri"}, refused=302),
    Case("admin:workdays_calendaroverride_changelist", {"quantri"}, refused=302),
]


def expected(case: Case, user: str | None) -> int:
    if user is ANONYMOUS:
        return case.anonymous
    if user in case.hidden:
        return 404
    return case.ok if user in case.allowed else case.refused


@pytest.fixture(autouse=True)
def matrix_objects(db, settings, tmp_path) -> None:
    """A document of the province with one task for Cao Lộc (Sở Tài chính coordinating), whose
    completion report carries a file and awaits confirmation."""
    settings.MEDIA_ROOT = tmp_path
    office, head = User.objects.get(username="vanphong"), User.objects.get(username="caoloc")
    units = {
        u.code: u for u in Unit.objects.filter(code__in=["lang-son", "cao-loc", "so-tai-chinh"])
    }
    day = dt.date(2025, 3, 3)
    pdf = SimpleUploadedFile("ket-luan.pdf", b"%PDF-1.4 ket luan", "application/pdf")
    document = document_create(
        issuer=units["lang-son"],
        number="999/TB-UBND",
        issued_on=day,
        kind="conclusion_notice",
        summary="Kết luận kiểm tra",
        actor=office,
        files=[pdf],
    )
    task = services.task_assign(
        title="Nhiệm vụ kiểm thử quyền",
        assigner=units["lang-son"],
        lead_unit=units["cao-loc"],
        assigned_on=day,
        deadline=day + dt.timedelta(days=60),
        actor=office,
        document=document,
        coordinating_units=[units["so-tai-chinh"]],
        external_code="matrix-task",
    )
    with replaying(day + dt.timedelta(days=10)):  # Cao Lộc still existed then
        event = services.record(
            services.ReportCompletion(on=day + dt.timedelta(days=10), result="Xong"),
            task=task,
            actor=head,
        )
    report = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao", "application/pdf")
    attachments_store([report], actor=head, event=event)
    for code, lead, successor in (
        ("matrix-handed", "cao-loc", "xa-dong-dang"),
        ("matrix-other", "trang-dinh", "xa-that-khe"),
    ):
        _handed_over(code, lead=lead, successor=successor, day=day, actor=office)
    register = "Nội dung nhiệm vụ,Đơn vị chủ trì,Ngày giao\nKiểm thử nhập sổ,cao-loc,03/03/2025\n"
    upload = SimpleUploadedFile("so-theo-doi.csv", register.encode(), "text/csv")
    register_upload(upload, actor=office, assigner=units["lang-son"], update=False)
    CALENDAR_TOKENS.append(calendar_token_create(user=head))


def _handed_over(code: str, *, lead: str, successor: str, day: dt.date, actor: User) -> None:
    """A task of the province led by `lead` (a district that ended on 30/06/2025), with a
    progress report and its file from then, handed to `successor` on 01/07/2025 as the
    reorganisation does."""
    units = {u.code: u for u in Unit.objects.filter(code__in=["lang-son", lead, successor])}
    task = services.task_assign(
        title=f"Nhiệm vụ bàn giao {code}",
        assigner=units["lang-son"],
        lead_unit=units[lead],
        assigned_on=day,
        deadline=dt.date(2025, 12, 31),
        actor=actor,
        external_code=code,
    )
    head = User.objects.get(unit=units[lead], role=Role.UNIT_HEAD)
    with replaying(day + dt.timedelta(days=7)):
        event = services.record(
            services.ReportProgress(text="Đã triển khai", percent=30), task=task, actor=head
        )
    if code == "matrix-handed":
        progress = SimpleUploadedFile("tien-do.pdf", b"%PDF-1.4 tien do", "application/pdf")
        attachments_store([progress], actor=head, event=event)
    handover = services.ChangeLead(
        unit=units[successor], on=dt.date(2025, 7, 1), reason="Sắp xếp đơn vị hành chính"
    )
    services.record(handover, task=task, actor=None, as_system=True)


def _case_id(case: Case) -> str:
    detail = (
        case.kwargs.get("code") or case.kwargs.get("action") or case.kwargs.get("username") or ""
    )
    task = case.kwargs.get("pk")
    of = f"{getattr(task, '__name__', '')}:" if callable(task) and task is not _task else ""
    return f"{case.name}:{of}{detail}{case.query}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_each_role_opens_exactly_what_it_may(case: Case, client_as: Callable[[str | None], Client]):
    kwargs = {key: value() if callable(value) else value for key, value in case.kwargs.items()}
    url = reverse(case.name, kwargs=kwargs) + case.query
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
