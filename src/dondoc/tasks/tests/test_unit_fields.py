"""Every unit field of the tasks' forms (the list's filters, the figures' form, the task form, the
change of lead unit) takes a unit by code, key or name as typed, as of the form's day, and draws
the unit picker (organisations/forms.py UnitField, views.pick)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.core.dates import today
from dondoc.organisations.models import Unit
from dondoc.tasks.forms import ChangeLeadForm, TaskForm
from dondoc.tasks.listing import task_listing
from dondoc.tasks.models import Task
from dondoc.tasks.stats import task_stats
from dondoc.tasks.stats_form import StatsForm

pytestmark = pytest.mark.django_db

SUMMER_2020 = "19/06/2020"
AMBIGUOUS = "Văn phòng HĐND và UBND"  # the short name of every district's office


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def user(name: str) -> User:
    return User.objects.get(username=name)


def task_data(**fields: Any) -> dict[str, Any]:
    return {
        "title": "Rà soát danh mục dự án",
        "assigned_on": today().strftime("%d/%m/%Y"),
        "assigned_by": "chairman",
        "source": "directive",
        "field": "economy",
        "urgency": "normal",
        **fields,
    }


@pytest.mark.parametrize("lead", ["Sở Tài chính", "so tai chinh tinh lang son", "so-tai-chinh"])
def test_the_task_form_takes_a_lead_unit_by_name_as_typed_or_by_code(lead):
    form = TaskForm(task_data(lead_unit=lead), assigner=unit("lang-son"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["lead_unit"] == unit("so-tai-chinh")


def test_the_task_form_takes_the_id_its_picker_sends():
    form = TaskForm(task_data(lead_unit=str(unit("so-tai-chinh").pk)), assigner=unit("lang-son"))
    assert form.is_valid(), form.errors


def test_the_task_form_reads_a_name_among_the_units_of_the_day_of_assignment():
    lang_son = unit("lang-son")
    form = TaskForm(
        task_data(lead_unit="UBND huyện Cao Lộc", assigned_on=SUMMER_2020), assigner=lang_son
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["lead_unit"] == unit("cao-loc")
    assert form.fields["lead_unit"].day == dt.date(2020, 6, 19)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (AMBIGUOUS, f"Có nhiều đơn vị trùng tên “{AMBIGUOUS}”, hãy chọn trong danh sách."),
        ("Sở Không Có", "Không tìm thấy đơn vị “Sở Không Có”."),
        ("lang-son", "Không chọn được UBND tỉnh Lạng Sơn ở đây."),  # the assigner itself
        ("a\x00b", "Có ký tự không hợp lệ"),
    ],
)
def test_the_task_form_explains_a_lead_unit_it_cannot_take(typed, message):
    form = TaskForm(task_data(lead_unit=typed, assigned_on=SUMMER_2020), assigner=unit("lang-son"))
    assert not form.is_valid()
    assert str(form.errors["lead_unit"][0]).startswith(message)


def test_coordinating_units_are_taken_by_name_and_code_without_the_assigner():
    lang_son = unit("lang-son")
    form = TaskForm(
        task_data(lead_unit="so-tai-chinh", coordinating_units=["Sở Tư pháp", "so-noi-vu"]),
        assigner=lang_son,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["coordinating_units"] == [unit("so-tu-phap"), unit("so-noi-vu")]
    itself = TaskForm(
        task_data(lead_unit="so-tai-chinh", coordinating_units=["so-noi-vu", "lang-son"]),
        assigner=lang_son,
    )
    assert not itself.is_valid()
    assert itself.errors["coordinating_units"] == ["Không chọn được UBND tỉnh Lạng Sơn ở đây."]


def test_the_task_page_draws_pickers_for_the_units_under_the_assigner(client_as):
    page = client_as("sotaichinh").get(reverse("tasks:create")).content.decode()
    lead = re.search(r'role="combobox"[^>]*id="id_lead_unit"[^>]*hx-get="([^"]+)"', page)
    assert lead is not None
    url = lead.group(1).replace("&amp;", "&")
    assert "trong=so-tai-chinh" in url and "bo=so-tai-chinh" in url and "khoa=id" in url
    assert 'data-day-inputs="id_assigned_on"' in page
    coordinating = re.search(r'id="id_coordinating_units"[^>]*hx-get="([^"]+)"', page)
    assert coordinating is not None and "trong=lang-son&amp;bo=so-tai-chinh" in coordinating[1]
    # The department has no sub-unit: nothing to offer, not even itself.
    assert 'data-value="' not in client_as("sotaichinh").get(f"{url}&q=tai+chinh").content.decode()
    province = client_as("vanphong").get(reverse("tasks:create")).content.decode()
    lead = re.search(r'role="combobox"[^>]*id="id_lead_unit"[^>]*hx-get="([^"]+)"', province)
    assert lead is not None
    offered = client_as("vanphong").get(lead[1].replace("&amp;", "&") + "&q=lang+son")
    ids = [int(pk) for pk in re.findall(r'data-value="(\d+)"', offered.content.decode())]
    lang_son = unit("lang-son")
    assert ids and lang_son.pk not in ids
    assert all(u.is_within(lang_son) for u in Unit.objects.filter(pk__in=ids))


def test_a_task_is_assigned_by_typed_names(client_as):
    client = client_as("vanphong")
    response = client.post(
        reverse("tasks:create"),
        task_data(lead_unit="Sở Tài chính", coordinating_units=["Sở Tư pháp"]),
    )
    assert response.status_code == 302
    task = Task.objects.order_by("-pk").first()
    assert task is not None and task.current_lead_unit == unit("so-tai-chinh")
    assert list(task.coordinating_units.all()) == [unit("so-tu-phap")]


def test_a_form_with_an_error_shows_the_chosen_units_by_name(client_as):
    page = client_as("vanphong").post(
        reverse("tasks:create"),
        task_data(lead_unit=str(unit("so-tai-chinh").pk), coordinating_units=["so-tu-phap"],
                  title=""),
    ).content.decode()  # fmt: skip
    assert 'value="Sở Tài chính tỉnh Lạng Sơn"' in page
    assert f'data-unit-value value="{unit("so-tai-chinh").pk}"' in page
    assert re.search(rf'value="{unit("so-tu-phap").pk}" checked> Sở Tư pháp tỉnh Lạng Sơn', page)


def test_the_change_of_lead_takes_a_unit_by_name_under_the_assigner():
    task = Task.objects.filter(
        assigner__code="lang-son", current_lead_unit__code="so-tai-chinh"
    ).first()
    assert task is not None
    form = ChangeLeadForm(
        {"version": task.version, "unit": "Sở Tư pháp", "text": "Đúng chức năng"}, task=task
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == unit("so-tu-phap")
    wrong = ChangeLeadForm({"version": task.version, "unit": "lang-son", "text": "x"}, task=task)
    assert not wrong.is_valid() and "unit" in wrong.errors


def listed(name: str, params: dict[str, str]) -> list[int]:
    return list(task_listing(user=user(name), params=params).tasks.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("by_code", "by_name"),
    [
        ({"chu_tri": "cao-loc"}, {"chu_tri": "UBND huyện Cao Lộc"}),
        ({"giao": "lang-son"}, {"giao": "ubnd tinh lang son"}),
        ({"phoi_hop": "so-tai-chinh"}, {"phoi_hop": "Sở Tài chính"}),
    ],
)
def test_the_list_filters_take_a_name_and_list_what_the_code_lists(by_code, by_name):
    day = {"ngay": SUMMER_2020}
    for name in ("vanphong", "canbo.caoloc"):
        tasks = listed(name, {**by_code, **day})
        assert tasks == listed(name, {**by_name, **day})
    assert listed("vanphong", {**by_code, **day})


def test_a_list_filter_names_a_unit_on_the_lists_day_and_shows_it_by_name(client_as):
    ambiguous = task_listing(user=user("vanphong"), params={"chu_tri": AMBIGUOUS})
    assert ambiguous.errors and "trùng tên" in ambiguous.errors[0]
    page = client_as("vanphong").get(reverse("tasks:list"), {"chu_tri": "cao-loc"})
    html = page.content.decode()
    assert 'value="Ủy ban nhân dân huyện Cao Lộc"' in html
    assert 'data-unit-value value="cao-loc"' in html
    assert 'data-day-inputs="id_ngay"' in html


def test_the_figures_form_takes_names_on_the_reports_day_and_counts_as_with_codes():
    period = {"tu": "01/01/2020", "den": "30/06/2020"}
    by_code = StatsForm({**period, "ngay": SUMMER_2020, "giao": "lang-son", "don_vi": "cao-loc"})
    # No day of figures: the report's end names the units (Cao Lộc ended on 30/06/2025).
    by_name = StatsForm({**period, "giao": "UBND tỉnh Lạng Sơn", "don_vi": "UBND huyện Cao Lộc"})
    assert by_code.is_valid() and by_name.is_valid(), by_name.errors
    assert by_name.cleaned_data["don_vi"] == unit("cao-loc")
    named = by_name.query()
    coded = by_code.query()
    assert (named.assigner, named.unit) == (coded.assigner, coded.unit)
    same_day = StatsForm({**period, "ngay": SUMMER_2020, "giao": "UBND tỉnh Lạng Sơn",
                          "don_vi": "UBND huyện Cao Lộc"})  # fmt: skip
    assert same_day.is_valid()
    assert task_stats(same_day.query()).as_json() == task_stats(coded).as_json()


def test_the_figures_form_offers_a_unit_user_its_own_units_and_the_committees_above(client_as):
    form = StatsForm({"tu": "01/01/2020", "den": "30/06/2020"}, user=user("canbo.caoloc"))
    giao = form["giao"].as_widget()
    don_vi = form["don_vi"].as_widget()
    assert "trong=cao-loc&amp;tren=1" in giao and "loai=district" in giao
    assert "trong=cao-loc" in don_vi and "tren" not in don_vi
    refused = client_as("canbo.caoloc").get(
        reverse("tasks:stats"),
        {"giao": "lang-son", "don_vi": "trang-dinh", "tu": "01/01/2020", "den": "30/06/2020"},
    )
    assert refused.status_code == 403


def test_the_figures_page_shows_its_units_by_name(client_as):
    page = client_as("vanphong").get(
        reverse("tasks:stats"),
        {"giao": "lang-son", "don_vi": "cao-loc", "tu": "01/01/2020", "den": "30/06/2020",
         "ngay": SUMMER_2020},
    ).content.decode()  # fmt: skip
    assert 'value="Ủy ban nhân dân huyện Cao Lộc"' in page
    assert 'data-day-inputs="id_ngay id_den"' in page
