"""eventwire: a streaming news-to-event pipeline (articles in, event records out)."""

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

__version__ = "0.1.0"


def compiled_modules() -> list[str]:
    """The modules of this package that are compiled (mypyc C extensions beside or in place of
    their ``.py``, which the import system prefers): none in the editable dev install, the hot
    pipeline modules in a wheel built by ``pip wheel .`` (see docs/performance.md)."""
    root = Path(__file__).parent
    found = []
    for path in root.rglob("*"):
        suffix = next((s for s in EXTENSION_SUFFIXES if path.name.endswith(s)), None)
        if suffix is not None:
            parts = path.relative_to(root.parent).parts
            found.append(".".join((*parts[:-1], path.name.removesuffix(suffix))))
    return sorted(found)


def build_line() -> str:
    """One line for benchmarks to print: which build of eventwire runs, from where."""
    compiled = compiled_modules()
    where = Path(__file__).parent
    if not compiled:
        return f"eventwire build: pure Python ({where})"
    names = ", ".join(m.removeprefix("eventwire.") for m in compiled)
    return f"eventwire build: compiled, {len(compiled)} modules ({where}): {names}"
