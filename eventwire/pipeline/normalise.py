"""First normalisation: mojibake repaired (ftfy), Unicode NFC, whitespace and paragraphs cleaned,
HTML reduced to text.

Typographic quotes stay in the published text; :func:`fold_for_matching` folds them (and case,
dashes and compatibility forms) only for fingerprints and matching. Every function here is
deterministic and idempotent: applying it twice gives what applying it once gives.
"""

from __future__ import annotations

import hashlib
import re
import re._constants as re_constants  # type: ignore[import-not-found]  # typeshed: sre_constants only
import re._parser as re_parser  # type: ignore[import-not-found]  # typeshed: sre_parse only
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

import ftfy
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS as FTFY_CONTROL_CHARS

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
_FORMATS = {
    code: None
    for code, value in _CONTROLS.items()
    if value is None and unicodedata.category(chr(code)) == "Cf"
}
"""Format characters only (zero-width, soft hyphen): C1 controls stay for the mojibake repair,
which reads them as the bytes 0x80-0x9F of a misdecoded UTF-8 sequence."""

# Repair what decoding went wrong (UTF-8 read as Windows-1252 and the like) but leave the
# typography alone: curly quotes stay in the published text and are folded only for matching.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    normalization=None,
    explain=False,
)
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_SURROGATE_LOW, _SURROGATE_HIGH = "\ud800", "\udfff"

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
_WORD_CHAR = re.compile(r"\w")


def _word_byte_table() -> bytes:
    """Byte translation for the UTF-8 of a text whose non-ASCII characters are all word
    characters: an ASCII word character and every byte of a non-ASCII character become ``a``,
    the apostrophe stays, any other ASCII character becomes a space."""
    table = bytearray(b"a" * 256)
    for code in range(128):
        char = chr(code)
        if char == "'":
            table[code] = ord("'")
        elif not _WORD_CHAR.fullmatch(char):
            table[code] = ord(" ")
    return bytes(table)


_WORD_BYTES = _word_byte_table()
_IS_WORD_CHAR: dict[str, bool] = {}
"""Whether regex's ``\\w`` matches a non-ASCII character, for those met so far (a few hundred
letters and marks in practice)."""


def is_word_char(char: str) -> bool:
    """Whether ``\\w`` matches ``char`` (remembered for the characters met so far)."""
    known = _IS_WORD_CHAR.get(char)
    if known is None:
        if len(_IS_WORD_CHAR) >= 65_536:
            _IS_WORD_CHAR.clear()  # text made to hold every character of Unicode
        known = _IS_WORD_CHAR[char] = _WORD_CHAR.fullmatch(char) is not None
    return known


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_CONTROL_CHARS = frozenset(chr(code) for code in _CONTROLS if code > 0x7F)
"""The non-ASCII characters :data:`_CONTROLS` changes (the ASCII ones are
:data:`_ASCII_CONTROL`)."""
_FORMAT_CHARS = frozenset(map(chr, _FORMATS))
"""The characters :data:`_FORMATS` drops (no format character is ASCII)."""
_ASCII_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
"""The control characters ASCII text can hold (newline aside; a tab becomes a space)."""
_FTFY_ACTS_ON_ASCII = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
"""The only ASCII characters ftfy changes with ``_FTFY``: control characters it removes (the
escape that starts a terminal sequence among them). Mojibake is never ASCII."""
_FTFY_ACTS_ON = frozenset(
    [chr(code) for code in FTFY_CONTROL_CHARS if code > 0x7F]
    + [chr(code) for code in range(0x80, 0xA0)]
)
"""The non-ASCII characters ftfy changes wherever they are with ``_FTFY``: the controls it removes
and the C1 controls it reads as Windows-1252 (lone surrogates, the third kind, are rejected
before the repair)."""
_MOJIBAKE = re.compile(BADNESS_RE.pattern, BADNESS_RE.flags | re.MULTILINE)
"""ftfy's test for mojibake, which it runs on each line: here on the whole text, with ``^``
matching at the start of every line as it does at the start of each of ftfy's lines."""
_MOJIBAKE_REACH = 6
"""Every branch of ftfy's pattern matches at most 7 characters, one of them non-ASCII (the test
suite checks both on the installed ftfy): a match lies within 6 characters of a non-ASCII run."""


def _branch_characters(item: tuple[object, object]) -> frozenset[str] | None:
    """The characters one item of a parsed branch matches, if it is a single character of a
    set of only non-ASCII ones (a literal or a class of literals and ranges); else None."""
    kind, value = item
    if kind is re_constants.LITERAL and isinstance(value, int):
        return frozenset(chr(value)) if value > 0x7F else None
    if kind is not re_constants.IN or not isinstance(value, list):
        return None
    found: set[str] = set()
    for part, argument in value:
        if part is re_constants.LITERAL and argument > 0x7F:
            found.add(chr(argument))
        elif part is re_constants.RANGE and argument[0] > 0x7F:
            found.update(map(chr, range(argument[0], argument[1] + 1)))
        else:
            return None
    return frozenset(found)


