"""The task search (tasks/search.py): every folded word anywhere in a task's search text, on
both databases and both of SQLite's plans (the FTS table for rare words, LIKE while walking the
list's order for common ones); the FTS table follows every writer; a search's count is capped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.core.templatetags.dondoc import grouped
from dondoc.organisations.models import Unit
from dondoc.registers.importer import import_register
from dondoc.registers.tests.helpers import write_csv
from dondoc.tasks import search, services
from dondoc.tasks.access import visible_tasks
from dondoc.tasks.models import Task
from dondoc.tasks.search import Count, capped_count, matching

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["fts", "like"])
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test runs with SQLite's FTS table asked for every word, then never (PostgreSQL has
    one plan, chosen by its planner: it runs once)."""
    if connection.vendor != "sqlite" and request.param == "like":
        pytest.skip("one plan on PostgreSQL")
    monkeypatch.setattr(search, "RARE", 10**9 if request.param == "fts" else 0)
    yield request.param


def found(text: str) -> set[int]:
    return set(matching(Task.objects.all(), text).values_list("pk", flat=True))


def like(*words: str) -> set[int]:
    """The reference: a plain scan of the search text for each word."""
    tasks = Task.objects.all()
    for word in words:
        tasks = tasks.filter(search_text__contains=word)
    return set(tasks.values_list("pk", flat=True))


def assign(office: User, title: str, lead: str = "so-tai-chinh", on: dt.date | None = None) -> Task:
    return services.task_assign(
        title=title, assigner=Unit.objects.get(code="lang-son"),
        lead_unit=Unit.objects.get(code=lead), assigned_on=on or today() - dt.timedelta(days=3),
        actor=office,
    )  # fmt: skip


def test_cao_loc_finds_the_tasks_led_by_ubnd_huyen_cao_loc(plan: str, office: User):
    # Cao Lộc district ended with the 2025 reform: a task it led before then.
    task = assign(office, "Rà soát hồ sơ đất đai", lead="cao-loc", on=dt.date(2025, 3, 3))
    assert Unit.objects.get(code="cao-loc").short_name == "UBND huyện Cao Lộc"
    for text in ("cao loc", "Cao Lộc", "UBND huyện Cao Lộc", "  CAO   LỘC ", "huyện cao lộc"):
        assert task.pk in found(text), text
    assert found("cao loc") == like("cao", "loc")


def test_every_word_must_be_there_in_any_order(plan: str, office: User):
    both = assign(office, "Giải ngân vốn đầu tư công năm 2026")
    one = assign(office, "Giải phóng mặt bằng dự án")
    assert both.pk in found("đầu tư giải ngân") and one.pk not in found("đầu tư giải ngân")
    assert found("dau tu giai ngan") == like("dau", "tu", "giai", "ngan")
    assert found("giai phong xyzzyq") == set()


def test_words_shorter_than_three_letters_are_searched_too(plan: str, office: User):
    task = assign(office, "Kế hoạch số 7 về đê điều")
    assert task.pk in found("de dieu 7")
    assert task.pk in found("đê 7")
    assert found("de") == like("de") and found("7 de") == like("7", "de")


def test_diacritics_and_case_are_ignored_both_ways(plan: str, office: User):
    task = assign(office, "Phòng chống thiên tai, tìm kiếm cứu nạn")
    for text in ("phong chong thien tai", "PHÒNG CHỐNG", "Thiên Tai", "cuu nan", "cứu nạn"):
        assert task.pk in found(text), text
    assert task.pk not in found("phòng chống lũ")


def test_a_new_task_is_found_by_its_text(plan: str, office: User):
    assert found("quyettoanxyz") == set()
    task = assign(office, "Quyết toán quyettoanxyz dự án")
    assert found("quyettoanxyz") == {task.pk}


def test_an_edited_task_is_found_by_its_new_text_and_not_by_its_old(plan: str, office: User):
    task = assign(office, "Kiểm tra trường học oldwordabc")
    services.record(
        services.CorrectDetails(
            changes={"title": "Kiểm tra bệnh viện newwordabc"}, reason="Sửa nội dung",
            on=today(),
        ),
        task=task, actor=office,
    )  # fmt: skip
    assert found("newwordabc") == {task.pk}
    assert found("oldwordabc") == set()
    assert found("truong hoc") == like("truong", "hoc")


