from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.accounts.models import Role, User
from dondoc.core.dates import today
from dondoc.core.htmx import is_htmx
from dondoc.core.http import NotFound
from dondoc.core.submissions import Resubmitted
from dondoc.organisations import reorganisation
from dondoc.organisations.access import (
    can_view_unit,
    get_unit_for_user,
    scope_root,
    tree_bounds,
    tree_root,
)
from dondoc.organisations.forms import PickForm, ReorganiseForm, TreeFilterForm, rows_to_text
from dondoc.organisations.models import Reorganisation, Unit
from dondoc.organisations.reorganisation import Plan, PlanRefused, Preview, Problems, problem_lines
from dondoc.organisations.selectors import search_units, unit_tree


def tree(request: AuthenticatedRequest) -> HttpResponse:
    form = TreeFilterForm(request.GET)
    as_of, query = form.as_of(), form.query()
    units = unit_tree(as_of=as_of, root=tree_root(request.user)).search(query)
    scope = scope_root(request.user)
    rows = [(unit, scope is None or unit.is_within(scope)) for unit in units]
    template = "organisations/_tree_rows.html" if is_htmx(request) else "organisations/tree.html"
    context = {"form": form, "rows": rows, "as_of": as_of, "query": query}
    context["may_reorganise"] = _may(request.user)
    return render(request, template, context)


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


# --- Reorganisations ----------------------------------------------------------------------------


def _may(user: User) -> bool:
    """Administrators, and the office of a committee that exists today."""
    if user.is_admin or user.is_superuser:
        return True
    return user.role == Role.OFFICE and user.unit is not None and user.unit.is_valid_on(today())


def _may_reorganise(user: User) -> None:
    """Administrators and committee offices record reorganisations (within their scope; the
    office of a committee that has ended records none)."""
    if not _may(user):
        raise PermissionDenied(
            _("Chỉ quản trị hệ thống và Văn phòng UBND được ghi nhận sắp xếp tổ chức.")
        )


def _uploaded_plan(form: ReorganiseForm) -> tuple[Plan | None, Problems]:
    upload = form.cleaned_data["tep"]
    suffix = Path(upload.name or "").suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        return reorganisation.plan_from_file(Path(copy.name), name=upload.name)


@require_http_methods(["GET", "POST"])
def reorganise(request: AuthenticatedRequest) -> HttpResponse:
    """Enter a reorganisation, preview what moves (choosing, in bulk, the successor of each task
    of a split unit), then apply it in one step."""
    _may_reorganise(request.user)
    form = ReorganiseForm(request.POST or None, request.FILES or None)
    shown: Preview | None = None
    found: Problems = {}
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["tep"]:
            plan, found = _uploaded_plan(form)
            if plan is not None and not found:
                form = _redrawn(request, plan)
        if not found and form.is_valid():
            plan = form.plan()
            chosen = request.POST.get("chon", "")
            if chosen:
                tasks = [t.split(":", 1)[1] for t in request.POST.getlist("nhiem_vu") if t.startswith(f"{chosen}:")]  # fmt: skip
                plan = plan.with_choices(chosen, request.POST.get(f"den_{chosen}", ""), tasks)
                form = _redrawn(request, plan)
            elif request.POST.get("ap_dung"):
                return _apply(request, plan, form)
            shown, found = reorganisation.preview(plan, actor=request.user)
    return _page(request, form, shown, found)


def _page(
    request: AuthenticatedRequest, form: ReorganiseForm, shown: Preview | None, found: Problems
) -> HttpResponse:
    context = {
        "form": form,
        "preview": shown,
        "problems": problem_lines(found),
        "recent": Reorganisation.objects.select_related("recorded_by")[:10],
        "columns": reorganisation.COLUMNS,
    }
    template = "organisations/_reorganise.html" if is_htmx(request) else "organisations/reorganise.html"  # fmt: skip
    return render(request, template, context)


def _redrawn(request: AuthenticatedRequest, plan: Plan) -> ReorganiseForm:
    """The form drawn again with `plan` (read from a file, or with the user's choices added)."""
    data = request.POST.copy()
    data["ngay"] = f"{plan.on:%d/%m/%Y}"
    data["van_ban"] = plan.decision
    data["ghi_chu"] = plan.note
    data["phuong_an"] = rows_to_text(plan.rows)
    form = ReorganiseForm(data)
    form.is_valid()
    return form


def _apply(request: AuthenticatedRequest, plan: Plan, form: ReorganiseForm) -> HttpResponse:
    try:
        done = reorganisation.apply(plan, actor=request.user, submission=form.cleaned_data["key"])
    except Resubmitted as again:  # a second click: the first one's result
        done = again.result
    except PlanRefused as error:
        return _page(request, form, None, error.problems)
    url = reverse("units:reorganisation", args=[done.pk])
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def reorganisation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """What a reorganisation did: the units that ended, the tasks and people handed over."""
    _may_reorganise(request.user)
    done = Reorganisation.objects.select_related("recorded_by").filter(pk=pk).first()
    links = list(done.links.select_related("predecessor", "successor")) if done else []
    if done is None or not all(can_view_unit(request.user, link.predecessor) for link in links):
        raise NotFound(_("Không tìm thấy lần sắp xếp tổ chức này."))
    handovers = done.handovers.select_related("from_unit", "to_unit", "task", "user")
    context = {"done": done, "links": links, "handovers": handovers}
    return render(request, "organisations/reorganisation.html", context)


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
    units = units.exclude(form.left_out())
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
