from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.core.dates import today
from dondoc.core.forms import add_service_errors, id_or_404
from dondoc.core.pagecache import cached_part
from dondoc.core.paging import PAGE_PARAM, SIZE_PARAM, Paging, paginate
from dondoc.core.submissions import Resubmitted
from dondoc.documents.models import Document
from dondoc.organisations.access import can_view_unit
from dondoc.organisations.selectors import successors
from dondoc.tasks import actions, forms, services
from dondoc.tasks.access import acting_unit, assigner_units, get_task_for_user
from dondoc.tasks.actions import SPECS, Action, Facts
from dondoc.tasks.figures import CLASS_CHOICES
from dondoc.tasks.listing import Listing, task_listing
from dondoc.tasks.models import Task
from dondoc.tasks.search import SearchPaginator
from dondoc.tasks.selectors import chases_of, handed_over, inbox, office_queue, standings
from dondoc.workdays.services import day_off_name, day_off_note

PAGE_SIZE = 50


# What a list row shows (task_tags.task_rows; its status comes from selectors.standings): loading
# only these halves the cost of a page's tasks. A row that reads another column would load it with
# one query per row, which test_the_list_page_runs_a_fixed_number_of_queries catches.
ROW_FIELDS = (
    "title",
    "is_key",
    "assigned_on",
    "document__number",
    "assigner__short_name",
    "current_lead_unit__short_name",
)


def task_list(request: AuthenticatedRequest) -> HttpResponse:
    """The list; its body is cached until the data changes, for the user, the day and the query
    (core/pagecache.py): going back to a list, or paging through it and back, is then cheap."""
    part = cached_part(request, "tasks:list", today(), lambda: _list_body(request))
    return render(request, "tasks/task_list.html", {"part": part})


def list_page(listed: Listing, params: Mapping[str, Any]) -> tuple[Paging, list[tuple[Task, Any]]]:
    """The page of a listing that `params` asks for (core/paging.py) and its rows (each task with
    its status on the listing's day): the list page's reads, which the benchmark measures too."""
    tasks = listed.tasks.select_related("assigner", "current_lead_unit", "document").only(
        *ROW_FIELDS
    )
    paginator: Callable[[Any, int], Paginator] = Paginator
    if listed.searched:  # counted up to a cap: "more than 1,000" past it
        paginator = partial(SearchPaginator, count_first=listed.count_first)
    paging = paginate(tasks, params, default_size=PAGE_SIZE, paginator=paginator)
    classes = standings(paging.rows, listed.as_of)
    return paging, [(task, classes.get(task.pk)) for task in paging.rows]


def _list_body(request: AuthenticatedRequest) -> str:
    listed = task_listing(user=request.user, params=request.GET)
    paging, rows = list_page(listed, request.GET)
    page = paging.page
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    query.pop(SIZE_PARAM, None)
    context = {
        "filters": listed.filters,
        "page": page,
        "paging": paging,
        "rows": rows,
        "as_of": listed.as_of,
        "errors": listed.errors,
        "class_choices": CLASS_CHOICES,
        "wanted": listed.wanted,
        "sort": listed.sort,
        "stats_filter": listed.figure,
        "query": query.urlencode(),
        "can_import": bool(assigner_units(request.user)),
        # On a phone the filters fold behind their button, which says how many are in use.
        "active_filters": sum(
            1
            for name in (*listed.filters.form.fields, "ngay", "trang_thai")
            if request.GET.get(name)
        ),
    }
    return render_to_string("tasks/_list.html", context, request)


def task_inbox(request: AuthenticatedRequest) -> HttpResponse:
    unit = acting_unit(request.user) or request.user.unit
    if unit is None:
        raise PermissionDenied(_("Tài khoản của bạn không gắn với đơn vị nào."))
    day = today()
    context: dict[str, Any] = {"unit": unit, "rows": inbox(unit, day), "today": day}
    if unit.valid_to is not None and unit.valid_to < day:  # ended: whom its open tasks went to
        # Each named, and linked when the user may open its page (another tree's is refused).
        heirs = [(heir, can_view_unit(request.user, heir)) for heir in successors(unit)]
        context["ended"] = {"heirs": heirs}
    return render(request, "tasks/inbox.html", context)


def task_queue(request: AuthenticatedRequest) -> HttpResponse:
    units = assigner_units(request.user)
    if not units:
        raise PermissionDenied(
            _("Chỉ văn phòng, lãnh đạo cơ quan giao nhiệm vụ mới có hàng chờ xử lý.")
        )
    tasks = list(office_queue(units[0]))
    return render(
        request,
        "tasks/queue.html",
        {
            "unit": units[0],
            "reports": [t for t in tasks if t.reported_on],
            "extensions": [t for t in tasks if t.extension_requested_on],
        },
    )


def task_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = get_task_for_user(request.user, pk)
    day = today()
    events = list(
        task.events.select_related("actor", "unit")
        .prefetch_related("attachments")
        .order_by("effective_on", "id")
    )
    prefetch_related_objects([task], "coordinating_units")  # read by the rights and the page
    coordinating = list(task.coordinating_units.all())
    facts = Facts.of(task, events)
    possible = actions.possible(request.user, task, facts=facts)
    children = list(task.children.select_related("current_lead_unit"))
    classes = standings([task, *children], day)
    context = {
        "task": task,
        "events": events,
        "children": [(c, classes.get(c.pk)) for c in children],
        "c": classes.get(task.pk),
        "today": day,
        "actions": [(forms.SLUGS[a], SPECS[a].label) for a in possible if a in forms.SLUGS],
        "coordinating": coordinating,
        "can_pass_down": Action.PASS_DOWN in possible,
        "handed_over": handed_over(events),
        "chases": chases_of(events),
        "deadline_day_off": day_off_name(task.current_deadline) if task.current_deadline else None,
    }
    return render(request, "tasks/task_detail.html", context)


