from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dondoc.accounts.models import User
from dondoc.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_demo_user_logs_in_and_lands_on_the_home_page():
    client = Client()
    response = log_in(client, "caoloc", DEMO_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    home = client.get(reverse("home"))
    assert "Chủ tịch UBND huyện Cao Lộc" in home.content.decode()


def test_passwords_are_kept_as_argon2_hashes():
    assert User.objects.get(username="vanphong").password.startswith("argon2")


def test_a_wrong_password_is_refused_with_a_vietnamese_message():
    response = log_in(Client(), "vanphong", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_from_that_address_with_a_clear_message():
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "vanphong", "sai-mat-khau")
    locked = log_in(client, "vanphong", DEMO_PASSWORD)  # even the right password, now
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "nhập sai mật khẩu quá nhiều lần" in page
    assert "15 phút" in page
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_user_name_so_colleagues_can_still_log_in():
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "vanphong", "sai-mat-khau")
    assert log_in(client, "chutich", DEMO_PASSWORD).status_code == 302


def test_a_correct_password_before_the_limit_resets_the_count():
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "vanphong", "sai-mat-khau")
    assert log_in(client, "vanphong", DEMO_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "vanphong", "sai-mat-khau")
    assert log_in(client, "vanphong", DEMO_PASSWORD).status_code == 302


def test_an_expired_session_sends_the_user_back_to_log_in():
    client = Client()
    log_in(client, "chutich", DEMO_PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session.set_expiry(timezone.now() - dt.timedelta(seconds=1))
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_sessions_last_a_working_day_and_end_with_the_browser():
    client = Client()
    log_in(client, "chutich", DEMO_PASSWORD)
    assert client.session.get_expiry_age() == 8 * 3600
    assert client.session.get_expire_at_browser_close()


def test_log_out_ends_the_session():
    client = Client()
    log_in(client, "chutich", DEMO_PASSWORD)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_changing_the_password_needs_the_old_one_and_says_so_in_vietnamese():
    client = Client()
    log_in(client, "sotaichinh", DEMO_PASSWORD)
    url = reverse("password_change")
    wrong = client.post(
        url,
        {"old_password": "x", "new_password1": "Lang-Son-2026!", "new_password2": "Lang-Son-2026!"},
    )
    assert "Mật khẩu hiện tại không đúng" in wrong.content.decode()
    done = client.post(
        url,
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "Lang-Son-2026!",
            "new_password2": "Lang-Son-2026!",
        },
    )
    assert done.status_code == 302
    assert User.objects.get(username="sotaichinh").check_password("Lang-Son-2026!")


def test_inactive_users_cannot_log_in():
    User.objects.filter(username="dongdang").update(is_active=False)
    assert log_in(Client(), "dongdang", DEMO_PASSWORD).status_code == 200
