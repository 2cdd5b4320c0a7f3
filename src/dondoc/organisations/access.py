"""Who may see which unit. Every view and API endpoint that takes a unit goes through here.

A user sees the subtree of their *scope*: their own unit for unit heads and officers; the whole
committee for the committee office, its leaders and its working group; everything for an
administrator. Later object types (tasks, files, reports) build on `scope_root`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from dondoc.accounts.models import Role, User
from dondoc.core.http import NotFound
from dondoc.organisations.models import Unit, UnitQuerySet
from dondoc.organisations.selectors import committee_of, tree_of

_SCOPE_CACHE = "_dondoc_scope_root"


def scope_root(user: User) -> Unit | None:
    """The unit whose subtree `user` may see, or None for an administrator (no limit)."""
    if user.is_admin or user.is_superuser:
        return None
    if not hasattr(user, _SCOPE_CACHE):
        unit = user.unit
        if unit is None:
            raise PermissionDenied(_("Tài khoản của bạn chưa được gắn với đơn vị nào."))
        root = committee_of(unit) if user.role in Role.acting_for_committee() else unit
        setattr(user, _SCOPE_CACHE, root)
    return getattr(user, _SCOPE_CACHE)


def visible_units(user: User) -> UnitQuerySet:
    root = scope_root(user)
    return Unit.objects.all() if root is None else Unit.objects.within(root)


def can_view_unit(user: User, unit: Unit) -> bool:
    root = scope_root(user)
    return root is None or unit.is_within(root)


def get_unit_for_user(user: User, code: str) -> Unit:
    """The unit with `code`, if `user` may see it: 404 when there is none, 403 when it is not theirs.

    Unit names are not secret (the tree page lists them all, to pick coordinating units), so a
    refusal may say so; what lies behind a unit (its people, its tasks) is what this guards.
    """
    unit = Unit.objects.select_related("parent", "successor").filter(code=code).first()
    if unit is None:
        raise NotFound(_("Không có đơn vị mã “%(code)s”.") % {"code": code})
    if not can_view_unit(user, unit):
        raise PermissionDenied(
            _("Bạn không có quyền xem đơn vị %(unit)s.") % {"unit": unit.short_name}
        )
    return unit


def tree_root(user: User) -> Unit | None:
    """The top of the tree a user browses: their province (None for an administrator: all)."""
    root = scope_root(user)
    return None if root is None else Unit.objects.get(pk=root.ancestor_ids()[0])


def tree_bounds(user: User) -> Unit | None:
    """The top of the tree a user browses as tree_root, for asking what lies under it without
    loading it (its id and path only; None for an administrator)."""
    root = scope_root(user)
    return None if root is None else tree_of(root)
