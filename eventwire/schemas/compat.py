"""Compares two versions of the published JSON Schemas and lists the changes that would break
a consumer (or a producer of ``article_in``): a message type or field removed, a field made
required, a type, enum, constant, pattern or bound narrowed. Widening is not breaking."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eventwire.schemas.export import SCHEMA_DIR

RELEASED_DIR = Path(__file__).parent / "released"
"""One folder per released schema_version, holding that release's schema files."""

Schema = dict[str, Any]


def released_versions() -> list[str]:
    """Released schema versions, oldest first."""
    return sorted(
        (path.name for path in RELEASED_DIR.iterdir() if path.is_dir()),
        key=_version_key,
    )


def load_schemas(folder: Path) -> dict[str, Schema]:
    """Every ``<stem>.schema.json`` in a folder, keyed by stem."""
    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.schema.json"))
    }


def current_schemas() -> dict[str, Schema]:
    return load_schemas(SCHEMA_DIR)


class _Walker:
    def __init__(self, old_root: Schema, new_root: Schema) -> None:
        self.old_root = old_root
        self.new_root = new_root
        self.seen: set[tuple[str, str]] = set()
        self.problems: list[str] = []

    def resolve(self, node: Schema, root: Schema) -> Schema:
        while "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/$defs/"):
                raise ValueError(f"unsupported $ref {ref!r}")
            node = root["$defs"][ref.removeprefix("#/$defs/")]
        return node

    def branches(self, node: Schema, root: Schema) -> list[Schema]:
        node = self.resolve(node, root)
        if "anyOf" in node or "oneOf" in node:
            children: list[Schema] = node.get("anyOf") or node.get("oneOf") or []
            return [branch for child in children for branch in self.branches(child, root)]
        return [node]

    @staticmethod
    def kinds(branches: list[Schema]) -> set[str]:
        found: set[str] = set()
        for branch in branches:
            kind = branch.get("type")
            if kind is None:
                found.add("any")
            elif isinstance(kind, list):
                found.update(kind)
            else:
                found.add(kind)
        if "number" in found:
            found.add("integer")  # a number accepts every integer
        return found

    @staticmethod
    def values(branches: list[Schema]) -> set[str] | None:
        """Allowed values where every branch is an enum or const; None where any is open."""
        allowed: set[str] = set()
        for branch in branches:
            if "const" in branch:
                allowed.add(json.dumps(branch["const"]))
            elif "enum" in branch:
                allowed.update(json.dumps(value) for value in branch["enum"])
            else:
                return None
        return allowed

    def compare(self, old: Schema, new: Schema, where: str) -> None:
        old_branches = self.branches(old, self.old_root)
        new_branches = self.branches(new, self.new_root)
        old_kinds, new_kinds = self.kinds(old_branches), self.kinds(new_branches)
        if "any" not in new_kinds and old_kinds - new_kinds:
            self.problems.append(
                f"{where}: type narrowed, no longer accepts {sorted(old_kinds - new_kinds)}"
            )
        old_values, new_values = self.values(old_branches), self.values(new_branches)
        if new_values is not None and (old_values is None or old_values - new_values):
            lost = sorted(old_values - new_values) if old_values is not None else ["(any value)"]
            self.problems.append(f"{where}: allowed values narrowed, lost {lost}")
        for kind in ("object", "array", "string", "number", "integer"):
            old_of = [b for b in old_branches if b.get("type") == kind]
            new_of = [b for b in new_branches if b.get("type") == kind]
            if len(old_of) == 1 and len(new_of) == 1:
                self.compare_branch(kind, old_of[0], new_of[0], where)

    def compare_branch(self, kind: str, old: Schema, new: Schema, where: str) -> None:
        key = (json.dumps(old, sort_keys=True), json.dumps(new, sort_keys=True))
        if key in self.seen:
            return
        self.seen.add(key)
        if kind == "object":
            self.compare_object(old, new, where)
        elif kind == "array":
            if "items" in old and "items" in new:
                self.compare(old["items"], new["items"], f"{where}[]")
        elif kind == "string":
            if new.get("pattern") not in (None, old.get("pattern")):
                self.problems.append(f"{where}: pattern changed to {new['pattern']!r}")
            if new.get("format") not in (None, old.get("format")):
                self.problems.append(f"{where}: format changed to {new['format']!r}")
            for bound, tighter in (("maxLength", min), ("minLength", max)):
                self.compare_bound(old, new, bound, tighter, where)
        else:
            for bound, tighter in (
                ("maximum", min),
                ("exclusiveMaximum", min),
                ("minimum", max),
                ("exclusiveMinimum", max),
            ):
                self.compare_bound(old, new, bound, tighter, where)

    def compare_bound(self, old: Schema, new: Schema, bound: str, tighter: Any, where: str) -> None:
        if bound not in new:
            return
        if bound not in old or tighter(old[bound], new[bound]) != old[bound]:
            self.problems.append(f"{where}: {bound} tightened to {new[bound]!r}")

    def compare_object(self, old: Schema, new: Schema, where: str) -> None:
        old_props: Schema = old.get("properties", {})
        new_props: Schema = new.get("properties", {})
        for name in sorted(set(old_props) - set(new_props)):
            self.problems.append(f"{where}.{name}: field removed")
        for name in sorted(set(new.get("required", [])) - set(old.get("required", []))):
            self.problems.append(f"{where}.{name}: field is now required")
        for name in sorted(set(old_props) & set(new_props)):
            self.compare(old_props[name], new_props[name], f"{where}.{name}")


def breaking_changes(old: dict[str, Schema], new: dict[str, Schema]) -> list[str]:
    """Every change from ``old`` to ``new`` schema files that would break a consumer."""
    problems: list[str] = []
    for stem in sorted(old):
        if stem not in new:
            problems.append(f"{stem}: message schema removed")
            continue
        walker = _Walker(old[stem], new[stem])
        walker.compare(old[stem], new[stem], stem)
        problems.extend(walker.problems)
    return problems


def changelog_section(changelog: str, version: str) -> str:
    """The text under ``## schema_version <version>`` up to the next ``## `` heading."""
    heading = f"## schema_version {version}"
    start = changelog.find(heading)
    if start < 0:
        return ""
    end = changelog.find("\n## ", start + len(heading))
    return changelog[start : end if end >= 0 else len(changelog)]


def unannounced(
    problems: list[str], version: str, released_version: str, changelog: str
) -> list[str]:
    """The breaking changes that a release would ship unannounced: all of them when
    ``schema_version`` was not bumped past the last release, else those whose field (the last
    part of the path) the CHANGELOG section of the new version does not name."""
    if not problems:
        return []
    if _version_key(version) <= _version_key(released_version):
        return [
            f"{p} (schema_version {version} not bumped past {released_version})" for p in problems
        ]
    section = changelog_section(changelog, version)
    missing = []
    for problem in problems:
        path = problem.split(":", 1)[0]
        field = path.rsplit(".", 1)[-1].removesuffix("[]")
        if f"`{field}`" not in section and f"`{path}`" not in section:
            missing.append(f"{problem} (not in the CHANGELOG under schema_version {version})")
    return missing


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
