"""A leader's page: what a chairman or a vice chairman personally assigned, and how it stands.

Who "personally assigned" a task is what the task says (Task.assigned_by, assigned_by_name):
- the chairman's tasks are those of his committee assigned by the chairman (`assigned_by` =
  chairman; a committee has one chairman at a time, and a register rarely writes his name);
- a vice chairman's are those assigned by a vice chairman whose name, as written on the task,
  is his full name, compared folded (core/text.fold: case, diacritics and spacing aside), since
  a committee has several vice chairmen.
Whether a leader's account is the chairman's is read from its title, else its full name: one
that begins with "Chủ tịch" (folded); any other leader is a vice chairman. The figures are the
statistics service's with that filter (StatsQuery.assigned_by, assigned_by_name), so each links
to the list of exactly its tasks (`tk_nguoi_giao`, `tk_ten_nguoi_giao`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.accounts.models import Role, User
from dondoc.core.dates import today
from dondoc.core.http import NotFound
from dondoc.core.text import fold
from dondoc.documents.models import Signer
from dondoc.organisations.models import Unit
from dondoc.organisations.selectors import committee_of
from dondoc.reports.page_forms import PeriodForm
from dondoc.reports.unit_views import report_block
from dondoc.tasks.access import check_stats_scope
from dondoc.tasks.stats import StatsQuery


@dataclass(frozen=True)
class Leader:
    user: User
    committee: Unit
    assigned_by: str  # Signer.CHAIRMAN or Signer.VICE_CHAIRMAN
    name: str | None  # the name the tasks carry (a vice chairman's), None for the chairman

    @property
    def is_chairman(self) -> bool:
        return self.assigned_by == Signer.CHAIRMAN

    def query(self, start: Any, end: Any, as_of: Any) -> StatsQuery:
        return StatsQuery(
            self.committee,
            start,
            end,
            as_of,
            assigned_by=self.assigned_by,
            assigned_by_name=self.name,
        )


def leader_of(user: User) -> Leader:
    """The leader `user` is, and so which tasks are his (the module's rule)."""
    if user.unit is None:
        raise NotFound(_("Tài khoản này chưa được gắn với đơn vị nào."))
    committee = committee_of(user.unit)
    said = fold(user.title or user.full_name)
    if said.startswith("chu tich"):
        return Leader(user, committee, Signer.CHAIRMAN, None)
    return Leader(user, committee, Signer.VICE_CHAIRMAN, user.full_name or user.username)


def _leader(request: AuthenticatedRequest, username: str | None) -> Leader:
    """The leader whose page is asked for, if the user may open it: the leader himself, the
    office of his committee, an administrator. Not a leader: 404; someone else: 403."""
    viewer = request.user
    if username is None:
        if viewer.role != Role.LEADER or viewer.unit is None:
            raise PermissionDenied(_("Trang này dành cho Chủ tịch, Phó Chủ tịch UBND."))
        return leader_of(viewer)
    found = User.objects.select_related("unit").filter(
        username=username, role=Role.LEADER, unit__isnull=False, is_active=True
    )
    target = found.first()
    if target is None:
        raise NotFound(_("Không có lãnh đạo có tên đăng nhập “%(name)s”.") % {"name": username})
    leader = leader_of(target)
    admin = viewer.is_admin or viewer.is_superuser
    office = (
        viewer.role == Role.OFFICE
        and viewer.unit is not None
        and committee_of(viewer.unit) == leader.committee
    )
    if not (admin or office or viewer.pk == target.pk):
        raise PermissionDenied(
            _("Trang của lãnh đạo chỉ mở cho chính lãnh đạo đó và Văn phòng UBND cùng cấp.")
        )
    return leader


def leader_page(request: AuthenticatedRequest, username: str | None = None) -> HttpResponse:
    leader = _leader(request, username)
    form = PeriodForm(PeriodForm.params(request.GET, today()), user=request.user)
    context: dict[str, Any] = {"leader": leader, "form": form}
    if form.is_valid():
        data = form.cleaned_data
        query = leader.query(data["tu"], data["den"], data["ngay"])
        check_stats_scope(request.user, assigner=query.assigner, unit=None)
        shown = report_block(query)
        context |= {"query": query, "shown": shown}
    return render(request, "reports/leader.html", context)
