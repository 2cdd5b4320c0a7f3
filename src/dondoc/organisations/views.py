from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.core.dates import today
from dondoc.core.htmx import is_htmx
from dondoc.organisations.access import (
    can_view_unit,
    get_unit_for_user,
    scope_root,
    tree_bounds,
    tree_root,
)
from dondoc.organisations.forms import PickForm, TreeFilterForm
from dondoc.organisations.models import Unit
from dondoc.organisations.selectors import search_units, unit_tree


def tree(request: AuthenticatedRequest) -> HttpResponse:
    form = TreeFilterForm(request.GET)
    as_of, query = form.as_of(), form.query()
    units = unit_tree(as_of=as_of, root=tree_root(request.user)).search(query)
    scope = scope_root(request.user)
    rows = [(unit, scope is None or unit.is_within(scope)) for unit in units]
    template = "organisations/_tree_rows.html" if is_htmx(request) else "organisations/tree.html"
    return render(request, template, {"form": form, "rows": rows, "as_of": as_of, "query": query})


def detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, code)
    form = TreeFilterForm(request.GET)
    as_of = form.as_of()
    children = unit.children.valid_on(as_of).order_by("sort_order", "name")
    context = {
        "unit": unit,
        "form": form,
        "as_of": as_of,
        "exists": unit.is_valid_on(as_of),
        "children": children,
        "parent_visible": unit.parent is not None and can_view_unit(request.user, unit.parent),
        "predecessors": unit.predecessors.order_by("name"),
        "members": unit.members.filter(is_active=True).order_by("role", "full_name"),
    }
    return render(request, "organisations/detail.html", context)


PICK_LIMIT = 20  # units the picker offers at once; more ask for a longer search


def pick(request: AuthenticatedRequest) -> HttpResponse:
    """The units a unit field offers for what is typed: those of the field's scope that exist on
    the field's day, within the tree the user browses, as the options of the picker's list."""
    form = PickForm(request.GET)
    if not form.is_valid():
        errors = [message for messages in form.errors.values() for message in messages]
        return render(request, "organisations/_unit_options.html", {"errors": errors}, status=400)
    data = form.cleaned_data
    day = data["ngay"] or today()
    scope = form.scope()
    units = (
        scope.units(tree=tree_bounds(request.user)).valid_on(day) if scope else Unit.objects.none()
    )
    found = list(search_units(units, data["q"]).select_related("parent")[: PICK_LIMIT + 1])
    context = {
        "units": found[:PICK_LIMIT],
        "more": len(found) > PICK_LIMIT,
        "by_id": data["khoa"] == "id",
        "today": today(),
    }
    response = render(request, "organisations/_unit_options.html", context)
    patch_cache_control(response, private=True, max_age=60)
    return response
