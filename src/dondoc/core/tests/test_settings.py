from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from dondoc.conf import (
    EPHEMERAL_SECRET_KEY,
    env_bool,
    env_database,
    env_int,
    env_list,
    secret_key,
    write_secret_key,
)


def test_booleans_accept_the_usual_spellings_and_default_when_unset():
    assert env_bool("X", False, env={"X": "Yes"}) is True
    assert env_bool("X", True, env={"X": "0"}) is False
    assert env_bool("X", True, env={}) is True


def test_a_misspelt_boolean_stops_start_up_with_its_name():
    with pytest.raises(ImproperlyConfigured, match="DONDOC_DEBUG='ture' is not a boolean"):
        env_bool("DONDOC_DEBUG", False, env={"DONDOC_DEBUG": "ture"})


def test_numbers_must_be_whole_and_not_below_their_minimum():
    assert env_int("N", 8, env={"N": " 12 "}) == 12
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("N", 8, env={"N": "8h"})
    with pytest.raises(ImproperlyConfigured, match="must be at least 1"):
        env_int("N", 8, minimum=1, env={"N": "0"})


def test_lists_are_split_on_commas_and_trimmed():
    assert env_list("H", [], env={"H": "dondoc.langson.gov.vn, 10.0.0.5 ,"}) == [
        "dondoc.langson.gov.vn",
        "10.0.0.5",
    ]


def test_the_default_database_is_sqlite_in_wal_mode(tmp_path: Path):
    config = env_database("DATABASE_URL", tmp_path / "db.sqlite3", env={})
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert f"mmap_size={8192 * 1024 * 1024};" in config["OPTIONS"]["init_command"]


def test_sqlite_reads_through_a_memory_map_of_the_size_asked_for(tmp_path: Path):
    env = {"DONDOC_SQLITE_MMAP_MB": "0"}
    config = env_database("DATABASE_URL", tmp_path / "db.sqlite3", env=env)
    assert "PRAGMA mmap_size=0;" in config["OPTIONS"]["init_command"]
    with pytest.raises(ImproperlyConfigured):
        env_database("DATABASE_URL", tmp_path / "db.sqlite3", env={"DONDOC_SQLITE_MMAP_MB": "-1"})


def test_a_postgres_url_is_read_whole(tmp_path: Path):
    url = "postgres://dondoc:secret@db.local:5433/dondoc"
    config = env_database("DATABASE_URL", tmp_path / "x", env={"DATABASE_URL": url})
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.local", 5433, "dondoc")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/dondoc", "must start with postgres:// or sqlite:///"),
        ("postgres://postgres@127.0.0.1:5432", "names no database"),
        ("postgres://postgres@127.0.0.1:port/x", "could not be read"),
    ],
)
def test_a_bad_database_url_says_what_is_wrong(tmp_path: Path, url: str, message: str):
    with pytest.raises(ImproperlyConfigured, match=message):
        env_database("DATABASE_URL", tmp_path / "x", env={"DATABASE_URL": url})


def test_development_without_a_key_file_uses_the_ephemeral_key_and_writes_nothing(tmp_path: Path):
    data_dir = tmp_path / "data"
    first = secret_key(production=False, data_dir=data_dir, env={})
    assert first == secret_key(production=False, data_dir=data_dir, env={}) == EPHEMERAL_SECRET_KEY
    assert len(first) >= 50
    assert not data_dir.exists()


