"""Storing uploaded files: size and type checked, saved under a random name, never served directly."""

from __future__ import annotations

import mimetypes
import secrets
from collections.abc import Iterable, Sequence
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dondoc.accounts.models import User
from dondoc.documents.models import Document
from dondoc.tasks.models import Attachment, TaskEvent


def check_upload(upload: UploadedFile, *, extensions: Sequence[str] | None = None) -> None:
    """Refuse a file of another type than `extensions` (default: the attachment types) or one
    larger than the upload limit."""
    name = upload.name or ""
    extension = PurePath(name).suffix.lower().lstrip(".")
    allowed = settings.DONDOC_UPLOAD_EXTENSIONS if extensions is None else extensions
    if extension not in allowed:
        raise forms.ValidationError(
            _("Tệp “%(name)s”: chỉ nhận các loại %(types)s.")
            % {"name": name, "types": ", ".join(allowed)}
        )
    limit = settings.DONDOC_MAX_UPLOAD_MB
    if (upload.size or 0) > limit * 1024 * 1024:
        raise forms.ValidationError(
            _("Tệp “%(name)s” lớn hơn %(mb)s MB.") % {"name": name, "mb": limit}
        )


def attachments_store(
    uploads: Iterable[UploadedFile],
    *,
    actor: User | None,
    event: TaskEvent | None = None,
    document: Document | None = None,
) -> list[Attachment]:
    stored = []
    for upload in uploads:
        check_upload(upload)
        name = PurePath(upload.name or "tep").name
        attachment = Attachment(
            event=event,
            document=document,
            token=secrets.token_urlsafe(24),
            name=name,
            size=upload.size or 0,
            content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
            uploaded_by=actor,
            uploaded_at=timezone.now(),
        )
        attachment.file.save(attachment.token, upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Any number of files, each checked against the size and type limits."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Tệp đính kèm"))
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(FilesField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            check_upload(upload)
        return cleaned
