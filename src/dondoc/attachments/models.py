"""Files attached to the rows of other apps (a document, a task event; later an inspection).

An attachment belongs to exactly one owner, through one of the nullable foreign keys named in
`OWNER_FIELDS`; who may download it is decided by the owner's app (access.register_owner).
Adding an owner: a nullable foreign key here, its name in `OWNER_FIELDS` and in the constraint,
and `register_owner` in the owner app's ready().
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

OWNER_FIELDS = ("document", "event")


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.uploaded_at:%Y/%m}/{instance.token}"


class Attachment(models.Model):
    """A file attached to a document or to a task event, served only through an access check."""

    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    event = models.ForeignKey(
        "tasks.TaskEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(upload_to=attachment_path)
    token = models.CharField(max_length=40, unique=True)  # the stored file's name: never the user's
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        # The table made when attachments were part of tasks, kept with its rows when the model
        # moved here (migrations tasks 0004 and attachments 0001 change Django's state only).
        db_table = "tasks_attachment"
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=True, event__isnull=False)
                | Q(document__isnull=False, event__isnull=True),
                name="attachment_belongs_to_one_thing",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def owner(self) -> tuple[str, int]:
        """The name of the foreign key that holds this file's owner, and the owner's id."""
        for field in OWNER_FIELDS:
            owner_id = getattr(self, f"{field}_id")
            if owner_id is not None:
                return field, owner_id
        raise ValueError(f"attachment {self.pk} has no owner")  # the constraint forbids it
