"""The password change is throttled as the log-in is: a wrong old password counts as a failed
log-in of that user from that address (django-axes), and a locked pair may not change it either."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from dondoc.accounts.models import User
from dondoc.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

NEW = "Lang-Son-2026!"


def change(client: Client, old_password: str):
    return client.post(
        reverse("password_change"),
        {"old_password": old_password, "new_password1": NEW, "new_password2": NEW},
    )


def log_in(client: Client, password: str):
    return client.post(reverse("login"), {"username": "sotaichinh", "password": password})


def test_wrong_old_passwords_lock_the_password_change_as_wrong_log_ins_do(client_as):
    client = client_as("sotaichinh")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = change(client, "sai-mat-khau")
        assert wrong.status_code == 200
        assert "Mật khẩu hiện tại không đúng" in wrong.content.decode()
    assert change(client, "sai-mat-khau").status_code == 429
    locked = change(client, DEMO_PASSWORD)  # even the right one, now
    assert locked.status_code == 429
    assert "nhập sai mật khẩu quá nhiều lần" in locked.content.decode()
    assert User.objects.get(username="sotaichinh").check_password(DEMO_PASSWORD)


def test_the_lock_the_password_change_reaches_holds_the_log_in_too(client_as):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        change(client_as("sotaichinh"), "sai-mat-khau")
    assert log_in(Client(), DEMO_PASSWORD).status_code == 429


def test_wrong_log_ins_and_wrong_old_passwords_count_together(client_as):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(Client(), "sai-mat-khau")
    assert change(client_as("sotaichinh"), "sai-mat-khau").status_code == 429


def test_a_colleague_may_still_change_their_password(client_as):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        change(client_as("sotaichinh"), "sai-mat-khau")
    assert change(client_as("chutich"), DEMO_PASSWORD).status_code == 302
    assert User.objects.get(username="chutich").check_password(NEW)


def test_the_right_old_password_changes_it_before_the_limit(client_as):
    client = client_as("sotaichinh")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        change(client, "sai-mat-khau")
    assert change(client, DEMO_PASSWORD).status_code == 302
    assert User.objects.get(username="sotaichinh").check_password(NEW)