def _mojibake_needs() -> tuple[dict[str, int], tuple[int, ...]] | None:
    """What a text must hold for ftfy's pattern to match anywhere in it: each branch is a
    sequence whose single-character items of non-ASCII sets must each match one character.
    Each such item is a bit; the first value gives each character the bits of the items it
    satisfies, the second each branch's bits. None (no shortcut) unless the pattern is an
    alternation, without case folding, whose every branch has such an item."""
    if BADNESS_RE.flags & re.IGNORECASE:
        return None
    tree = re_parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    if len(tree.data) != 1 or tree.data[0][0] is not re_constants.BRANCH:
        return None
    bits: dict[str, int] = {}
    branches: list[int] = []
    item = 0
    for branch in tree.data[0][1][1]:
        needed = 0
        for chars in map(_branch_characters, branch.data):
            if chars is None:
                continue
            for char in chars:
                bits[char] = bits.get(char, 0) | 1 << item
            needed |= 1 << item
            item += 1
        if not needed:
            return None
        branches.append(needed)
    return bits, tuple(branches)


_MOJIBAKE_NEEDS = _mojibake_needs()


def _may_hold_mojibake(chars: frozenset[str]) -> bool:
    """False only when no branch of ftfy's pattern can match a text whose non-ASCII characters
    are among ``chars``: some branch lacks a character for one of its non-ASCII items. News
    text with accents and typographic quotes usually has none of the character pairs the
    pattern looks for, and then no window needs searching."""
    if _MOJIBAKE_NEEDS is None:
        return True
    bits, branches = _MOJIBAKE_NEEDS
    held = 0
    for char in chars:
        held |= bits.get(char, 0)
    return held != 0 and any(needed & held == needed for needed in branches)


def _needs_repair(text: str, non_ascii: frozenset[str], ascii_control: bool) -> bool:
    """False only when ``ftfy.fix_text(text, _FTFY)`` would return ``text`` as it is, which is
    so for almost every article, at a fraction of what ftfy takes to find it out line by line.

    ``non_ascii`` is the set of the text's non-ASCII characters (ASCII ones in it change
    nothing); ``ascii_control`` whether it holds one of :data:`_ASCII_CONTROL` (a superset of
    :data:`_FTFY_ACTS_ON_ASCII`).

    With ``_FTFY`` ftfy changes a line only if it holds a character it removes or transcodes
    wherever it is (controls, C1 controls, terminal escapes, surrogates) or if
    ``ftfy.badness.is_bad`` finds a mojibake sequence in it; every sequence it finds in a line
    :data:`_MOJIBAKE` finds in the text (near a non-ASCII run).
    """
    if text.isascii():
        return ascii_control and _FTFY_ACTS_ON_ASCII.search(text) is not None
    if len(text) > _FTFY.max_decode_length:
        return True  # ftfy cuts such a text where it likes, not at line breaks
    if (ascii_control and _FTFY_ACTS_ON_ASCII.search(text)) or not non_ascii.isdisjoint(
        _FTFY_ACTS_ON
    ):
        return True
    if not _may_hold_mojibake(non_ascii):
        return False
    reach = _MOJIBAKE_REACH
    return any(
        _MOJIBAKE.search(text, max(0, run.start() - reach), run.end() + reach)
        for run in _NON_ASCII_RUN.finditer(text)
    )


_ASCII_BYTES = bytes(range(0x80))
_USUAL_BYTES = b"\n" + bytes(range(0x20, 0x7F))


def _chars_but(text: str, dropped: bytes) -> frozenset[str]:
    """The distinct characters of ``text`` other than the ASCII characters ``dropped``: its
    UTF-8 with those bytes deleted, read back (no byte of a multi-byte character is ASCII, so
    every other character comes back whole; ``surrogatepass`` brings back lone surrogates
    too). A byte translation, where a regex ``findall`` tested a class at every character."""
    return frozenset(
        text.encode("utf-8", "surrogatepass")
        .translate(None, dropped)
        .decode("utf-8", "surrogatepass")
    )


def non_ascii_chars(text: str) -> frozenset[str]:
    """The distinct non-ASCII characters of ``text``."""
    return _chars_but(text, _ASCII_BYTES)


_ASCII_CONTROL_CHARS = frozenset(map(chr, [*range(0x0A), *range(0x0B, 0x20), 0x7F]))
"""The characters of :data:`_ASCII_CONTROL`."""


def _unusual(text: str) -> frozenset[str]:
    """The distinct characters of ``text`` other than printable ASCII and newline: its
    non-ASCII characters and ASCII controls, found in one scan."""
    return _chars_but(text, _USUAL_BYTES)


