from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_log_in_page_speaks_vietnamese_with_its_diacritics():
    page = Client().get(reverse("login")).content.decode()
    assert '<html lang="vi">' in page
    for text in ("Đăng nhập", "Tên đăng nhập", "Mật khẩu", "Tiếng Việt"):
        assert text in page


def test_the_language_switch_turns_the_site_to_english_and_back():
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page and "Log in" in page and "Password" in page
    client.post(reverse("set_language"), {"language": "vi", "next": reverse("login")})
    assert "Mật khẩu" in client.get(reverse("login")).content.decode()


def test_dates_are_written_day_month_year(client_as):
    page = client_as("chutich").get(reverse("units:tree"), {"ngay": "2020-06-19"}).content.decode()
    assert "vào ngày 19/06/2020" in page


def test_a_bad_date_in_the_tree_filter_is_explained_in_vietnamese(client_as):
    page = client_as("chutich").get(reverse("units:tree"), {"ngay": "31/02/2025"}).content.decode()
    assert "ngày 31/02/2025 không tồn tại" in page


def test_the_tree_search_ignores_diacritics(client_as):
    response = client_as("chutich").get(
        reverse("units:tree"), {"ngay": "01/01/2020", "q": "trang dinh"}
    )
    names = response.content.decode()
    assert "Ủy ban nhân dân huyện Tràng Định" in names
    assert "Ủy ban nhân dân huyện Cao Lộc" not in names


def test_htmx_gets_only_the_tree_rows(client_as):
    response = client_as("chutich").get(
        reverse("units:tree"), {"q": "dong dang"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "<html" not in page and "UBND xã Đồng Đăng" in page


def test_pages_fit_a_phone(client_as):
    page = client_as("caoloc").get(reverse("home")).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert "navbar-toggler" in page


def test_the_english_catalogue_translates_every_message():
    from pathlib import Path

    from django.conf import settings

    po = (Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po").read_text(
        encoding="utf-8"
    )
    entries = po.split("\n\n")[1:]
    untranslated = [
        e for e in entries if 'msgstr ""' in e and '\n"' not in e.split('msgstr ""', 1)[1][:2]
    ]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert untranslated == [] and fuzzy == []


def test_a_browser_that_prefers_english_still_gets_vietnamese_until_the_user_switches():
    client = Client()
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page and 'lang="vi"' in page
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    switched = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'lang="en"' in switched
