from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from dondoc.accounts.models import User
from dondoc.attachments.services import attachments_store
from dondoc.core.dates import today
from dondoc.documents.models import Document
from dondoc.organisations.models import Unit


@transaction.atomic
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
) -> Document:
    number = number.strip()
    errors: dict[str, str] = {}
    if issued_on > today():
        errors["issued_on"] = _("Ngày ban hành không được sau ngày hôm nay.")
    if Document.objects.filter(issuer=issuer, number=number, issued_on=issued_on).exists():
        errors["number"] = _("%(issuer)s đã có văn bản số %(number)s ngày này.") % {
            "issuer": issuer.short_name,
            "number": number,
        }
    if errors:
        raise ValidationError(errors)
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
