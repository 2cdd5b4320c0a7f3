"""Directive documents and conclusion notices: where tasks come from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dondoc.core.text import fold


class DocumentKind(models.TextChoices):
    CONCLUSION_NOTICE = "conclusion_notice", _("Thông báo kết luận")
    OFFICIAL_LETTER = "official_letter", _("Công văn")
    DECISION = "decision", _("Quyết định")
    PLAN = "plan", _("Kế hoạch")
    DIRECTIVE = "directive", _("Chỉ thị")


class Signer(models.TextChoices):
    """Who signs for the committee; also who assigns a task (RULES.md: the committee covers both)."""

    COMMITTEE = "committee", _("Tập thể UBND")
    CHAIRMAN = "chairman", _("Chủ tịch")
    VICE_CHAIRMAN = "vice_chairman", _("Phó Chủ tịch")
    HEAD = "head", _("Thủ trưởng đơn vị")


class Document(models.Model):
    number = models.CharField(_("số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 86/TB-UBND"))
    issued_on = models.DateField(_("ngày ban hành"))
    kind = models.CharField(_("loại văn bản"), max_length=30, choices=DocumentKind.choices)
    issuer = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    signer = models.CharField(
        _("người ký"), max_length=20, choices=Signer.choices, default=Signer.CHAIRMAN
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=150, blank=True)
    summary = models.TextField(_("trích yếu"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                # Numbers start again every year, so the date is part of a document's identity.
                fields=["issuer", "number", "issued_on"],
                name="document_number_unique_per_issuer",
                violation_error_message=_(
                    "Cơ quan này đã có văn bản mang số, ký hiệu và ngày này."
                ),
            )
        ]

    def __str__(self) -> str:
        return _("%(number)s ngày %(day)s") % {
            "number": self.number,
            "day": f"{self.issued_on:%d/%m/%Y}",
        }

    def save(self, *args: object, **kwargs: object) -> None:
        self.derive()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def derive(self) -> None:
        """Fill the derived search text (save does it; a bulk insert calls this itself)."""
        self.search_text = fold(f"{self.number} {self.summary}")
