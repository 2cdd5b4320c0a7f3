"""A unit is told in its bell and by mail: the office chases one of the unit's late demo tasks
from the task's page, the unit's head sees the bell's count rise, opens the chase and lands on
the task, and the sender writes the chase's mail to the mail file; the preferences page is drawn
as a table of choices."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from email.message import EmailMessage
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from dondoc.accounts.models import Role, User
from dondoc.browser_tests.helpers import Site, assert_accessible
from dondoc.core.dates import today
from dondoc.demo.people import PEOPLE
from dondoc.notifications.mail import ROWS_HEADER
from dondoc.notifications.models import Channel, Kind, Notification, Status
from dondoc.notifications.outbox import recipients_of_unit
from dondoc.organisations.models import Unit
from dondoc.tasks.models import Task
from dondoc.tasks.selectors import overdue_for_chase

CHASE = "Nhiệm vụ đã quá hạn: đề nghị đơn vị khẩn trương báo cáo kết quả thực hiện trước thứ Sáu."
# Django's file backend ends every message it writes with a line of 79 dashes.
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def _late_task_and_its_unit_user() -> tuple[Task, User]:
    """A demo task the provincial committee gave that is overdue today and led by the unit of a
    demo head or officer (who logs in with the demo password), and that person, whom a chase of
    the task notifies: found in the demo's data, not made for the test."""
    province = Unit.objects.get(code="lang-son")
    for person in PEOPLE:
        if person.role not in (Role.UNIT_HEAD, Role.UNIT_OFFICER):
            continue
        user = User.objects.select_related("unit").get(username=person.username)
        if not user.is_active or user.unit is None or user.unit_id is None:
            continue
        late = overdue_for_chase(assigner=province, unit=user.unit, on=today()).filter(
            current_lead_unit=user.unit
        )
        task = late.order_by("current_deadline", "pk").first()
        if task is not None and user.pk in recipients_of_unit([user.unit_id]).get(user.unit_id, []):
            return task, user
    raise AssertionError("no demo unit with a login has an overdue task of the province")


def _mails(folder: Path) -> list[EmailMessage]:
    """Every message Django's file backend wrote into `folder`, parsed."""
    found: list[EmailMessage] = []
    for path in sorted(folder.iterdir()):
        for chunk in path.read_bytes().split(MAIL_SEPARATOR):
            if chunk.strip():
                message = email.message_from_bytes(chunk, policy=email.policy.default)
                assert isinstance(message, EmailMessage)
                found.append(message)
    return found


def _part(message: EmailMessage, subtype: str) -> str:
    """The text of the message's text/`subtype` part, decoded (quoted-printable, base64, 8bit)."""
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None and part.get_content_type() == f"text/{subtype}"
    return str(part.get_content())


def test_a_chased_unit_sees_it_in_its_bell_and_in_its_mail(
    site: Site,
    open_as: Callable[..., Page],
    shot: Callable[[Page, str], Path],
    settings: Settings,
    tmp_path: Path,
) -> None:
    task, person = _late_task_and_its_unit_user()
    # The demo gives every account an address (username@langson.example); the mail is looked for
    # at the one the database holds, and the test fails if the demo stops giving one.
    assert person.email
    # Mail to files, as the demo sends it (DONDOC_EMAIL_FILE_PATH sets these two when the site
    # starts; the test settings' in-memory outbox is replaced for this test only).
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")

    unit = open_as(person.username)
    bell = unit.locator(".notification-bell")
    badge = bell.locator("[data-unread]")
    before = int(badge.get_attribute("data-unread") or 0) if badge.count() else 0

    office = open_as("vanphong")
    office.goto(site.at(f"/nhiem-vu/{task.pk}/"))
    office.get_by_role("link", name="Đôn đốc", exact=True).click()
    office.get_by_label("Nội dung đôn đốc").fill(CHASE)
    office.get_by_role("button", name="Đôn đốc").click()
    lead = task.current_lead_unit
    assert lead is not None
    expect(office.get_by_role("alert")).to_contain_text(f"Đã đôn đốc {lead.short_name}.")
    expect(office.locator("ol.list-group li").last).to_contain_text(CHASE)
    shot(office, "chased")

    unit.reload()
    expect(badge).to_have_attribute("data-unread", str(before + 1))
    shot(unit, "bell")
    bell.click()
    expect(unit.get_by_role("heading", name="Thông báo")).to_be_visible()
    first = unit.locator(".list-group-item").first
    expect(first).to_contain_text("Đôn đốc")
    expect(first).to_contain_text(task.title[:150])
    expect(first).to_contain_text(CHASE)  # the chase's own words, in the list
    expect(first).to_contain_text("Mới")
    shot(unit, "list")
    assert_accessible(unit)
    first.click()
    expect(unit).to_have_url(site.at(f"/nhiem-vu/{task.pk}/"))
    chase = unit.locator("ol.list-group li").last
    expect(chase).to_contain_text("Đôn đốc")
    expect(chase).to_contain_text(CHASE)  # the chase's text, read on the task it lands on
    if before:
        expect(badge).to_have_attribute("data-unread", str(before))
    else:
        expect(badge).to_have_count(0)
    shot(unit, "task")

    row = Notification.objects.get(
        recipient=person, channel=Channel.EMAIL, kind=Kind.CHASED, task=task
    )
    call_command("send_notifications", stdout=StringIO())
    row.refresh_from_db()
    assert row.status == Status.SENT
    mails = [m for m in _mails(tmp_path / "mail") if str(row.pk) in m[ROWS_HEADER].split(",")]
    assert len(mails) == 1, f"{len(mails)} mails carry the chase's row {row.pk}"
    mail = mails[0]
    assert mail["To"] == person.email
    # Django folds a long encoded subject after an empty first line, which Python's parser gives
    # back as a leading space (mail programs drop it).
    subject = str(mail["Subject"]).strip()
    assert subject.startswith("[Đôn Đốc] Đôn đốc thực hiện nhiệm vụ: ")
    assert task.title[:40] in subject
    link = f"{settings.DONDOC_BASE_URL}/nhiem-vu/{task.pk}/"
    text = _part(mail, "plain")
    assert "Văn phòng đôn đốc đơn vị khẩn trương thực hiện nhiệm vụ." in text
    assert f"Nhiệm vụ: {task.title}" in text
    assert f"Nội dung: {CHASE}" in text
    assert f"Xem nhiệm vụ: {link}" in text
    html = _part(mail, "html")
    assert CHASE in html
    assert f'href="{link}"' in html


def test_the_preferences_page_saves_a_choice(
    site: Site, open_as: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = open_as("caoloc")
    page.goto(site.at("/thong-bao/cai-dat/"))
    page.get_by_label("Thư điện tử: Nhắc hạn tự động").uncheck()
    page.get_by_label("Cách gửi thư: Đôn đốc").select_option(label="Gộp một thư mỗi ngày")
    shot(page, "preferences")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu cài đặt thông báo.")
    expect(page.get_by_label("Thư điện tử: Nhắc hạn tự động")).not_to_be_checked()
    expect(page.get_by_label("Cách gửi thư: Đôn đốc")).to_have_value("cuoi-ngay")
