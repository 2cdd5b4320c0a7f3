"""Officials with an account: each belongs to one unit and acts there in one role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("Chuyên viên Văn phòng UBND")
    LEADER = "leader", _("Lãnh đạo UBND (Chủ tịch, Phó Chủ tịch)")
    UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
    UNIT_OFFICER = "unit_officer", _("Cán bộ, công chức đơn vị")
    INSPECTOR = "inspector", _("Thành viên Tổ công tác")
    ADMIN = "admin", _("Quản trị hệ thống")

    @classmethod
    def acting_for_committee(cls) -> tuple[Role, ...]:
        """Roles whose holder acts for the committee their unit belongs to, not only for the unit.

        An office officer sits in the committee's office but records and confirms tasks of the
        committee; a working-group member reads across the committee's units.
        """
        return (cls.OFFICE, cls.LEADER, cls.INSPECTOR)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields: Any) -> User:
        if not username:
            raise ValueError("A user needs a username.")
        user = self.model(username=self.model.normalize_username(username), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields: Any) -> User:
        fields["role"] = Role.ADMIN
        return self.create_user(username, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An official. Names are kept whole: Vietnamese names do not split into first and last."""

    username = models.CharField(
        _("tên đăng nhập"),
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        error_messages={"unique": _("Tên đăng nhập này đã có người dùng.")},
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    title = models.CharField(
        _("chức vụ"), max_length=150, blank=True, help_text=_("Ví dụ: Phó Chủ tịch UBND tỉnh.")
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    role = models.CharField(
        _("vai trò"), max_length=20, choices=Role.choices, default=Role.UNIT_OFFICER
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # Administrators manage the system through Django's admin; no other role reaches it.
    is_staff = models.BooleanField(_("vào trang quản trị"), default=False, editable=False)
    date_joined = models.DateTimeField(_("ngày tạo"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role="admin") | Q(unit__isnull=False),
                name="user_has_unit_unless_admin",
                violation_error_message=_(
                    "Người dùng phải thuộc một đơn vị (trừ quản trị hệ thống)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.is_staff = self.is_superuser = self.role == Role.ADMIN
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.get_full_name()

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN
