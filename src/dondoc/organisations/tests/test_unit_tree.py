from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from dondoc.organisations.models import Unit, UnitKind
from dondoc.organisations.selectors import committee_of, subunits, unit_tree

pytestmark = pytest.mark.django_db

BEFORE_REFORM = dt.date(2025, 6, 30)
AFTER_REFORM = dt.date(2025, 7, 1)


def codes(units) -> set[str]:
    return {unit.code for unit in units}


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def test_a_districts_subunits_before_the_reform_are_its_divisions_and_communes():
    found = codes(subunits(unit("cao-loc"), as_of=dt.date(2020, 6, 19), include_self=False))
    assert {"cao-loc-van-phong", "cao-loc-noi-vu", "cao-loc-tt-dong-dang"} <= found
    assert not any(code.startswith("trang-dinh") for code in found)
    assert "xa-dong-dang" not in found  # the post-reform commune is not Cao Lộc's


def test_a_district_has_no_subunits_after_it_was_abolished():
    assert list(subunits(unit("cao-loc"), as_of=AFTER_REFORM)) == []
    assert codes(subunits(unit("cao-loc"), as_of=BEFORE_REFORM)) >= {"cao-loc"}


def test_the_tree_on_the_last_day_of_districts_has_all_eleven_and_no_new_commune():
    tree = list(unit_tree(as_of=BEFORE_REFORM))
    districts = [u for u in tree if u.kind in (UnitKind.DISTRICT, UnitKind.CITY)]
    assert len(districts) == 11
    assert "xa-dong-dang" not in codes(tree)


def test_the_tree_from_1_july_2025_has_communes_under_the_province_and_no_district():
    tree = list(unit_tree(as_of=AFTER_REFORM))
    assert not [u for u in tree if u.kind in (UnitKind.DISTRICT, UnitKind.CITY)]
    dong_dang = next(u for u in tree if u.code == "xa-dong-dang")
    assert dong_dang.parent is not None and dong_dang.parent.code == "lang-son"
    assert not any(code.startswith("cao-loc") for code in codes(tree))


def test_merged_departments_give_way_to_their_successors_on_1_march_2025():
    before = codes(unit_tree(as_of=dt.date(2025, 2, 28)))
    after = codes(unit_tree(as_of=dt.date(2025, 3, 1)))
    assert "so-ke-hoach-dau-tu" in before and "so-ke-hoach-dau-tu" not in after
    assert "so-nong-nghiep-moi-truong" in after and "so-nong-nghiep-moi-truong" not in before
    assert unit("so-tai-nguyen-moi-truong").successor == unit("so-nong-nghiep-moi-truong")


def test_the_tree_lists_parents_before_their_children():
    seen: set[int] = set()
    for each in unit_tree(as_of=dt.date(2020, 6, 19)):
        assert each.parent_id is None or each.parent_id in seen
        seen.add(each.pk)


def test_each_tree_question_is_one_query_whatever_the_tree_size():
    province = unit("lang-son")
    with CaptureQueriesContext(connection) as queries:
        list(subunits(province, as_of=dt.date(2020, 6, 19)))
        tree = list(unit_tree(as_of=dt.date(2020, 6, 19)))
        [each.parent for each in tree]
    assert len(queries) == 2


def test_a_unit_is_found_by_its_name_without_diacritics():
    found = codes(Unit.objects.search("cao loc").valid_on(AFTER_REFORM))
    assert found == {"xa-cao-loc"}
    assert "dinh-lap" in codes(Unit.objects.search("ĐINH LAP"))


def test_committee_of_an_office_is_the_committee_it_serves():
    assert committee_of(unit("van-phong-ubnd-tinh")) == unit("lang-son")
    assert committee_of(unit("cao-loc-van-phong")) == unit("cao-loc")
    assert committee_of(unit("cao-loc")) == unit("cao-loc")


def test_moving_a_unit_moves_its_whole_subtree():
    division = unit("cao-loc-noi-vu")
    child = Unit.objects.create(
        code="to-cong-tac-noi-vu",
        name="Tổ công tác",
        short_name="Tổ công tác",
        kind=UnitKind.DIVISION,
        parent=division,
        valid_to=BEFORE_REFORM,
    )
    division.parent = unit("trang-dinh")
    division.save()
    child.refresh_from_db()
    assert child.is_within(unit("trang-dinh"))
    assert not child.is_within(unit("cao-loc"))
    assert "to-cong-tac-noi-vu" in codes(subunits(unit("trang-dinh"), as_of=dt.date(2020, 1, 1)))


def test_a_unit_cannot_outlive_its_parent():
    orphan = Unit(
        code="xa-moi",
        name="UBND xã Mới",
        short_name="Xã Mới",
        kind=UnitKind.COMMUNE,
        parent=unit("cao-loc"),
        valid_from=dt.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError, match="nằm trong thời gian hiệu lực của đơn vị cấp trên"):
        orphan.full_clean()


def test_a_unit_cannot_be_placed_under_its_own_subunit():
    district = unit("cao-loc")
    district.parent = unit("cao-loc-noi-vu")
    with pytest.raises(ValidationError, match="dưới chính nó"):
        district.full_clean()


def test_the_database_refuses_a_validity_that_ends_before_it_starts():
    broken = Unit(
        code="sai-ngay",
        name="Sai",
        short_name="Sai",
        kind=UnitKind.DEPARTMENT,
        valid_from=dt.date(2025, 1, 2),
        valid_to=dt.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError, match="Ngày hết hiệu lực phải sau"):
        broken.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        broken.save()
