"""Imports of task registers: who brought which file in, when, and what it did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def register_path(instance: RegisterImport, filename: str) -> str:
    return f"registers/{instance.created_at:%Y/%m}/{filename}"


class RegisterImport(models.Model):
    """An uploaded register: checked and previewed first, saved when its user confirms."""

    token = models.CharField(max_length=40, unique=True)  # the stored file's name, and the URL's
    name = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(upload_to=register_path, blank=True)  # kept as evidence; CLI: none
    sha256 = models.CharField(max_length=64)
    assigner = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("cơ quan giao mặc định"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    update = models.BooleanField(_("cập nhật nhiệm vụ đã có"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    imported_at = models.DateTimeField(_("thời điểm nhập"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    created = models.PositiveIntegerField(_("nhiệm vụ mới"), default=0)
    updated = models.PositiveIntegerField(_("nhiệm vụ cập nhật"), default=0)
    skipped = models.PositiveIntegerField(_("dòng đã có, bỏ qua"), default=0)

    class Meta:
        verbose_name = _("lần nhập sổ theo dõi")
        verbose_name_plural = _("các lần nhập sổ theo dõi")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