def test_development_reads_the_key_file_that_init_secret_writes_once(tmp_path: Path):
    data_dir = tmp_path / "data"
    assert write_secret_key(data_dir) is True
    kept = (data_dir / "secret_key").read_text()
    assert write_secret_key(data_dir) is False and (data_dir / "secret_key").read_text() == kept
    assert oct((data_dir / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert secret_key(production=False, data_dir=data_dir, env={}) == kept != EPHEMERAL_SECRET_KEY


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path):
    with pytest.raises(ImproperlyConfigured, match="refuses to start"):
        secret_key(production=True, data_dir=tmp_path, env={})
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("production", [True, False])
def test_a_secret_key_shorter_than_fifty_characters_is_refused_with_its_length(
    tmp_path: Path, production: bool
):
    key = secrets.token_urlsafe(50)[:49]
    with pytest.raises(ImproperlyConfigured, match=r"is 49 characters long.*at least 50"):
        secret_key(production=production, data_dir=tmp_path, env={"DONDOC_SECRET_KEY": key})


def test_a_secret_key_of_fifty_random_characters_is_taken(tmp_path: Path):
    key = secrets.token_urlsafe(50)[:50]
    assert secret_key(production=True, data_dir=tmp_path, env={"DONDOC_SECRET_KEY": key}) == key


def test_a_long_secret_key_that_is_not_random_is_refused(tmp_path: Path):
    with pytest.raises(ImproperlyConfigured, match="of 2 different ones; it must be random"):
        secret_key(production=True, data_dir=tmp_path, env={"DONDOC_SECRET_KEY": "ab" * 40})


def _dondoc(
    tmp_path: Path, *args: str, command: str = "check", **env: str
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "DATABASE_URL"))}
    clean |= {"DONDOC_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(  # noqa: S603  (our own interpreter and arguments)
        [sys.executable, "-m", "dondoc", command, *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_dondoc_command_stops_in_production_mode_without_a_key(tmp_path: Path):
    result = _dondoc(tmp_path, DONDOC_DEBUG="false", DONDOC_ALLOWED_HOSTS="dondoc.example.vn")
    assert result.returncode != 0
    assert "DONDOC_SECRET_KEY is not set" in result.stderr


def test_the_dondoc_command_stops_in_production_mode_without_allowed_hosts(tmp_path: Path):
    result = _dondoc(tmp_path, DONDOC_DEBUG="false", DONDOC_SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0
    assert "DONDOC_ALLOWED_HOSTS is empty" in result.stderr


def test_the_deployment_check_finds_no_issue_in_a_complete_production_configuration(
    tmp_path: Path,
):
    result = _dondoc(
        tmp_path,
        "--deploy",
        "--fail-level",
        "WARNING",
        DONDOC_DEBUG="false",
        DONDOC_SECRET_KEY=secrets.token_urlsafe(50),
        DONDOC_ALLOWED_HOSTS="dondoc.example.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_https_redirect_and_hsts_can_be_turned_off_for_a_plain_http_server(tmp_path: Path):
    result = _dondoc(
        tmp_path,
        "--deploy",
        DONDOC_DEBUG="false",
        DONDOC_SECRET_KEY=secrets.token_urlsafe(50),
        DONDOC_ALLOWED_HOSTS="127.0.0.1",
        DONDOC_SSL_REDIRECT="false",
        DONDOC_HSTS_SECONDS="0",
    )
    assert result.returncode == 0, result.stderr
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


_PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def test_importing_the_settings_in_development_writes_no_file(tmp_path: Path):
    data_dir = tmp_path / "data"
    result = _dondoc(data_dir, "--no-imports", "-c", _PRINT_KEY, command="shell")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("ephemeral-development-key-")
    assert not data_dir.exists()


def test_the_demo_writes_the_key_before_migrating_and_later_processes_read_it(tmp_path: Path):
    makefile = (Path(__file__).resolve().parents[4] / "Makefile").read_text()
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert demo.index("dondoc init_secret") < demo.index("dondoc migrate")
    data_dir = tmp_path / "data"
    result = _dondoc(data_dir, command="init_secret")
    assert result.returncode == 0, result.stderr
    kept = (data_dir / "secret_key").read_text()
    assert oct((data_dir / "secret_key").stat().st_mode & 0o777) == "0o600"
    for _ in range(2):  # two processes, as a restarted server: the same key, so sessions survive
        result = _dondoc(data_dir, "--no-imports", "-c", _PRINT_KEY, command="shell")
        assert result.stdout.strip() == kept


_PRINT_HTTPS = (
    "from django.conf import settings; "
    "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, settings.DEBUG)"
)


def test_development_neither_redirects_to_https_nor_sends_hsts(tmp_path: Path):
    result = _dondoc(tmp_path, "--no-imports", "-c", _PRINT_HTTPS, command="shell")
    assert result.stdout.split() == ["False", "0", "True"], result.stderr


def _demo_environment() -> dict[str, str]:
    """The variables `make demo` serves with (its DEMO_ENV), the secret key aside."""
    makefile = (Path(__file__).resolve().parents[4] / "Makefile").read_text()
    block = makefile.split("\nDEMO_ENV =", 1)[1].split("\n\n", 1)[0].replace("\\\n", " ")
    pairs = dict(re.findall(r"\b(DONDOC_\w+)=(\S+)", block))
    assert "DONDOC_SECRET_KEY" in pairs
    return {k: v for k, v in pairs.items() if k != "DONDOC_SECRET_KEY"}


_PRINT_DEMO = (
    "from django.conf import settings as s; "
    "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
    "s.SECURE_HSTS_SECONDS, ','.join(s.ALLOWED_HOSTS), s.STORAGES['staticfiles']['BACKEND'])"
)


def test_the_demo_serves_with_debug_off_over_plain_http_on_this_machine(tmp_path: Path):
    env = _demo_environment()
    key = secrets.token_urlsafe(50)
    result = _dondoc(
        tmp_path, "--no-imports", "-c", _PRINT_DEMO, command="shell", **env, DONDOC_SECRET_KEY=key
    )
    debug, session_secure, csrf_secure, redirect, hsts, hosts, storage = result.stdout.split()
    assert (debug, session_secure, csrf_secure, redirect, hsts) == ("False",) * 4 + ("0",)
    assert {"127.0.0.1", "localhost"} <= set(hosts.split(","))
    assert storage == "dondoc.core.storage.StaticFilesStorage"


def test_production_sends_cookies_over_https_only_unless_told(tmp_path: Path):
    production = {
        "DONDOC_DEBUG": "false",
        "DONDOC_SECRET_KEY": secrets.token_urlsafe(50),
        "DONDOC_ALLOWED_HOSTS": "dondoc.example.vn",
    }
    result = _dondoc(tmp_path, "--no-imports", "-c", _PRINT_DEMO, command="shell", **production)
    assert result.stdout.split()[1:3] == ["True", "True"], result.stderr


def test_the_demo_collects_static_files_into_the_data_folder_which_git_ignores():
    checkout = Path(__file__).resolve().parents[4]
    demo = (checkout / "Makefile").read_text().split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert demo.index("dondoc collectstatic") < demo.index("dondoc runserver")
    assert "/data/" in (checkout / ".gitignore").read_text().split()
