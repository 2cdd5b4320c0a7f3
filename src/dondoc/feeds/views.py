"""The calendar feed (no log-in: its secret address is the credential) and the profile page's
buttons that make and revoke that address."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.core.dates import today
from dondoc.core.http import NotFound
from dondoc.feeds import ics, selectors, services

# Where the address just made waits, in the session, for the profile page to show it once.
NEW_ADDRESS = "calendar_feed_address"


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's deadlines as an iCalendar file; an unknown or revoked address is a 404."""
    user = selectors.user_for_token(token)
    if user is None:
        raise NotFound(_("Không có lịch ở địa chỉ này (địa chỉ sai hoặc đã bị thu hồi)."))
    with translation.override(settings.LANGUAGE_CODE):  # a document, in the site's language
        body = ics.calendar_of(selectors.feed_tasks(user, today()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dondoc.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def feed_address(token: str) -> str:
    return ics.base_url() + reverse("calendar_feed", args=[token])


@require_POST
def calendar_create(request: AuthenticatedRequest) -> HttpResponse:
    token = services.calendar_token_create(user=request.user)
    request.session[NEW_ADDRESS] = feed_address(token)
    messages.success(request, _("Đã tạo địa chỉ lịch riêng mới; địa chỉ cũ (nếu có) không còn dùng được."))  # fmt: skip
    return redirect("profile")


@require_POST
def calendar_revoke(request: AuthenticatedRequest) -> HttpResponse:
    if services.calendar_token_revoke(user=request.user):
        messages.success(request, _("Đã thu hồi địa chỉ lịch riêng: ứng dụng lịch sẽ không đọc được nữa."))  # fmt: skip
    else:
        messages.info(request, _("Bạn chưa có địa chỉ lịch riêng nào đang dùng."))
    return redirect("profile")
