"""Reading settings from the environment.

Each helper fails loudly, with the variable's name and what was wrong, rather than guessing: a typo
in a production environment must stop the process at start-up, not change its behaviour silently.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "", env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return env.get(name, default).strip()


def env_bool(name: str, default: bool, env: Mapping[str, str] | None = None) -> bool:
    raw = env_str(name, env=env).lower()
    if raw == "":
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of true/false, 1/0, yes/no."
    )


def env_int(
    name: str, default: int, *, minimum: int = 0, env: Mapping[str, str] | None = None
) -> int:
    raw = env_str(name, env=env)
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str], env: Mapping[str, str] | None = None) -> list[str]:
    raw = env_str(name, env=env)
    if raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int_list(
    name: str, default: list[int], *, minimum: int = 0, env: Mapping[str, str] | None = None
) -> list[int]:
    """Different whole numbers separated by commas ("5,1"), each at least `minimum`."""
    raw = env_str(name, env=env)
    if raw == "":
        return default
    values = []
    for item in raw.split(","):
        try:
            value = int(item.strip())
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}={raw!r} is not a list of whole numbers separated by commas."
            ) from None
        if value < minimum:
            raise ImproperlyConfigured(f"{name}={raw!r}: every number must be at least {minimum}.")
        if value in values:
            raise ImproperlyConfigured(f"{name}={raw!r} gives {value} twice.")
        values.append(value)
    return values


def env_database(
    name: str, default_sqlite_path: Path, env: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The database from a URL (`postgres://user@host:port/name` or `sqlite:///path`).

    Without one, the embedded SQLite database in the data folder, in WAL mode so that readers never
    wait for the writer, and with IMMEDIATE transactions so that two writers queue on the busy
    timeout instead of failing with "database is locked" half-way through a transaction. The
    timeout (`DONDOC_SQLITE_BUSY_SECONDS`, 5 s) is how long a write waits for another one; a web
    write that waits longer is answered "busy, try again" (core/busy.py), not left hanging.
    """
    import dj_database_url

    url = env_str(name, env=env)
    if url == "":
        url = f"sqlite:///{default_sqlite_path}"
    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name} must start with postgres:// or sqlite:///, not {scheme!r}."
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} could not be read: {exc}") from None
    if scheme == "sqlite":
        # Connections are kept, as for PostgreSQL: opening one runs the PRAGMAs below, which cost
        # about a millisecond, as much as serving a small page.
        # Pages are read through a memory map of the file (DONDOC_SQLITE_MMAP_MB, 0 to read them
        # with read() calls into each connection's small cache instead): the operating system's
        # cache then serves every connection and process, and walking the list's index over a
        # million tasks reads its pages about twice as fast (README, Performance).
        mmap_bytes = env_int("DONDOC_SQLITE_MMAP_MB", 8192, minimum=0, env=env) * 1024 * 1024
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                f"PRAGMA mmap_size={mmap_bytes};"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("DONDOC_SQLITE_BUSY_SECONDS", 5, minimum=1, env=env),
        }
    elif not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database: add /<database> at the end.")
    return config


# In development without a key file or DONDOC_SECRET_KEY: a key made afresh by each process and kept
# in memory only, so that tests and one-off commands need not write anything. Sessions signed with
# it end when the process does; `dondoc init_secret` (run by `make demo`) writes a lasting key.
EPHEMERAL_SECRET_KEY = "ephemeral-development-key-" + secrets.token_urlsafe(50)
SECRET_KEY_FILE = "secret_key"  # noqa: S105  (the file's name, not a key)
# What Django's deployment check asks of a key (security.W009), refused at start-up instead.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DIFFERENT = 5


def secret_key(*, production: bool, data_dir: Path, env: Mapping[str, str] | None = None) -> str:
    """`DONDOC_SECRET_KEY`; in development, else the key kept in the data folder by
    `dondoc init_secret`, else `EPHEMERAL_SECRET_KEY`. Reads only: it never writes a file."""
    key = env_str("DONDOC_SECRET_KEY", env=env)
    if key:
        if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_DIFFERENT:
            raise ImproperlyConfigured(
                f"DONDOC_SECRET_KEY is {len(key)} characters long, of {len(set(key))} different "
                f"ones; it must be random, at least {SECRET_KEY_MIN_LENGTH} characters long. "
                "Generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
            )
        return key
    if production:
        raise ImproperlyConfigured(
            "DONDOC_SECRET_KEY is not set. Production mode (DONDOC_DEBUG=false) refuses to start "
            "without one; generate it with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    path = data_dir / SECRET_KEY_FILE
    if path.is_file():
        return path.read_text().strip()
    return EPHEMERAL_SECRET_KEY


def write_secret_key(data_dir: Path) -> bool:
    """Keep a new development key in the data folder, readable by its owner only, unless one is
    there already. True when it wrote one."""
    path = data_dir / SECRET_KEY_FILE
    if path.exists():
        return False
    data_dir.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)  # whatever the umask
    path.write_text(secrets.token_urlsafe(50))
    return True
