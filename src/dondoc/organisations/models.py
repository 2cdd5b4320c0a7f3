"""The organisation tree: the provincial committee, its departments, districts, communes, divisions.

The tree is data that changes over time (districts were abolished on 1 July 2025, communes merged),
so a unit is never re-parented or renamed in place: it has a validity period, and a reorganisation
ends it and starts its successor. Every question about the tree is asked "as of" a date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dondoc.core.text import fold

# Each unit's path is its ancestors' ids and its own, fixed-width and each followed by a dot, so
# "X and everything under X" is the index range [X.path, X.path with its last dot raised by one).
PATH_DIGITS = 8
PATH_SEPARATOR = "."
_PATH_SEPARATOR_NEXT = chr(ord(PATH_SEPARATOR) + 1)


def within_q(field: str, unit: Unit) -> Q:
    """Rows whose unit in `field` (a foreign key to Unit) is `unit` or lies under it."""
    return Q(**{f"{field}__path__gte": unit.path, f"{field}__path__lt": unit.path_upper_bound})


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("UBND tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("UBND huyện")
    CITY = "city", _("UBND thành phố")
    COMMUNE = "commune", _("UBND xã, phường, thị trấn")
    DIVISION = "division", _("Phòng, ban chuyên môn")
    OFFICE = "office", _("Văn phòng")

    @classmethod
    def committees(cls) -> tuple[UnitKind, ...]:
        """Kinds that are people's committees: they assign tasks and have an office that follows up."""
        return (cls.PROVINCE, cls.DISTRICT, cls.CITY, cls.COMMUNE)


def search_words(text: str) -> list[str]:
    """The folded words of a search: "UBND huyện Cao-Lộc" → ubnd, huyen, cao, loc (a code's
    hyphens separate words, as they do in Unit.search_name)."""
    return [word for word in re.split(r"[\s\-,;.()]+", fold(text)) if word]


def _kind_words() -> dict[str, set[str]]:
    """Each kind's label as folded words, in Vietnamese and in the page's language, so that a
    search for "ngành Tài chính" finds the department whose own name says only "Sở Tài chính"."""
    words: dict[str, set[str]] = {}
    for kind in UnitKind:
        with translation.override("vi"):
            vietnamese = str(kind.label)
        words[kind.value] = set(search_words(f"{vietnamese} {kind.label}"))
    return words


class UnitQuerySet(models.QuerySet["Unit"]):
    def valid_on(self, day: dt.date) -> UnitQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def within(self, unit: Unit) -> UnitQuerySet:
        """`unit` and every unit under it, at any date (a range scan on the path index)."""
        return self.filter(
            path__gte=unit.path, path__lt=unit.path_upper_bound
        )  # within_q, on itself

    def search(self, text: str) -> UnitQuerySet:
        """Units whose name, short name, code or kind holds every word of `text`, ignoring case
        and diacritics: "UBND huyện Cao Lộc", "cao loc" and "cao-loc" all find Cao Lộc."""
        units = self
        kinds = _kind_words()
        for word in search_words(text):
            by_kind = [kind for kind, labels in kinds.items() if word in labels]
            units = units.filter(Q(search_name__contains=word) | Q(kind__in=by_kind))
        return units


class Unit(models.Model):
    """A unit of the administration: it assigns tasks, leads them, coordinates on them."""

    code = models.SlugField(
        _("mã"),
        max_length=64,
        unique=True,
        help_text=_("Mã không dấu, không đổi và không dùng lại, ví dụ cao-loc."),
    )
    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế nhiệm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("Đơn vị tiếp nhận nhiệm vụ khi đơn vị này bị sáp nhập hoặc giải thể."),
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    # Derived on save; see PATH_DIGITS and fold().
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    search_name = models.CharField(max_length=400, editable=False, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("id")),
                name="unit_not_own_successor",
                violation_error_message=_("Một đơn vị không thể kế nhiệm chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @transaction.atomic
    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, keeping the derived path and search name true, for this unit and its subtree."""
        self.search_name = fold(f"{self.name} {self.short_name} {self.code.replace('-', ' ')}")
        old_path = self.path
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {}
        parent_path = self.parent.path if self.parent is not None else ""
        self.path = f"{parent_path}{self.pk:0{PATH_DIGITS}d}{PATH_SEPARATOR}"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            Unit.objects.filter(
                path__gt=old_path, path__lt=old_path[:-1] + _PATH_SEPARATOR_NEXT
            ).update(path=Concat(Value(self.path), Substr("path", len(old_path) + 1)))

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEPARATOR) - 1

    @property
    def path_upper_bound(self) -> str:
        return self.path[:-1] + _PATH_SEPARATOR_NEXT

    @property
    def is_committee(self) -> bool:
        return self.kind in UnitKind.committees()

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def is_within(self, other: Unit) -> bool:
        """Whether this unit is `other` or lies under it."""
        return self.path.startswith(other.path)

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit, read from the path without a query."""
        return [int(part) for part in self.path.split(PATH_SEPARATOR) if part]

    def clean(self) -> None:
        super().clean()
        parent = self.parent
        if parent is None:
            return
        if self.pk is not None and parent.is_within(self):
            raise ValidationError(
                {"parent": _("Không thể đặt đơn vị dưới chính nó hoặc đơn vị cấp dưới của nó.")}
            )
        starts_before = parent.valid_from and (
            self.valid_from is None or self.valid_from < parent.valid_from
        )
        ends_after = parent.valid_to and (self.valid_to is None or self.valid_to > parent.valid_to)
        if starts_before or ends_after:
            raise ValidationError(
                _(
                    "Thời gian hiệu lực của đơn vị phải nằm trong thời gian hiệu lực của đơn vị cấp trên (%(parent)s)."
                )
                % {"parent": parent.short_name}
            )
