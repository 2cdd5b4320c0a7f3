"""The one check of an uploaded file's type and size, for attachments and uploaded registers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _


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
