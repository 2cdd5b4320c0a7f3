"""What a user and an operator meet in production mode: error pages in Vietnamese, the security
headers, downloads not kept, refused pages logged as one line. (The deployment check itself runs in
a subprocess with a production environment in test_settings.py.)"""

from __future__ import annotations

import logging
import re
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation
from django.views.defaults import bad_request, server_error

from dondoc.attachments.services import attachments_store
from dondoc.core.security import OneLineForbidden
from dondoc.documents.models import Document
from dondoc.tasks.models import Status, Task


def test_the_500_page_is_vietnamese_and_drawn_without_the_database():
    # No django_db mark: any query made while drawing the page fails this test.
    with translation.override("vi"):
        response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi hệ thống" in page and "Server Error" not in page
    assert '<html lang="vi">' in page


def test_the_500_page_follows_the_language_switch():
    with translation.override("en"):
        page = server_error(RequestFactory().get("/")).content.decode()
    assert "System error" in page and "Lỗi hệ thống" not in page


def test_the_400_page_is_vietnamese():
    with translation.override("vi"):
        response = bad_request(RequestFactory().get("/"), exception=ValueError("bad"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in page and "Bad Request" not in page


@pytest.mark.django_db
def test_a_refused_form_token_is_explained_in_vietnamese():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "vanphong", "password": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hiệu lực" in page and "CSRF" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/khong-co-trang-nay/", "Trang bạn tìm không có"),
        ("/nhiem-vu/99999999/", "Không tìm thấy nhiệm vụ."),
        ("/nhiem-vu/moi/?van_ban=99999999", "Trang bạn tìm không có"),
        ("/don-vi/khong-co/", "Không có đơn vị mã “khong-co”."),
    ],
)
def test_the_404_page_shows_our_message_and_never_an_exceptions_name(client_as, path, shown):
    response = client_as("vanphong").get(path)
    page = response.content.decode()
    assert response.status_code == 404
    assert shown in page
    for leak in ("Resolver404", "Http404", "NotFound", "matches the given query", "'path'"):
        assert leak not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "url"),
    [
        (None, "/tai-khoan/dang-nhap/"),
        ("vanphong", "/"),
        ("vanphong", "/nhiem-vu/"),
        ("vanphong", "/nhiem-vu/hop-thu/"),
        ("vanphong", "/nhiem-vu/cho-xu-ly/"),
        ("vanphong", "/nhiem-vu/thong-ke/"),
        ("vanphong", "/nhiem-vu/moi/"),
        ("vanphong", "/don-vi/"),
        ("vanphong", "/don-vi/lang-son/"),
        ("vanphong", "/van-ban/moi/"),
        ("vanphong", "/so-theo-doi/nhap/"),
        ("vanphong", "/tai-khoan/doi-mat-khau/"),
        ("vanphong", "/khong-co-trang-nay/"),
        ("quantri", "/quan-tri/"),
        ("quantri", "/quan-tri/accounts/user/"),
        ("quantri", "/quan-tri/organisations/unit/add/"),
    ],
)
def test_pages_carry_no_inline_script_style_or_handler_for_the_policy_to_block(
    client_as, user, url
):
    response = client_as(user).get(url)
    assert response.status_code == (404 if "khong-co" in url else 200), url
    _assert_policy_clean(response)


@pytest.mark.django_db
def test_a_task_page_and_its_action_forms_carry_nothing_inline(client_as):
    task = Task.objects.filter(
        current_lead_unit__code="so-tai-chinh", current_status=Status.OPEN, reported_on=None
    ).first()
    assert task is not None
    unit = client_as("sotaichinh")
    unit.post(
        reverse("tasks:action", args=[task.pk, "tien-do"]),
        {"version": task.version, "text": "Dòng 1\nDòng 2", "percent": 40},
    )
    page = unit.get(reverse("tasks:detail", args=[task.pk]))
    _assert_policy_clean(page)
    assert '<progress class="task-progress" value="40" max="100">' in page.content.decode()
    _assert_policy_clean(unit.get(reverse("tasks:action", args=[task.pk, "tien-do"])))


def _assert_policy_clean(response) -> None:
    page = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    inline_scripts = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", page)
        if "src=" not in tag and 'type="application/json"' not in tag
    ]
    assert inline_scripts == []
    assert re.findall(r"\son[a-z]+\s*=", page) == []
    assert re.findall(r"\sstyle\s*=", page) == []
    assert "<style" not in page


@pytest.mark.django_db
def test_htmx_is_told_not_to_add_its_indicator_style_and_the_page_script_is_a_file(client_as):
    page = client_as("vanphong").get("/").content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in page
    assert re.search(r'<script src="/static/dondoc/dondoc\.js" defer>', page)
    assert "data-submit-on-change" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/nhiem-vu/xuat/?dinh_dang=csv",
        "/nhiem-vu/xuat/?dinh_dang=xlsx",
        "/so-theo-doi/mau.xlsx",
    ],
)
def test_exports_are_not_kept_by_browsers_or_proxies(client_as, url):
    response = client_as("vanphong").get(url)
    assert response.status_code == 200, url
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_an_attached_file_is_not_kept_by_browsers_or_proxies(client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.filter(issuer__code="lang-son").first()
    assert document is not None
    upload = SimpleUploadedFile("ket-luan.pdf", b"%PDF-1.4\n%\xe2\xe3\n", "application/pdf")
    [stored] = attachments_store([upload], actor=None, document=document)
    response = client_as("vanphong").get(reverse("attachments:download", args=[stored.token]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_are_not_marked_no_store(client_as):
    assert "no-store" not in client_as("vanphong").get("/nhiem-vu/").get("Cache-Control", "")


@pytest.mark.django_db
def test_a_refused_page_is_logged_as_one_line_with_its_reason(client_as, caplog):
    task = Task.objects.filter(
        current_lead_unit__code="xa-dong-dang", current_status=Status.OPEN
    ).first()
    assert task is not None
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_as("tocongtac").get(reverse("tasks:action", args=[task.pk, "huy"]))
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    line = logging.Formatter("%(levelname)s %(name)s %(message)s").format(record)
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("WARNING django.request Forbidden (Permission denied): /nhiem-vu/")
    assert line.endswith(")") and "(" in line.split(": ", 1)[1]


def test_a_server_error_keeps_its_traceback_in_the_log():
    try:
        raise RuntimeError("hỏng")
    except RuntimeError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/",),
            sys.exc_info(),
        )  # fmt: skip
    record.status_code = 500
    assert OneLineForbidden().filter(record)
    line = logging.Formatter().format(record)
    assert "Traceback" in line and "RuntimeError: hỏng" in line


@pytest.mark.django_db
@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_HSTS_SECONDS=31536000,
    ALLOWED_HOSTS=["dondoc.example.vn"],
)
def test_behind_the_tls_proxy_plain_http_is_redirected_and_https_gets_hsts():
    client = Client(HTTP_HOST="dondoc.example.vn")
    plain = client.get("/tai-khoan/dang-nhap/", headers={"X-Forwarded-Proto": "http"})
    assert plain.status_code == 301
    assert plain["Location"] == "https://dondoc.example.vn/tai-khoan/dang-nhap/"
    secure = client.get("/tai-khoan/dang-nhap/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_djangos_own_debug_pages_are_left_without_the_policy_in_development(client_as):
    response = client_as("vanphong").get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Content-Security-Policy" not in response
