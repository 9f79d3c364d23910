"""The compiled build is right: a wheel built from this checkout (hatch_build.py compiles the
hot pipeline modules with mypyc) and installed into a folder of its own gives the very outputs
of the pure Python: bench/enrich_identity.py's digests equal, and the seed gold and the event
coder's seed tests pass under it. Each run is a subprocess with a clean sys.path
(``python -P``), so the source tree never shadows the installed package. Building the wheel
takes a few minutes: these tests run in an xdist group of their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.shared_eval import has_eval_file

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.xdist_group("compiled_build"),
    pytest.mark.timeout(1200),
    pytest.mark.skipif(
        not has_eval_file("geovirus.jsonl"), reason="../shared/eval is not beside the repo"
    ),
]

_WHERE = (
    "import eventwire, json; print(json.dumps([eventwire.__file__, eventwire.compiled_modules()]))"
)
_SEED_TESTS = ("tests/pipeline/test_seed_gold.py", "tests/pipeline/coding/test_coder.py")


def _environment(site: Path | None) -> dict[str, str]:
    """This interpreter's environment with the compiled package first on the path, or (None)
    the pure package of the editable install."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EVENTWIRE_PURE")}
    if site is not None:
        env["PYTHONPATH"] = str(site)
    return env


def _python(args: list[str], site: Path | None) -> str:
    """Run ``python -P args`` from the repository root; its standard output."""
    done = subprocess.run(
        [sys.executable, "-P", *args],
        cwd=ROOT,
        env=_environment(site),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def _site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the compiled wheel installed with ``pip install --target``."""
    out = tmp_path_factory.mktemp("compiled")
    env = _environment(None)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--wheel-dir",
            str(out / "wheel"),
            ROOT,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-5000:] + built.stderr[-5000:]
    (wheel,) = (out / "wheel").glob("eventwire-*.whl")
    assert not wheel.name.endswith("-none-any.whl"), f"{wheel.name} is a pure wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", out / "site", wheel],
        env=env,
        capture_output=True,
        check=True,
    )
    return out / "site"


def test_compiled_build_matches_the_pure_one(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One test, so that the wheel is built once (a session fixture was built twice under
    xdist in CI, 3 min each): the listed modules are compiled, the enrichment digests equal the
    pure ones, and the seed gold and coder tests pass compiled."""
    site = _site(tmp_path_factory)
    _check_listed_modules_are_compiled_and_imported(site)
    _check_enrichment_digests_equal_the_pure_ones(site)
    _check_seed_tests_pass_compiled(site)


def _check_listed_modules_are_compiled_and_imported(site: Path) -> None:
    """Under the installed wheel every module of pyproject.toml's ``compile`` list is a C
    extension; the editable install imports the source tree, with none."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = config["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["custom"]
    expected = sorted(p.removesuffix(".py").replace("/", ".") for p in listed["compile"])
    where, compiled = json.loads(_python(["-c", _WHERE], site))
    assert Path(where).is_relative_to(site)
    assert compiled == expected
    where, compiled = json.loads(_python(["-c", _WHERE], None))
    assert Path(where).is_relative_to(ROOT)
    assert compiled == []


def _check_enrichment_digests_equal_the_pure_ones(site: Path) -> None:
    """bench/enrich_identity.py prints the same digests (each section, all enrichment,
    event coding) under the compiled build as under the pure Python."""
    script = str(ROOT / "bench" / "enrich_identity.py")
    compiled = _python([script], site)
    pure = _python([script], None)
    assert "with event coding:" in pure
    assert compiled == pure


def _check_seed_tests_pass_compiled(site: Path) -> None:
    """The seed gold and the event coder's tests pass with the compiled modules imported
    (pytest appends the repository root, after the installed wheel)."""
    run = (
        "import sys, eventwire, pytest; "
        "assert eventwire.compiled_modules(), eventwire.__file__; "
        "sys.exit(pytest.main(sys.argv[1:]))"
    )
    out = _python(
        ["-c", run, "-q", "-p", "no:cacheprovider", "--import-mode=append", *_SEED_TESTS],
        site,
    )
    assert " passed" in out
    assert " failed" not in out
