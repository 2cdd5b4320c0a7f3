from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from dondoc.accounts.models import User
from dondoc.attachments.services import attachments_store
from dondoc.core.dates import range_problem, today
from dondoc.core.submissions import once
from dondoc.core.text import CELL_LIMIT
from dondoc.core.validators import text_problem
from dondoc.documents.models import Document
from dondoc.organisations.models import Unit
from dondoc.tasks.actions import why_not_assign


def document_create(
    *,
    issuer: Unit,
    number: str,
    issued_on: dt.date,
    kind: str,
    summary: str,
    actor: User | None,
    signer: str = "chairman",
    signer_name: str = "",
    files: Iterable[UploadedFile] = (),
    submission: str | None = None,
) -> Document:
    """Record a directive document or conclusion notice of `issuer`, with its files."""
    number = number.strip()
    errors: dict[str, list[str]] = {}
    if reason := why_not_assign(actor, issuer):
        errors[NON_FIELD_ERRORS] = [reason]
    if problem := range_problem(issued_on):
        errors["issued_on"] = [problem]
    elif issued_on > today():
        errors["issued_on"] = [_("Ngày ban hành không được sau ngày hôm nay.")]
    for name, text, limit in [
        ("number", number, Document._meta.get_field("number").max_length),
        ("summary", summary, CELL_LIMIT),
        ("signer_name", signer_name, Document._meta.get_field("signer_name").max_length),
    ]:
        if problem := text_problem(text, limit=limit or CELL_LIMIT):
            errors.setdefault(name, []).append(problem)

    def write() -> Document:
        if errors:  # after the key: a form sent again gets its first document back
            raise ValidationError(errors)
        if Document.objects.filter(issuer=issuer, number=number, issued_on=issued_on).exists():
            message = _("%(issuer)s đã có văn bản số %(number)s ngày này.")
            raise ValidationError(
                {"number": message % {"issuer": issuer.short_name, "number": number}}
            )
        document = Document.objects.create(
            issuer=issuer,
            number=number,
            issued_on=issued_on,
            kind=kind,
            summary=summary.strip(),
            signer=signer,
            signer_name=signer_name.strip(),
            created_by=actor,
        )
        attachments_store(files, actor=actor, document=document)
        return document

    with transaction.atomic():
        return once(submission, actor, write, kind=Document)
