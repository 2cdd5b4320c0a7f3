"""Storing uploaded files: size and type checked, saved under a random name, never served directly."""

from __future__ import annotations

import mimetypes
import secrets
from collections.abc import Iterable
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.utils import timezone

from dondoc.accounts.models import User
from dondoc.attachments.models import OWNER_FIELDS, Attachment
from dondoc.attachments.uploads import check_upload


def attachments_store(
    uploads: Iterable[UploadedFile], *, actor: User | None, **owner: Model
) -> list[Attachment]:
    """Store `uploads` as files of the one owner named by its field, e.g. `event=event` or
    `document=document` (models.OWNER_FIELDS)."""
    if len(owner) != 1 or not set(owner) <= set(OWNER_FIELDS):
        raise TypeError(f"attachments_store needs one owner among {OWNER_FIELDS}, not {owner}")
    stored = []
    for upload in uploads:
        check_upload(upload)
        name = PurePath(upload.name or "tep").name
        attachment = Attachment(
            **owner,
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
