"""The site as `make demo` and production serve it, DEBUG off: static files collected and served by
WhiteNoise under hashed names, the favicon, and the Vietnamese 404 and 500 pages through the whole
middleware stack. (pytest-django runs every test with DEBUG off; the settings module was read in
development mode, so production's storage is set here as the settings would set it.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from dondoc.accounts.models import User
from dondoc.conftest import MODEL_BACKEND

PRODUCTION_STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "dondoc.core.storage.StaticFilesStorage"},
}


@pytest.fixture
def collected(tmp_path: Path):
    """Production's static files: collected into a folder of their own, as `make demo` does
    into the data folder, and served from there only."""
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=tmp_path / "static",
        STORAGES=PRODUCTION_STORAGES,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield tmp_path / "static"


def test_static_files_are_served_by_whitenoise_under_hashed_names_kept_a_year(collected, db):
    login = Client().get("/tai-khoan/dang-nhap/")
    assert login.status_code == 200
    page = login.content.decode()
    [stylesheet] = re.findall(r'href="(/static/dondoc/dondoc\.[0-9a-f]{12}\.css)"', page)
    [script] = re.findall(r'src="(/static/vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js)"', page)
    css = Client().get(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")
    assert css["Content-Encoding"] == "gzip"
    assert "immutable" in css["Cache-Control"] and "max-age=315360000" in css["Cache-Control"]
    assert Client().get(script).status_code == 200
    # Bootstrap's stylesheet names its source map by its hashed name too.
    [bootstrap] = re.findall(
        r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]+\.css)"', page
    )
    text = b"".join(Client().get(bootstrap).streaming_content).decode()  # type: ignore[attr-defined]
    [source_map] = re.findall(r"sourceMappingURL=(\S+\.map)", text)
    assert re.fullmatch(r"bootstrap\.min\.css\.[0-9a-f]{12}\.map", source_map)


def test_a_static_file_that_is_not_there_is_a_plain_404(collected, db):
    assert Client().get("/static/dondoc/khong-co.css").status_code == 404


def test_browsers_find_the_icon_at_the_root_and_in_every_page(collected, db):
    icon = Client().get("/favicon.ico")
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/x-icon"
    page = Client().get("/tai-khoan/dang-nhap/").content.decode()
    [href] = re.findall(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert Client().get(href).status_code == 200


def test_an_unknown_address_answers_the_vietnamese_404_page_with_its_styles(collected, client_as):
    response = client_as("vanphong").get("/khong-co-trang-nay/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy" in page and "Trang bạn tìm không có" in page
    assert '<html lang="vi">' in page
    assert re.search(r'href="/static/dondoc/dondoc\.[0-9a-f]{12}\.css"', page)
    assert "Not Found" not in page and "Page not found" not in page


def _fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("hỏng")


urlpatterns = [path("hong/", _fails), path("", include("dondoc.urls"))]
handler404 = "dondoc.core.views.page_not_found"
handler500 = "dondoc.core.views.server_error"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_an_exception_in_a_page_gives_the_vietnamese_500_page(collected):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="vanphong"), backend=MODEL_BACKEND)
    response = client.get("/hong/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi hệ thống" in page and "Hãy thử lại sau ít phút" in page
    assert "RuntimeError" not in page and "hỏng" not in page and "Server Error" not in page
    assert re.search(r'href="/static/dondoc/dondoc\.[0-9a-f]{12}\.css"', page)
    assert "default-src 'self'" in response["Content-Security-Policy"]
