from django.conf import settings
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


class Submission(models.Model):
    """A form (or, later, an API request) that was sent once: its one-time key and what it made.

    A form carries a key made when it was drawn; sending it again (the browser's back button and
    a second click, a retried request) finds the key here and gets the first result back instead
    of a second row (core/submissions.py). A row is written with its key and completed with what
    the sending made, in the same transaction; it is not changed after.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("khóa gửi"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    model = models.CharField(max_length=100, blank=True)  # app_label.ModelName of the result
    object_id = models.PositiveBigIntegerField(null=True)

    class Meta:
        verbose_name = _("lần gửi biểu mẫu")
        verbose_name_plural = _("lần gửi biểu mẫu")
        constraints = [
            # A key is the user's own: another user's key never returns their result.
            models.UniqueConstraint(fields=["user", "key"], name="submission_key_unique_per_user")
        ]

    def __str__(self) -> str:
        return self.key
