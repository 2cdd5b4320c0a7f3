from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.core.htmx import is_htmx
from dondoc.organisations.access import can_view_unit, get_unit_for_user, scope_root, tree_root
from dondoc.organisations.forms import TreeFilterForm
from dondoc.organisations.selectors import unit_tree


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
