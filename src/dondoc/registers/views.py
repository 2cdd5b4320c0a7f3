"""The register in the browser: import (upload → preview with every problem → confirm), the empty
template, and the task list exported as a register."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.core.dates import today
from dondoc.core.http import NotFound
from dondoc.core.paging import paginate
from dondoc.organisations.models import Unit
from dondoc.registers.columns import COLUMNS
from dondoc.registers.exporter import write_csv, write_xlsx
from dondoc.registers.forms import UploadForm
from dondoc.registers.importer import import_register
from dondoc.registers.models import RegisterImport
from dondoc.registers.services import register_record, register_upload
from dondoc.tasks.access import assigner_units
from dondoc.tasks.listing import task_listing
from dondoc.tasks.models import Task

ERRORS_SHOWN = 500


def _assigners(request: AuthenticatedRequest) -> list[Unit]:
    units = assigner_units(request.user)
    if not units:
        raise PermissionDenied(_("Chỉ cơ quan giao nhiệm vụ mới nhập sổ theo dõi nhiệm vụ."))
    return units


@require_http_methods(["GET", "POST"])
def register_import(request: AuthenticatedRequest) -> HttpResponse:
    units = _assigners(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = register_upload(
            form.cleaned_data["file"],
            actor=request.user,
            assigner=units[0],
            update=form.cleaned_data["update"],
        )
        return redirect("registers:preview", token=record.token)
    history = RegisterImport.objects.filter(assigner__in=units, imported_at__isnull=False)
    context = {
        "form": form,
        "assigner": units[0],
        "columns": COLUMNS,
        "history": paginate(history.select_related("created_by"), request.GET, default_size=20),
    }
    return render(request, "registers/upload.html", context)


@require_http_methods(["GET", "POST"])
def register_preview(request: AuthenticatedRequest, token: str) -> HttpResponse:
    """GET checks the uploaded file and shows what it would do; POST does it, all or nothing."""
    units = _assigners(request)
    record = RegisterImport.objects.filter(
        token=token, created_by=request.user, assigner__in=units
    ).first()
    if record is None:
        raise NotFound(_("Không tìm thấy tệp đã tải lên (có thể đã quá hạn)."))
    if record.imported_at is not None:  # confirmed already (a second click, the back button)
        messages.info(
            request,
            _("Tệp “%(name)s” đã được nhập lúc %(when)s.")
            % {
                "name": record.name,
                "when": localtime(record.imported_at).strftime("%H:%M %d/%m/%Y"),
            },
        )
        return redirect("registers:import")
    confirm = request.method == "POST"
    result = import_register(
        Path(record.file.path),
        name=record.name,
        default_assigner=record.assigner,
        update=record.update,
        dry_run=not confirm,
        actor=request.user,
        allowed_assigners=units,
    )
    if confirm and result.saved:
        register_record(record, result)
        messages.success(
            request,
            _(
                "Đã nhập “%(name)s”: %(created)s nhiệm vụ mới, %(updated)s cập nhật, %(skipped)s dòng đã có."
            )
            % {
                "name": record.name,
                "created": result.created,
                "updated": result.updated,
                "skipped": result.skipped,
            },
        )
        return redirect("registers:import")
    context = {
        "record": record,
        "result": result,
        "errors": result.errors[:ERRORS_SHOWN],
        "more_errors": max(0, len(result.errors) - ERRORS_SHOWN),
    }
    return render(request, "registers/preview.html", context)


def register_template(request: AuthenticatedRequest) -> FileResponse:
    """An empty register with the headers, for offices that start a new one."""
    out = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    write_xlsx(Task.objects.none(), today(), out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename="mau-so-theo-doi-nhiem-vu.xlsx")


def register_export(request: AuthenticatedRequest) -> HttpResponse | FileResponse:
    """The task list, every page of it, as a register file in the import format (`dinh_dang`:
    xlsx or csv). It reads the list's parameters through the list's own selector, so the file
    holds exactly the tasks the list shows, in its order. Its URL stays the list's
    (tasks/urls.py): the parameters are the list's."""
    listed = task_listing(user=request.user, params=request.GET)
    if listed.errors:
        return HttpResponseBadRequest(
            "\n".join(listed.errors), content_type="text/plain; charset=utf-8"
        )
    kind = "csv" if request.GET.get("dinh_dang") == "csv" else "xlsx"
    name = f"so-theo-doi-nhiem-vu-{listed.as_of:%d-%m-%Y}.{kind}"
    out = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    if kind == "xlsx":
        write_xlsx(listed.tasks, listed.as_of, out)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        write_csv(listed.tasks, listed.as_of, text)
        text.flush()
        text.detach()
        content_type = "text/csv; charset=utf-8"
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=name, content_type=content_type)
