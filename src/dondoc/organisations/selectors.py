"""Reads of the organisation tree. Each question is one query, whatever the size of the tree."""

from __future__ import annotations

import datetime as dt

from dondoc.organisations.models import Unit, UnitKind, UnitQuerySet

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