def test_a_task_whose_lead_changes_is_found_by_its_new_lead(plan: str, office: User):
    task = assign(office, "Bàn giao hồ sơ leadchangexyz", lead="so-tai-chinh")
    services.record(
        services.ChangeLead(unit=Unit.objects.get(code="so-xay-dung"), reason="Đúng thẩm quyền",
                            on=today()),
        task=task, actor=office,
    )  # fmt: skip
    assert task.pk in found("leadchangexyz xay dung")
    assert task.pk not in found("leadchangexyz tai chinh")


def test_imported_tasks_are_found_and_an_update_moves_them(plan: str, tmp_path: Path):
    head = ["Mã", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Ngày giao", "Hạn xử lý"]
    row = ["IMP1", "Đo đạc importedoldq", "so-xay-dung", "02/02/2026", "02/03/2026"]
    province = Unit.objects.get(code="lang-son")
    result = import_register(write_csv(tmp_path / "a.csv", [head, row]), default_assigner=province)
    assert result.saved
    task = Task.objects.get(external_code="IMP1")
    assert found("importedoldq") == {task.pk} and found("imp1 xay dung") >= {task.pk}
    row[1] = "Đo đạc importednewq"
    result = import_register(
        write_csv(tmp_path / "b.csv", [head, row]), default_assigner=province, update=True
    )
    assert result.saved
    assert found("importednewq") == {task.pk} and found("importedoldq") == set()


def test_a_deleted_task_leaves_the_search(plan: str, office: User):
    task = assign(office, "Tạm thời deletedxyz")
    task.events.all().delete()
    task.spans.all().delete()
    task.delete()
    assert found("deletedxyz") == set()


def test_the_sqlite_fts_table_holds_what_the_task_table_holds():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS table")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO tasks_task_search(tasks_task_search) VALUES ('integrity-check')"
        )
        cursor.execute("SELECT count(*) FROM tasks_task_search")
        assert cursor.fetchone()[0] == Task.objects.count()


def test_the_count_stops_at_the_cap():
    tasks = Task.objects.all()
    total = tasks.count()
    assert total > 3
    assert capped_count(tasks, cap=total) == Count(total)
    assert capped_count(tasks, cap=3) == Count(3, more=True)


def test_a_search_past_the_cap_says_more_than_in_vietnamese(client_as, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    response = client_as("vanphong").get(reverse("tasks:list"), {"q": "a"})
    html = response.content.decode()
    assert "Hơn 2 nhiệm vụ; tình trạng tính đến ngày" in html
    assert response.context["page"].paginator.num_pages == 1
    # The pager pages through the first matches, and says there are more.
    monkeypatch.setattr(search, "COUNT_CAP", 45)
    response = client_as("vanphong").get(reverse("tasks:list"), {"q": "a", "so_dong": "20"})
    assert "Trang 1/3 của 45 dòng đầu (còn nhiều hơn)" in response.content.decode()
    assert len(response.context["rows"]) == 20
    with translation.override("vi"):
        assert grouped(2000) == "2.000"


def test_a_search_under_the_cap_and_the_list_without_search_count_exactly(client_as):
    client = client_as("vanphong")
    page = client.get(reverse("tasks:list"), {"q": "giai ngan"}).context["page"]
    assert not page.paginator.more and page.paginator.count < search.COUNT_CAP
    plain = client.get(reverse("tasks:list")).context["page"]
    assert not hasattr(plain.paginator, "more") and plain.paginator.count > page.paginator.count


def test_a_task_is_found_by_its_number_as_the_lists_show_it(plan: str, office: User):
    task = assign(office, "Báo cáo tiến độ giải ngân")
    number = str(task.pk)
    assert found(f"#{number}") == {task.pk}
    assert task.pk in found(number) and found(number) >= like(number)
    assert found("#999999999") == set()
    # Among the tasks the user sees only: another unit's task is not found by its number.
    commune = User.objects.get(username="dongdang")
    hidden = Task.objects.exclude(pk__in=visible_tasks(commune).values("pk")).first()
    assert hidden is not None
    assert not matching(visible_tasks(commune), f"#{hidden.pk}").exists()
