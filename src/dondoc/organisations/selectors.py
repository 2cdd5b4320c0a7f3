"""Reads of the organisation tree. Each question is one query, whatever the size of the tree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from dondoc.core.text import fold
from dondoc.organisations.models import (
    PATH_DIGITS,
    PATH_SEPARATOR,
    ReorganisationLink,
    Unit,
    UnitKind,
    UnitQuerySet,
)

_COMMITTEE_CACHE = "_dondoc_committee"


def subunits(unit: Unit, *, as_of: dt.date, include_self: bool = True) -> UnitQuerySet:
    """The units under `unit` (at any depth) that exist on `as_of`, in tree order."""
    units = Unit.objects.within(unit).valid_on(as_of)
    return units if include_self else units.exclude(pk=unit.pk)


def unit_tree(*, as_of: dt.date, root: Unit | None = None) -> UnitQuerySet:
    """Every unit that exists on `as_of` (under `root` when given), in tree order (parents first)."""
    units = Unit.objects.valid_on(as_of)
    if root is not None:
        units = units.within(root)
    return units.select_related("parent").order_by("path")


def committee_of(unit: Unit) -> Unit:
    """The people's committee that `unit` is or belongs to: the nearest committee on its path.

    Falls back to the root of the unit's tree when no ancestor is a committee.
    """
    if unit.is_committee:
        return unit
    # Kept on the instance: a request asks it several times of the user's unit (the scope, the
    # unit one acts for, whether one may assign).
    if not hasattr(unit, _COMMITTEE_CACHE):
        ancestors = Unit.objects.filter(pk__in=unit.ancestor_ids()).order_by("-path")
        committee = ancestors.filter(kind__in=UnitKind.committees()).first()
        setattr(unit, _COMMITTEE_CACHE, committee or ancestors.last() or unit)
    return getattr(unit, _COMMITTEE_CACHE)


@dataclass(frozen=True)
class UnitScope:
    """Which units a unit field may take: those under `within` (all when None), and with `above`
    its ancestors too, of the `kinds` given (any when empty), but not those in `exclude` (codes).

    The field that takes a unit (organisations/forms.py UnitField) and the picker that offers
    units for it (views.pick) read the same scope, so what is offered is what is accepted. The
    scope travels in the picker's address as plain parameters (`as_params`); the picker further
    limits it to the tree its user browses, so no address can widen what a user is offered.
    """

    within: Unit | None = None
    above: bool = False
    kinds: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def units(self, *, tree: Unit | None = None) -> UnitQuerySet:
        """The units of the scope, at any date; only those under `tree` when given."""
        units = Unit.objects.all()
        if tree is not None:
            units = units.within(tree)
        if self.within is not None:
            top = self.within
            under = Q(path__gte=top.path, path__lt=top.path_upper_bound)
            units = units.filter(under | Q(pk__in=top.ancestor_ids()) if self.above else under)
        if self.kinds:
            units = units.filter(kind__in=self.kinds)
        if self.exclude:
            units = units.exclude(code__in=self.exclude)
        return units

    def as_params(self) -> list[tuple[str, str]]:
        """The scope as the picker's query parameters (views.pick reads them back)."""
        params = [("trong", self.within.code)] if self.within is not None else []
        params += [("tren", "1")] if self.above else []
        params += [("loai", kind) for kind in self.kinds]
        return params + [("bo", code) for code in self.exclude]


def tree_of(unit: Unit) -> Unit:
    """The root of the tree `unit` is in (its province), drawn from its path without a query:
    enough to ask what lies under it (`within`), not to show it."""
    top = unit.ancestor_ids()[0]
    return Unit(pk=top, path=f"{top:0{PATH_DIGITS}d}{PATH_SEPARATOR}")


def search_units(units: UnitQuerySet, text: str) -> UnitQuerySet:
    """`units` that `text` finds (UnitQuerySet.search): an exact code or name first, then in
    tree order."""
    text = text.strip()
    exact = Q(code=text.lower()) | Q(name__iexact=text) | Q(short_name__iexact=text)
    first = Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField())
    return units.search(text).order_by(first, "path")


def units_named(units: UnitQuerySet, text: str) -> list[Unit]:
    """The units of `units` whose name or short name is `text`, ignoring case and diacritics."""
    folded = fold(text)
    if not folded:
        return []
    return [
        unit
        for unit in units.filter(search_name__contains=folded)
        if folded in (fold(unit.name), fold(unit.short_name))
    ]


def successors(unit: Unit) -> list[Unit]:
    """The units that took over from `unit` when it ended: those of its reorganisation (several
    for a split), or the successor it names; none when it was dissolved or has not ended."""
    links = ReorganisationLink.objects.filter(predecessor=unit).select_related("successor")
    found = [link.successor for link in links if link.successor is not None]
    return found or ([unit.successor] if unit.successor else [])
