"""The dependency rule of DESIGN.md: which package may import which."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "eventwire"

ALLOWED: dict[str, set[str]] = {
    "schemas": {"schemas"},
    "pipeline": {"pipeline", "schemas"},
    "channels": {"channels", "schemas", "settings"},
    "producers": {"producers", "schemas", "settings"},
    "workers": {"workers", "pipeline", "channels", "schemas", "settings"},
}
"""eventwire subpackages (and the top-level settings module) each package may import."""

IO_LIBRARIES = {"celery", "kombu", "redis", "fakeredis", "requests", "httpx", "socket", "structlog"}
"""What no pipeline module may import by name."""

LOADED_FORBIDDEN = {"celery", "kombu", "redis", "fakeredis", "structlog"}
"""What importing the pipeline may not load even indirectly (the standard library may load
socket for its own reasons, so it is checked by name only)."""


def _imports(path: Path) -> set[str]:
    """Every module a file imports, as dotted names."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(package: str) -> list[Path]:
    return sorted((PACKAGE / package).rglob("*.py"))


class TestDependencyRule:
    """Arrows point only at what may be imported."""

    @pytest.mark.parametrize("package", sorted(ALLOWED))
    def test_package_imports_only_what_it_may(self, package: str) -> None:
        """No module of a package imports an eventwire package outside its allowed set."""
        offending = []
        for path in _modules(package):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "eventwire" and len(parts) > 1 and parts[1] not in ALLOWED[package]:
                    offending.append(f"{path.relative_to(PACKAGE)} imports {name}")
        assert not offending, "\n".join(offending)

    def test_pipeline_imports_no_io_library(self) -> None:
        """pipeline/ names no broker, Redis, network or logging library in any import."""
        offending = [
            f"{path.relative_to(PACKAGE)} imports {name}"
            for path in _modules("pipeline")
            for name in _imports(path)
            if name.split(".")[0] in IO_LIBRARIES
        ]
        assert not offending, "\n".join(offending)

    def test_pipeline_loads_nothing_with_io_at_run_time(self) -> None:
        """Importing every pipeline module loads no celery, redis or settings module."""
        modules = [
            "eventwire." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
            for path in _modules("pipeline")
        ]
        code = (
            "import importlib, sys\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name.removesuffix('.__init__'))\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            f"{sorted(LOADED_FORBIDDEN)!r} or m == 'eventwire.settings'"
            " or m.startswith('eventwire.workers'))\n"
            "print(','.join(bad))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == ""

    @pytest.mark.parametrize("package", ["producers", "channels"])
    def test_producers_and_channels_load_no_worker_code(self, package: str) -> None:
        """Importing producers or channels never loads eventwire.workers."""
        code = (
            f"import eventwire.{package}, sys\n"
            "print(','.join(sorted(m for m in sys.modules if m.startswith('eventwire.workers'))))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == ""
