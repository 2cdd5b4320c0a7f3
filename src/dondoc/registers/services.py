"""Keeping the register files users upload, and the record of every import."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from dondoc.accounts.models import User
from dondoc.organisations.models import Unit
from dondoc.registers.importer import ImportResult
from dondoc.registers.models import RegisterImport

PENDING_KEPT = dt.timedelta(days=1)  # an upload nobody confirmed is removed after this


def register_upload(
    upload: UploadedFile, *, actor: User, assigner: Unit | None, update: bool
) -> RegisterImport:
    """Keep an uploaded register until its user confirms the import (or for a day)."""
    stale = RegisterImport.objects.filter(
        imported_at=None, created_at__lt=timezone.now() - PENDING_KEPT
    )
    for old in stale:
        old.file.delete(save=False)
        old.delete()
    name = Path(upload.name or "so-theo-doi.csv").name
    record = RegisterImport(
        token=secrets.token_urlsafe(24),
        name=name,
        sha256=hashlib.file_digest(upload.file, "sha256").hexdigest(),  # type: ignore[arg-type]
        assigner=assigner,
        update=update,
        created_by=actor,
        created_at=timezone.now(),
    )
    # The stored name is random, but keeps the type, so that tools can tell what the file is.
    upload.seek(0)
    record.file.save(record.token + Path(name).suffix.lower(), upload, save=False)
    record.save()
    return record


def register_record(
    record: RegisterImport | None,
    result: ImportResult,
    *,
    path: Path | None = None,
    assigner: Unit | None = None,
    update: bool = False,
) -> RegisterImport:
    """Note a finished import: the uploaded record, or a new one for a file imported from the CLI."""
    if record is None:
        if path is None:
            raise ValueError("a CLI import names its file")
        with path.open("rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
        record = RegisterImport(
            token=secrets.token_urlsafe(24),
            name=result.name,
            sha256=digest,
            assigner=assigner,
            update=update,
            created_at=timezone.now(),
        )
    record.imported_at = timezone.now()
    record.rows, record.created = result.rows, result.created
    record.updated, record.skipped = result.updated, result.skipped
    record.save()
    return record
