"""The unit picker (views.pick): the units a unit field offers for what is typed, as of the form's
day, within what the field takes and the tree its user browses."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from dondoc.organisations.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

OPTION = re.compile(r'role="option" aria-selected="false" data-value="([^"]+)"')
SUMMER_2020 = "19/06/2020"


def offered(client, **params) -> list[str]:
    response = client.get(reverse("units:pick"), params)
    assert response.status_code == 200
    return OPTION.findall(response.content.decode())


@pytest.mark.parametrize("typed", ["cao loc", "UBND huyện Cao Lộc", "Cao Lộc", "cao-loc"])
def test_cao_loc_is_found_by_its_name_with_or_without_diacritics_and_by_its_code(client_as, typed):
    found = offered(client_as("vanphong"), q=typed, ngay=SUMMER_2020)
    assert "cao-loc" in found
    if typed in ("UBND huyện Cao Lộc", "cao-loc"):
        assert found[0] == "cao-loc"  # an exact short name or code comes first


def test_a_search_matches_word_by_word_and_by_the_kind_of_unit(client_as):
    client = client_as("vanphong")
    assert "cao-loc" in offered(client, q="Cao Lộc UBND huyện", ngay=SUMMER_2020)
    # "ngành" and "chuyên môn" are in no unit's name, only in its kind's label.
    assert "so-tai-chinh" in offered(client, q="ngành Tài chính")
    assert offered(client, q="chuyên môn Nội vụ Cao Lộc", ngay=SUMMER_2020) == ["cao-loc-noi-vu"]
    assert offered(client, q="ngành Nội vụ Cao Lộc", ngay=SUMMER_2020) == []


def test_the_units_offered_are_those_that_existed_on_the_day(client_as):
    client = client_as("vanphong")
    assert "cao-loc" in offered(client, q="cao loc", ngay=SUMMER_2020)
    assert "cao-loc" not in offered(client, q="cao loc")  # today: the districts have ended
    assert "xa-cao-loc" in offered(client, q="cao loc")
    assert "xa-dong-dang" not in offered(client, q="dong dang", ngay=SUMMER_2020)
    assert "xa-dong-dang" in offered(client, q="dong dang", ngay="01/07/2025")


def test_an_ended_unit_says_until_when_it_existed(client_as):
    html = client_as("vanphong").get(reverse("units:pick"), {"q": "cao-loc", "ngay": SUMMER_2020})
    text = html.content.decode()
    assert "UBND huyện" in text and "UBND tỉnh Lạng Sơn" in text  # its kind and parent
    assert "đến 30/06/2025" in text


def test_the_scope_in_the_address_limits_the_units_and_the_key(client_as):
    client = client_as("vanphong")
    cao_loc = Unit.objects.get(code="cao-loc")
    under = offered(client, trong="cao-loc", bo="cao-loc", khoa="id", ngay=SUMMER_2020)
    assert under and str(cao_loc.pk) not in under
    units = Unit.objects.filter(pk__in=[int(pk) for pk in under])
    assert all(unit.is_within(cao_loc) for unit in units)
    committees = offered(client, trong="cao-loc", tren="1", loai=list(UnitKind.committees()))
    assert "lang-son" in committees and "so-tai-chinh" not in committees
    assert offered(client, trong="khong-co-don-vi-nay") == []


def test_a_unit_chosen_in_another_field_is_not_offered(client_as):
    """The task form's coordinating picker leaves out the lead unit chosen (its key, `bo_khoa`)."""
    client = client_as("vanphong")
    finance = Unit.objects.get(code="so-tai-chinh")
    by_id = offered(client, q="so tai chinh", khoa="id")
    assert str(finance.pk) in by_id
    assert str(finance.pk) not in offered(client, q="so tai chinh", khoa="id", bo_khoa=finance.pk)
    assert "so-tai-chinh" in offered(client, q="tai chinh")
    assert "so-tai-chinh" not in offered(client, q="tai chinh", bo_khoa="so-tai-chinh")


@pytest.fixture
def other_province():
    top = Unit.objects.create(
        code="cao-bang", name="Ủy ban nhân dân tỉnh Cao Bằng", short_name="UBND tỉnh Cao Bằng",
        kind=UnitKind.PROVINCE,
    )  # fmt: skip
    Unit.objects.create(
        code="cao-bang-so-tai-chinh", name="Sở Tài chính tỉnh Cao Bằng", short_name="Sở Tài chính",
        kind=UnitKind.DEPARTMENT, parent=top,
    )  # fmt: skip
    return top


@pytest.mark.usefixtures("other_province")
def test_no_address_offers_a_unit_outside_the_tree_the_user_browses(client_as):
    for user in ("canbo.caoloc", "vanphong", "sotaichinh"):
        client = client_as(user)
        assert "cao-bang-so-tai-chinh" not in offered(client, q="so tai chinh")
        assert offered(client, trong="cao-bang") == []
        assert "lang-son" in offered(client, q="lang son")  # the province they belong to
    assert "cao-bang-so-tai-chinh" in offered(client_as("quantri"), q="so tai chinh")


def test_few_units_are_offered_at_once_with_a_word_to_type_more(client_as):
    html = client_as("vanphong").get(reverse("units:pick")).content.decode()
    assert len(OPTION.findall(html)) == 20
    assert "Còn nữa: hãy gõ thêm để thu hẹp." in html


@pytest.mark.parametrize(
    "params",
    [
        {"ngay": "31/02/2020"},
        {"trong": "x y"},
        {"loai": "planet"},
        {"q": "a\x00b"},
        {"bo": "-?"},
        {"bo_khoa": "so-tai-chinh", "khoa": "id"},
        {"bo_khoa": "x y"},
    ],
)
def test_bad_parameters_are_a_clear_refusal(client_as, params):
    response = client_as("vanphong").get(reverse("units:pick"), params)
    assert response.status_code == 400
    assert 'class="list-group-item small text-danger"' in response.content.decode()


def test_the_tree_page_finds_units_word_by_word_as_the_picker_does(client_as):
    page = client_as("vanphong").get(
        reverse("units:tree"), {"q": "UBND huyện Cao Lộc", "ngay": SUMMER_2020}
    )
    codes = [unit.code for unit, _mine in page.context["rows"]]
    assert codes[0] == "cao-loc" and all("cao-loc" in code for code in codes)
