"""First normalisation: Unicode NFC, whitespace and paragraphs cleaned, HTML reduced to text.

Typographic quotes stay in the published text; :func:`fold_for_matching` folds them (and case,
dashes and compatibility forms) only for fingerprints and matching. Every function here is
deterministic and idempotent: applying it twice gives what applying it once gives.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from html.parser import HTMLParser

from eventwire.schemas.errors import DataError

_CONTROL_BLOCKS = (
    range(0x10000),
    range(0x11000, 0x14000),
    range(0x1BC00, 0x1BD00),
    range(0x1D100, 0x1D200),
    range(0xE0000, 0xE1000),
)
"""Where Unicode has control (Cc) and format (Cf) characters; scanning only these keeps import
fast. The test suite checks the table against a scan of every code point."""


def _control_table() -> dict[int, str | None]:
    """Translation table: control and format characters dropped, odd breaks and tabs spaced."""
    table: dict[int, str | None] = {
        code: None
        for block in _CONTROL_BLOCKS
        for code in block
        if unicodedata.category(chr(code)) in {"Cc", "Cf"}
    }
    table.update(dict.fromkeys(map(ord, "\t\v\f\x85\u2028"), " "))
    table[ord("\u2029")] = "\n\n"
    table[ord("\u00ad")] = None  # soft hyphen
    table.pop(ord("\n"))
    return table


_CONTROLS = _control_table()
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_LINE_BREAK = re.compile(r"\s*\n\s*")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")

_MATCH_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u0060": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
WORD_PATTERN = _WORD
"""A word token: letters and digits, with inner apostrophes ("al-Ja'afari" is two words)."""


def _strip_controls(text: str) -> str:
    """Drop control, format and zero-width characters except newline; tabs become spaces."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)


def normalise_text(text: str) -> str:
    """Return ``text`` in NFC with clean whitespace: one space between words, paragraphs
    separated by exactly one blank line, no control or zero-width characters.

    A single line break inside a paragraph (hard-wrapped text) becomes a space.
    """
    if _LONE_SURROGATE.search(text):
        raise DataError("normalise", "undecodable_text", "text holds unpaired UTF-16 surrogates")
    text = unicodedata.normalize("NFC", _strip_controls(text))
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text):
        joined = _HORIZONTAL_SPACE.sub(" ", _LINE_BREAK.sub(" ", block)).strip()
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def normalise_line(text: str) -> str:
    """Normalise a one-line field such as a title: NFC, no controls, single spaces."""
    return normalise_text(text).replace("\n\n", " ")


def fold_for_matching(text: str) -> str:
    """Fold text for comparison only: compatibility forms, case, quotes, apostrophes, dashes.

    "al-Ja'afari" and "al-Ja\u2019afari" fold to the same string.
    """
    # The table runs before and after NFKC (which decomposes some marks it folds, such as the
    # acute accent), and NFKC runs again after casefold, which can leave a string NFKC changes.
    folded = unicodedata.normalize("NFKC", text.translate(_MATCH_FOLD)).translate(_MATCH_FOLD)
    folded = unicodedata.normalize("NFKC", folded.casefold())
    return " ".join(folded.split())


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the text folded for matching."""
    return hashlib.sha256(fold_for_matching(text).encode("utf-8")).hexdigest()


def count_words(text: str) -> int:
    """Number of word tokens in ``text``."""
    return sum(1 for _ in _WORD.finditer(text))


_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form"}
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "article",
    "section",
    "header",
    "tr",
    "table",
    "pre",
    "figure",
    "figcaption",
    "main",
}


class _TextExtractor(HTMLParser):
    """Collects visible text, paragraph-broken at block elements, and the <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif self._skip_depth:
            return
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self._skip_depth:
            self._skip_depth -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._in_title:
            self.title_parts.append(data)
        else:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """Return the visible text of an HTML page (normalised) and its <title>, if any."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    title = normalise_line("".join(parser.title_parts)) or None
    # Inside a block, source line breaks are layout, not paragraphs.
    blocks = ("".join(parser.parts)).split("\n\n")
    text = normalise_text("\n\n".join(" ".join(block.split()) for block in blocks))
    return text, title
