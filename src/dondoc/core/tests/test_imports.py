"""`core` holds what every app shares, so it must not import any domain app: the dependency goes
from the apps to core, never back (a core that imports tasks could not be used by tasks' own
models, and every app would drag every other in)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
ALLOWED = {"dondoc", "dondoc.core", "dondoc.conf", "dondoc.settings"}


def _imported(source: str, package: str) -> set[str]:
    """Every dondoc module that `source`, a module of `package`, imports (relative imports
    resolved)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            found.add(module)
            if module == "dondoc":  # from dondoc import tasks
                found |= {f"dondoc.{alias.name}" for alias in node.names}
    return {name for name in found if name == "dondoc" or name.startswith("dondoc.")}


def _app(module: str) -> str:
    return ".".join(module.split(".")[:2])


def core_modules() -> dict[Path, str]:
    """Each module of core with its package; core's own tests are left out: they check core
    against the rows of the apps that use it."""
    return {
        path: ".".join(("dondoc", *path.relative_to(CORE.parent).parts[:-1]))
        for path in sorted(CORE.rglob("*.py"))
        if "tests" not in path.relative_to(CORE).parts
    }


def test_core_imports_no_domain_app():
    offending = {
        f"{path.relative_to(CORE.parent)} imports {module}"
        for path, package in core_modules().items()
        for module in _imported(path.read_text(), package)
        if _app(module) not in ALLOWED
    }
    assert not offending, sorted(offending)


def test_the_import_check_sees_every_kind_of_import():
    assert CORE / "pagecache.py" in core_modules()
    source = (
        "import dondoc.tasks.models\n"
        "from dondoc import documents\n"
        "from ..organisations.models import Unit\n"
        "from .dates import today\n"
        "from . import text\n"
    )
    assert _imported(source, "dondoc.core") == {
        "dondoc.tasks.models",
        "dondoc",
        "dondoc.documents",
        "dondoc.organisations.models",
        "dondoc.core.dates",
        "dondoc.core",
    }
