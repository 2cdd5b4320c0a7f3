"""Who may download a file: whoever may see the row it is attached to, as that row's app decides.

This app imports none of its owners. Each owner app registers, in its AppConfig.ready(), the
attachment's foreign key that points to its rows and a function `(user, owner_id) -> bool` telling
whether the user may see that row (it may also raise Http404 itself). A file whose owner has no
registered rule is never served, and a system check (`check_owners`) names such an owner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core import checks
from django.utils.translation import gettext as _

from dondoc.accounts.models import User
from dondoc.attachments.models import OWNER_FIELDS, Attachment
from dondoc.core.http import NotFound

OwnerCheck = Callable[[User, int], bool]

_owners: dict[str, OwnerCheck] = {}


def register_owner(field: str, may_see: OwnerCheck) -> None:
    """Let the files attached through `field` be downloaded by the users for whom
    `may_see(user, owner_id)` is true."""
    if field not in OWNER_FIELDS:
        raise ValueError(f"Attachment has no owner field {field!r} (models.OWNER_FIELDS)")
    _owners[field] = may_see


def get_attachment_for_user(user: User, token: str) -> Attachment:
    """The file, if `user` may see what it is attached to; 404 otherwise, so that no file's
    existence leaks."""
    attachment = Attachment.objects.filter(token=token).first()
    if attachment is not None:
        field, owner_id = attachment.owner()
        may_see = _owners.get(field)
        if may_see is not None and may_see(user, owner_id):
            return attachment
    raise NotFound(_("Không tìm thấy tệp."))


def owner_problems(
    registered: Mapping[str, OwnerCheck], fields: Iterable[str] = OWNER_FIELDS
) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"Files can be attached through Attachment.{field} but no app registered who may "
            "see them, so they would never be served.",
            hint="Call dondoc.attachments.access.register_owner in the owner app's ready().",
            id="attachments.E001",
        )
        for field in fields
        if field not in registered
    ]


def check_owners(**kwargs: Any) -> list[checks.CheckMessage]:
    return owner_problems(_owners)
