from __future__ import annotations

from django.http import FileResponse

from dondoc.accounts.http import AuthenticatedRequest
from dondoc.attachments.access import get_attachment_for_user


def download(request: AuthenticatedRequest, token: str) -> FileResponse:
    attachment = get_attachment_for_user(request.user, token)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
