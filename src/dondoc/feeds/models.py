"""A user's private calendar address: its secret token is the credential (calendar apps send no
log-in), so only its hash is kept, as a password's would be; revoked, it answers no more."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CalendarToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
    )
    # The SHA-256 of the token, in hex: the token itself is shown once and never stored.
    digest = models.CharField(_("mã băm"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("địa chỉ lịch riêng")
        verbose_name_plural = _("địa chỉ lịch riêng")
        constraints = [
            # At most one address in use per user: a new one replaces the old.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_calendar_token",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%d/%m/%Y})"
