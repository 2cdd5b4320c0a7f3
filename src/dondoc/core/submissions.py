"""Writes that cannot be doubled by accident: a one-time key per form (later per API request).

`once(key, user, make)` runs `make` inside the caller's transaction after recording the key; when
the same user already sent that key, it runs nothing and raises `Resubmitted` with what the first
sending made. The key is written first and in the same transaction as the result, so a write that
fails frees its key (the corrected form can be sent again), and two sendings at the same moment
wait on the key's unique index: the second finds the first's result.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from dondoc.core.models import Submission

M = TypeVar("M", bound=models.Model)


class Resubmitted(Exception):
    """The same form was sent again; `result` is what its first sending made."""

    def __init__(self, result: Any) -> None:
        super().__init__("already submitted")
        self.result = result


def new_key() -> str:
    return uuid.uuid4().hex


def once(key: str | None, user: Any, make: Callable[[], M], *, kind: type[M]) -> M:
    """`make()`, unless `user` already sent `key`: then `Resubmitted(first result)`, a `kind`.

    Without a key or a user (a command run by the operator), `make()` simply runs. A key that
    made something else (a key sent by hand with another form) is refused."""
    if not key or user is None or user.pk is None:
        return make()
    with transaction.atomic():
        try:
            with transaction.atomic():
                sent = Submission.objects.create(user=user, key=key[:64])
        except IntegrityError:
            first = Submission.objects.get(user=user, key=key[:64])
            if first.model and first.model != kind._meta.label:
                raise ValidationError(
                    _("Biểu mẫu này đã được dùng cho một nội dung khác; hãy mở lại biểu mẫu.")
                ) from None
            raise Resubmitted(_result(first)) from None
        result = make()
        sent.model, sent.object_id = result._meta.label, result.pk
        sent.save(update_fields=["model", "object_id"])
        return result


def _result(sent: Submission) -> models.Model | None:
    if not sent.model or sent.object_id is None:
        return None
    return apps.get_model(sent.model)._default_manager.filter(pk=sent.object_id).first()
