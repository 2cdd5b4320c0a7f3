"""The in-app notifications: the bell, the list, opening one, reading all, the preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.core.paging import paginate
from dondoc.notifications import selectors, services
from dondoc.notifications.access import get_own_notification
from dondoc.notifications.forms import PreferencesForm
from dondoc.notifications.outbox import wants_of


@login_not_required
@require_GET
def bell(request: AuthenticatedRequest) -> HttpResponse:
    """The bell's number, drawn by base.html and fetched again by htmx every minute. A page
    left open after its session ended gets "No Content", which htmx leaves as it is, instead of
    the log-in page drawn into the top bar; the next click goes to the log-in page."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(
        request, "notifications/bell.html", {"unread": selectors.unread_count(request.user)}
    )


@require_GET
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    paging = paginate(selectors.inbox(request.user), request.GET, default_size=20)
    return render(
        request,
        "notifications/list.html",
        {"paging": paging, "unread": selectors.unread_count(request.user)},
    )


@require_GET
def notification_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Opening a notification reads it and leads to its task (or back to the list)."""
    notification = get_own_notification(request.user, pk)
    services.notification_mark_read(notification=notification)
    if notification.task_id is None:
        return redirect("notifications:list")
    return redirect("tasks:detail", pk=notification.task_id)


@require_POST
def notifications_read_all(request: AuthenticatedRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("Đã đánh dấu đã đọc %(count)s thông báo.") % {"count": count})
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    wants = wants_of([request.user.pk]).get(request.user.pk, {})
    form = PreferencesForm(request.POST or None, wants=wants)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, wants=form.wants())
        messages.success(request, _("Đã lưu cài đặt thông báo."))
        return redirect(reverse("notifications:preferences"))
    status = 400 if form.is_bound else 200
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
        status=status,
    )