def _clean(text: str, found: frozenset[str] | None = None) -> str:
    # Format characters go before the repair (a soft hyphen inside a mojibake sequence hides
    # it); controls go after it (C1 controls are evidence of mojibake, and a repair may decode
    # to one). Each table is applied only where the text holds one of its characters, which
    # for most articles it does not: one scan collects the few distinct characters that are
    # not printable ASCII (``found``, when the caller has made it already).
    if found is None:
        found = _unusual(text)
    if not found.isdisjoint(_FORMAT_CHARS):
        text = text.translate(_FORMATS)
        found = found - _FORMAT_CHARS
    ascii_control = not found.isdisjoint(_ASCII_CONTROL_CHARS)
    if _needs_repair(text, found, ascii_control):
        text = ftfy.fix_text(text, _FTFY)
        found = _unusual(text)
        ascii_control = not found.isdisjoint(_ASCII_CONTROL_CHARS)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if ascii_control or not found.isdisjoint(_CONTROL_CHARS):
        # Drop control, format and zero-width characters except newline; tabs become spaces.
        text = text.translate(_CONTROLS)
    text = unicodedata.normalize("NFC", text)
    # Within a paragraph every run of whitespace (line breaks of hard-wrapped text among them)
    # becomes one space: str.split() splits at the very characters regex's \s matches.
    blocks = map(_single_spaced, _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(block for block in blocks if block)


def _single_spaced(text: str) -> str:
    """``" ".join(text.split())``, without splitting a text that is so already: one whose only
    whitespace is single spaces between other characters (a printable string holds no
    whitespace but the space; a test checks every code point). Normalised text is so once its
    paragraph breaks are spaces, and most paragraphs of a payload are so."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _is_clean(cleaned: str) -> bool:
    """True only when ``_clean(cleaned) == cleaned`` for what :func:`_clean` returned: it holds
    no character either table changes, nothing the repair acts on, and is in NFC, so every
    step before the whitespace leaves it as it is; and the whitespace step leaves its own
    output as it is (paragraphs of single-spaced words, one blank line between them)."""
    found = _unusual(cleaned)
    return (
        found.isdisjoint(_FORMAT_CHARS)
        and found.isdisjoint(_CONTROL_CHARS)
        and found.isdisjoint(_ASCII_CONTROL_CHARS)
        and not _needs_repair(cleaned, found, ascii_control=False)
        and unicodedata.is_normalized("NFC", cleaned)
    )


_MAX_PASSES = 4


def normalise_text(text: str) -> str:
    """Return ``text`` with mojibake repaired, in NFC, with clean whitespace: one space between
    words, paragraphs separated by exactly one blank line, no control or zero-width characters.

    A single line break inside a paragraph (hard-wrapped text) becomes a space.
    """
    # The scan of the first cleaning finds the surrogates too (a search of its own took longer
    # than the whole scan on text outside Latin-1).
    found = _unusual(text)
    if not text.isascii() and any(_SURROGATE_LOW <= char <= _SURROGATE_HIGH for char in found):
        raise DataError("normalise", "undecodable_text", "text holds unpaired UTF-16 surrogates")
    # Cleaning whitespace can join what the repair reads as mojibake ("\u00c2" then a space), so
    # the steps repeat until nothing changes: that is what makes the result idempotent.
    cleaned = _clean(text, found)
    if cleaned.isascii() or _is_clean(cleaned):
        # Nothing left for the repair to read as mojibake (ASCII never is), and the whitespace
        # steps are idempotent on their own output: a second pass would change nothing.
        return cleaned
    for _ in range(_MAX_PASSES):
        again = _clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def normalise_line(text: str) -> str:
    """Normalise a one-line field such as a title: NFC, no controls, single spaces."""
    line = normalise_text(text).replace("\n\n", " ")
    for _ in range(_MAX_PASSES):
        again = normalise_text(line).replace("\n\n", " ")
        if again == line:
            break
        line = again
    return line


_MATCH_FOLD_CHARS = {chr(code): str(value) for code, value in _MATCH_FOLD.items()}


def _fold_marks(text: str) -> str:
    """``text.translate(_MATCH_FOLD)``, replacing only the few marks the text holds: a table
    translation looks up every character, and most of a news text is ASCII. The table maps
    each mark to a character that is not one, so the order of the replacements does not
    matter."""
    if "`" in text:
        text = text.replace("`", "'")
    for char in non_ascii_chars(text).intersection(_MATCH_FOLD_CHARS):
        text = text.replace(char, _MATCH_FOLD_CHARS[char])
    return text


def fold_for_matching(text: str) -> str:
    """Fold text for comparison only: compatibility forms, case, quotes, apostrophes, dashes.

    "al-Ja'afari" and "al-Ja\u2019afari" fold to the same string.
    """
    if text.isascii():
        # In ASCII the table folds only the backtick, NFKC changes nothing and casefold is
        # lower: the same result, without looking up every character.
        return _single_spaced(text.replace("`", "'").lower().replace("\n\n", " "))
    # The table runs before and after NFKC (which decomposes some marks it folds, such as the
    # acute accent), and NFKC runs again after casefold, which can leave a string NFKC changes.
    folded = _fold_marks(unicodedata.normalize("NFKC", _fold_marks(text)))
    folded = unicodedata.normalize("NFKC", folded.casefold())
    return _single_spaced(folded.replace("\n\n", " "))


class _FoldedTexts:
    """The texts :func:`content_hash` folded last, and their folds: the dedup sketch of an
    article folds the very text its content hash folded a moment before (the flow normalises
    a batch, then sketches it), and need not fold it again.

    Bounded by characters, not texts (an article may be large): when a fold would take it over
    :data:`_FOLDED_CHARS`, it forgets everything and starts again, which a dict does in one
    step (no ordering to keep, nothing that another thread could see half done)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: dict[str, str] = {}
        self.chars = 0

    def add(self, text: str, folded: str) -> None:
        size = len(text) + len(folded)
        if self.chars + size > self.limit:
            self.kept.clear()
            self.chars = 0
            if size > self.limit:
                return
        self.kept[text] = folded
        self.chars += size


_FOLDED_CHARS = 2_000_000
"""About 4 MB of text: the folds of the last few hundred articles."""
_FOLDED = _FoldedTexts(_FOLDED_CHARS)


def folded_for_matching(text: str) -> str:
    """:func:`fold_for_matching` of ``text``, taken from the texts :func:`content_hash` folded
    last when ``text`` is one of them (the same string, so the same fold)."""
    folded = _FOLDED.kept.get(text)
    return fold_for_matching(text) if folded is None else folded


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the text folded for matching (the fold is kept a while for
    :func:`folded_for_matching`)."""
    folded = fold_for_matching(text)
    _FOLDED.add(text, folded)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def count_words(text: str) -> int:
    """Number of word tokens in ``text`` (what ``len(WORD_PATTERN.findall(text))`` gives).

    Counted on bytes, without the pattern: with every non-word character a space (the
    typographic apostrophe made a plain one first), every word character ``a`` and the
    apostrophe kept, a token is a run of ``a`` and of apostrophes each between two ``a``:
    joining those runs (``a'a`` becomes ``aaa``, again where a replacement overlapped
    another) and spacing the loose apostrophes leaves one run of ``a`` per token.
    """
    if not text.isascii():
        if "\u2019" in text:
            text = text.replace("\u2019", "'")
        for char in non_ascii_chars(text):
            if not is_word_char(char):
                text = text.replace(char, " ")
    cut = text.encode("utf-8", "surrogatepass").translate(_WORD_BYTES)
    if b"'" in cut:
        while b"a'a" in cut:
            cut = cut.replace(b"a'a", b"aaa")
        cut = cut.replace(b"'", b" ")
    return cut.count(b" a") + cut.startswith(b"a")


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


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """What an HTML page says about its article: main text (normalised) and metadata."""

    text: str
    title: str | None
    author: str | None
    published_at: datetime | None


def _extracted_date(value: str | None) -> datetime | None:
    """trafilatura gives the publication day as YYYY-MM-DD; read it as midnight UTC."""
    if not value:
        return None
    try:
        day = datetime.strptime(value[:10], "%Y-%m-%d")  # noqa: DTZ007  # made aware below
    except ValueError:
        return None
    return day.replace(tzinfo=UTC)


def extract_html(html: str) -> ExtractedPage:
    """The main text of an article page with boilerplate (menus, footers, related links)
    removed, and its title, author and publication day, by trafilatura; a page it finds no
    article in falls back to all visible text (:func:`html_to_text`)."""
    # trafilatura takes about a second to import; only HTML payloads need it.
    import trafilatura  # noqa: PLC0415

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    found: dict[str, str | None] = {"text": None, "title": None, "author": None, "date": None}
    if document is not None:
        for name in found:
            value = (
                document.get(name) if isinstance(document, dict) else getattr(document, name, None)
            )
            found[name] = value if isinstance(value, str) and value else None
    # trafilatura puts one extracted block on each line: those are the paragraphs.
    text = normalise_text(found["text"].replace("\n", "\n\n")) if found["text"] else ""
    if not text:
        text, fallback_title = html_to_text(html)
        return ExtractedPage(text, fallback_title, None, None)
    title = normalise_line(found["title"]) if found["title"] else None
    author = normalise_line(found["author"]) if found["author"] else None
    return ExtractedPage(text, title or None, author or None, _extracted_date(found["date"]))
