from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.core.forms import add_service_errors
from dondoc.core.submissions import Resubmitted
from dondoc.documents.access import get_document_for_user
from dondoc.documents.forms import DocumentForm
from dondoc.documents.services import document_create
from dondoc.tasks.access import assigner_units, visible_tasks


@require_http_methods(["GET", "POST"])
def document_new(request: AuthenticatedRequest) -> HttpResponse:
    units = assigner_units(request.user)
    if not units:
        raise PermissionDenied(_("Bạn không có quyền nhập văn bản giao nhiệm vụ."))
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = document_create(
                issuer=units[0],
                number=data["number"],
                issued_on=data["issued_on"],
                kind=data["kind"],
                summary=data["summary"],
                signer=data["signer"],
                signer_name=data["signer_name"],
                files=data["attachments"],
                actor=request.user,
                submission=data["submission"],
            )
        except Resubmitted as sent:
            messages.info(request, _("Văn bản này đã được lưu trước đó; không lưu thêm lần nữa."))
            if sent.result is None:
                return redirect("tasks:list")
            return redirect("documents:detail", pk=sent.result.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã lưu văn bản %(number)s. Hãy nhập các nhiệm vụ được giao.")
                % {"number": document.number},
            )
            return redirect(f"{reverse('tasks:create')}?van_ban={document.pk}")
    return render(request, "documents/document_form.html", {"form": form, "issuer": units[0]})


def document_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    tasks = (
        visible_tasks(request.user).filter(document=document).select_related("current_lead_unit")
    )
    can_add = document.issuer in assigner_units(request.user)
    context = {
        "document": document,
        "tasks": tasks,
        "can_add": can_add,
        "files": document.attachments.all(),
    }
    return render(request, "documents/document_detail.html", context)
