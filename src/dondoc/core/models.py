from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row that counts the committed changes to what pages show (core/pagecache.py).

    Parts of pages are cached under its value, so that any change makes all of them stale at once.
    """

    number = models.BigIntegerField(_("số lần thay đổi"), default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu")
        verbose_name_plural = _("phiên bản dữ liệu")

    def __str__(self) -> str:
        return str(self.number)
