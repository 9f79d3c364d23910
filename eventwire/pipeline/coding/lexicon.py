"""The Phoenix agent dictionary (nouns such as 'government' or 'rebels' that qualify an actor)
and the discard list (phrases whose sentence, or story, is not coded)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from eventwire.pipeline.coding.verbs import DICTIONARY_DIR, Phrase, plurals

_CODE = re.compile(r"\[([^\]]*)\]")
_PLURAL = re.compile(r"\{([^}]*)\}")
_SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")


@dataclass(frozen=True, slots=True)
class Agent:
    """An agent noun's code, and whether it goes after the actor code (``~GOV``) or before
    (``NGO~``)."""

    code: str
    suffix: bool

    def qualify(self, actor_code: str) -> str:
        """'SYR' qualified by GOV is 'SYRGOV'."""
        return actor_code + self.code if self.suffix else self.code + actor_code


def _words(text: str) -> Phrase:
    return tuple(word for word in re.split(r"[\s_]+", text.strip().upper()) if word)


def parse_agents(text: str) -> dict[Phrase, Agent]:
    """Every agent phrase (with its plurals and substitutions) and its code."""
    substitutions: dict[str, list[str]] = {}
    agents: dict[Phrase, Agent] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("<!"):
            continue
        if match := _SUBSTITUTION.match(line):
            substitutions[match.group(1)] = [part.strip() for part in match.group(2).split(",")]
            continue
        codes = _CODE.findall(line.replace("}", "]").replace("[~", "[~"))
        code_text = next((c for c in codes if "~" in c), None)
        if code_text is None:
            continue
        agent = Agent(code=code_text.strip("~ "), suffix=code_text.startswith("~"))
        plural = _PLURAL.search(line)
        head = _PLURAL.sub("", _CODE.sub("", line)).strip()
        variants = [head]
        for marker, options in substitutions.items():
            if marker in head:
                variants = [head.replace(marker, option) for option in options]
        for variant in variants:
            phrase = _words(variant)
            if not phrase:
                continue
            agents.setdefault(phrase, agent)
            if "!" in head:
                continue  # substitutions already spell every form
            if plural is None:
                for form in plurals(phrase[-1]):
                    agents.setdefault((*phrase[:-1], form), agent)
            elif plural.group(1).strip():
                agents.setdefault(_words(plural.group(1)), agent)
    return agents


@dataclass(frozen=True, slots=True)
class Discards:
    """Phrases that stop coding of their sentence, or (``story``) of the whole article."""

    sentence: frozenset[Phrase]
    story: frozenset[Phrase]


DISCARD_EXCEPTIONS = frozenset(
    {
        ("AVIAN", "FLU"),
        ("AVIAN", "INFLUENZA"),
        ("BIRD", "FLU"),
        ("H5N1",),
        ("EBOLA",),
        ("BACTERIA", "EPIDEMIC"),
        ("CONTRACTED", "CHOLERA"),
        ("EQUINE", "INFLUENZA"),
        ("RIFT", "VALLEY", "FEVER"),
        ("WEST", "NILE", "FEVER"),
        ("WEST", "NILE", "VIRUS"),
        ("DENGUE", "FEVER"),
    }
)
"""Discard entries eventwire does not apply: outbreak news is full of codable statements and aid
("Romania confirmed an outbreak of bird flu"). They were listed to keep a disease from being
coded as an attacker ("H5N1 has killed two women"); the coder prevents that instead, by coding
an act of force only with a source actor or in the agentless passive."""


def parse_discards(text: str) -> Discards:
    sentence: set[Phrase] = set()
    story: set[Phrase] = set()
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("+"):
            story.add(_words(line[1:]))
        else:
            sentence.add(_words(line))
    return Discards(
        frozenset(sentence - {()} - DISCARD_EXCEPTIONS),
        frozenset(story - {()} - DISCARD_EXCEPTIONS),
    )


def load_agents(path: Path = DICTIONARY_DIR / "Phoenix.agents.txt") -> dict[Phrase, Agent]:
    return parse_agents(path.read_text(encoding="utf-8", errors="replace"))


def load_discards(path: Path = DICTIONARY_DIR / "Phoenix.discards.txt") -> Discards:
    return parse_discards(path.read_text(encoding="utf-8", errors="replace"))
