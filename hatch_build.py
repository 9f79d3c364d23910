"""Wheel build hook: compile the hot pure pipeline modules with mypyc (docs/performance.md).

A wheel (``pip install .``, ``pip wheel .``, the Docker image) holds a C extension for each
module listed under ``compile`` in ``[tool.hatch.build.targets.wheel.hooks.custom]`` of
pyproject.toml, beside its ``.py`` (the import system prefers the extension). The editable
install (``make install``) and any build with ``EVENTWIRE_PURE=1`` stay pure Python.

mypyc runs on a copy of the package's ``.py`` files in a temporary folder, never in the source
tree: no ``.so`` lands beside the sources, where it would shadow them in the editable install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PURE_VARIABLE = "EVENTWIRE_PURE"

TYPED_IMPORTS = ("pydantic", "numpy", "lingua-language-detector", "ftfy", "pycountry")
"""Runtime dependencies that mypy needs to type-check what the compiled modules import (their
versions are the project's own)."""

_SETUP = """\
from setuptools import setup
from mypyc.build import mypycify

setup(name="eventwire-compiled", ext_modules=mypycify({modules!r}, opt_level="3"))
"""


def _pure(version: str = "") -> bool:
    return version == "editable" or os.environ.get(PURE_VARIABLE, "") not in ("", "0")


def _name(requirement: str) -> str:
    found = re.match(r"[A-Za-z0-9._-]+", requirement)
    return found.group(0).lower().replace("_", "-") if found else ""


class CompileHook(BuildHookInterface):
    """Compiles ``compile``'s modules into the wheel, unless editable or pure."""

    def dependencies(self) -> list[str]:
        if _pure():
            return []
        typed = [d for d in self.metadata.core.dependencies if _name(d) in TYPED_IMPORTS]
        return [self.config["mypy"], "setuptools", *typed]

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or _pure(version):
            return
        modules: list[str] = self.config["compile"]
        self._folder = Path(tempfile.mkdtemp(prefix="eventwire-mypyc-"))
        root = Path(self.root)
        package = root / "eventwire"
        shutil.copytree(
            package,
            self._folder / "eventwire",
            ignore=lambda folder, names: [
                n for n in names if not (n.endswith(".py") or (Path(folder) / n).is_dir())
            ],
        )
        shutil.copy2(root / "pyproject.toml", self._folder)  # mypy's configuration
        (self._folder / "setup.py").write_text(_SETUP.format(modules=modules), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "setup.py", "build_ext", "--inplace", "--parallel", "2"],
            cwd=self._folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"mypyc failed on {modules}:\n{done.stdout}")
        extensions = [
            path
            for pattern in ("*.so", "*.pyd")
            for path in self._folder.rglob(pattern)
            if path.relative_to(self._folder).parts[0] != "build"  # setuptools' own copies
        ]
        if len(extensions) <= len(modules):  # one per module and mypyc's shared runtime
            raise RuntimeError(f"mypyc built {extensions}, expected one per module of {modules}")
        for path in extensions:
            build_data["force_include"][str(path)] = path.relative_to(self._folder).as_posix()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