@require_http_methods(["GET", "POST"])
def task_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    form_class = forms.ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404
    task = get_task_for_user(request.user, pk)
    if reason := actions.not_their_side(request.user, task, form_class.action):
        raise PermissionDenied(reason)
    facts = Facts.of(task)
    # A form is offered only when the action is possible now; a form sent after the task changed
    # is answered by the service (the change, or why the action is no longer possible).
    reason = actions.why_not(request.user, task, form_class.action, facts=facts)
    if reason and request.method == "GET":
        raise PermissionDenied(reason)
    form = form_class(request.POST or None, request.FILES or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the event and its files are kept together or not at all
                event = form.perform(request.user)
        except Resubmitted:
            messages.info(
                request, _("Biểu mẫu này đã được gửi và ghi nhận trước đó; không ghi thêm.")
            )
            return redirect("tasks:detail", pk=task.pk)
        except services.ConcurrentChange as change:
            form.add_error(None, str(change))
        except ValidationError as error:
            add_service_errors(form, error, form.service_fields)
        else:
            messages.success(request, form.done_message(event))
            if note := day_off_note(event.deadline, label=_("Hạn xử lý")):
                messages.warning(request, note)
            return redirect("tasks:detail", pk=event.task_id)
    context = {
        "task": task,
        "form": form,
        # What a decision answers: the extension request, the completion report.
        "answered": services.pending_event(task, form_class.change_class.refers_to)
        if form_class.change_class.refers_to is not None
        else None,
        "confirmed_long_ago": actions.confirmed_long_ago(facts)
        if form_class.action == Action.RETURN
        else None,
        "deadline_note": _deadline_note(form),
    }
    return render(request, "tasks/task_action.html", context)


@require_http_methods(["GET", "POST"])
def task_create(request: AuthenticatedRequest) -> HttpResponse:
    parent = None
    if request.GET.get("cap_tren"):
        parent = get_task_for_user(request.user, id_or_404(request.GET["cap_tren"]))
        # Only the lead unit passes a task down; whether it still can now is the form's answer.
        refused = actions.not_their_side(request.user, parent, Action.PASS_DOWN)
        if request.method == "GET":
            refused = refused or actions.why_not(request.user, parent, Action.PASS_DOWN)
        if refused:
            raise PermissionDenied(refused)
        assigner = parent.current_lead_unit
    else:
        units = assigner_units(request.user)
        if not units:
            raise PermissionDenied(
                actions.why_not_assign(request.user, acting_unit(request.user) or request.user.unit)
                if request.user.unit
                else _("Bạn không có quyền giao nhiệm vụ.")
            )
        assigner = units[0]
    document = None
    if request.GET.get("van_ban"):
        document = get_object_or_404(
            Document, pk=id_or_404(request.GET["van_ban"]), issuer=assigner
        )
    form = forms.TaskForm(request.POST or None, assigner=assigner, document=document)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.task_assign(
                title=data["title"],
                assigner=assigner,
                lead_unit=data["lead_unit"],
                assigned_on=data["assigned_on"],
                deadline=data["deadline"],
                working_days=data["working_days"],
                coordinating_units=data["coordinating_units"],
                assigned_by=data["assigned_by"],
                assigned_by_name=data["assigned_by_name"],
                source=data["source"],
                field=data["field"],
                urgency=data["urgency"],
                is_key=data["is_key"],
                document=document,
                parent=parent,
                actor=request.user,
                submission=data["submission"],
                allow_duplicate=data["allow_duplicate"],
            )
        except Resubmitted as sent:
            messages.info(
                request, _("Nhiệm vụ này đã được giao trước đó; không giao thêm lần nữa.")
            )
            if sent.result is None:
                return redirect("tasks:list")
            return redirect("tasks:detail", pk=sent.result.pk)
        except ValidationError as error:
            add_service_errors(form, error)
            form.ask_about_duplicate()
        else:
            messages.success(
                request,
                _("Đã giao nhiệm vụ cho %(unit)s.") % {"unit": task.current_lead_unit.short_name},
            )
            if note := day_off_note(task.deadline, label=_("Hạn xử lý")):
                messages.warning(request, note)
            if document is not None and "them" in request.POST:
                return redirect(f"{request.path}?van_ban={document.pk}")
            return redirect("tasks:detail", pk=task.pk)
    context = {
        "form": form,
        "assigner": assigner,
        "document": document,
        "parent": parent,
        "deadline_note": _deadline_note(form),
    }
    return render(request, "tasks/task_form.html", context)


def _deadline_note(form: forms.TaskForm | forms.ActionForm) -> str | None:
    """The day-off note for the deadline a form drawn again (with its errors) was sent with."""
    day = (
        form.cleaned_data.get("deadline")
        if form.is_bound and hasattr(form, "cleaned_data")
        else None
    )
    return day_off_note(day, label=_("Hạn xử lý"))
