"""Normalisation: clean text for spans, folded text for matching, HTML reduced to text."""

from __future__ import annotations

import re
import re._constants as re_constants  # type: ignore[import-not-found]  # typeshed: sre_constants only
import re._parser as re_parser  # type: ignore[import-not-found]  # typeshed: sre_parse only
import unicodedata
from datetime import UTC, datetime

import ftfy
import ftfy.bad_codecs  # registers the sloppy-windows-1252 codec
import pytest
from ftfy.badness import BADNESS_RE
from hypothesis import example, given, settings
from hypothesis import strategies as st

from eventwire.pipeline import normalise
from eventwire.pipeline.normalise import (
    content_hash,
    count_words,
    extract_html,
    fold_for_matching,
    folded_for_matching,
    html_to_text,
    normalise_line,
    normalise_text,
)
from eventwire.schemas.errors import DataError

PROPERTY = settings(max_examples=200, deadline=None)

# Any text a JSON payload can carry (no lone surrogates), weighted towards the characters the
# normaliser treats specially.
special = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "\u00a0",
        "\u200b",
        "\ufeff",
        "\u00ad",
        "\x00",
        "\u2028",
        "\u2029",
        "\u0301",
        "e\u0301",
        "\u2019",
        "\u201c",
        "\u00b4",
    ]
)
texts = st.lists(
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=8) | special, max_size=12
).map("".join)
words = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zs", "Zl", "Zp")), min_size=1, max_size=8
)
separators = st.sampled_from([" ", "  ", "\n", "\t", "\n\n", " \n ", "\r\n", "\u00a0"])
ascii_texts = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from(["\n", "\t"]),
    max_size=60,
)


class TestNormaliseText:
    """normalise_text: NFC, one space between words, one blank line between paragraphs."""

    @PROPERTY
    @given(texts)
    def test_idempotent(self, text: str) -> None:
        """Normalising twice gives what normalising once gives."""
        once = normalise_text(text)
        assert normalise_text(once) == once

    @PROPERTY
    @given(texts)
    def test_no_controls_or_runs_of_space(self, text: str) -> None:
        """The result has no control or zero-width characters, no double spaces, no edges."""
        result = normalise_text(text)
        assert not any(ch in result for ch in "\u200b\ufeff\u00ad\x00\t\r\u2028\u2029")
        assert "  " not in result
        assert "\n\n\n" not in result
        assert result == result.strip()

    def test_removes_zero_width_and_controls(self) -> None:
        """Zero-width, soft-hyphen, BOM and control characters are dropped."""
        assert normalise_text("\ufeffSy\u200bria\u00ad's\x00 talks\x07") == "Syria's talks"

    def test_collapses_spaces(self) -> None:
        """Runs of spaces, tabs and no-break spaces become one space; edges are trimmed."""
        assert normalise_text("  The \t talks\u00a0\u00a0 begin  ") == "The talks begin"

    def test_joins_hard_wrapped_lines(self) -> None:
        """A single line break inside a paragraph becomes a space."""
        assert normalise_text("The talks\nbegin today.") == "The talks begin today."

    def test_one_blank_line_between_paragraphs(self) -> None:
        """Any number of blank lines (with stray spaces, CRLF) becomes exactly one."""
        text = "First para.\r\n\r\n\r\n  \n\nSecond para.\n \t\nThird."
        assert normalise_text(text) == "First para.\n\nSecond para.\n\nThird."

    def test_paragraph_separator_breaks_paragraphs(self) -> None:
        """U+2029 PARAGRAPH SEPARATOR starts a new paragraph; U+2028 is a space."""
        assert normalise_text("One\u2029Two\u2028three") == "One\n\nTwo three"

    def test_keeps_typographic_quotes(self) -> None:
        """Curly quotes and apostrophes stay as they are in the published text."""
        text = "“It will be led by al-Ja’afari,” said Al-Watan."
        assert normalise_text(text) == text

    def test_composes_to_nfc(self) -> None:
        """Decomposed accents are composed (NFC)."""
        assert normalise_text("Mistura e\u0301tait") == "Mistura \u00e9tait"

    @pytest.mark.parametrize(
        "surrogate", ["\ud800", "x\udfff", "a\ud83db", "\ud83d\ude00", "caf\u00e9 \udc00"]
    )
    def test_lone_surrogate_is_data_error(self, surrogate: str) -> None:
        """A lone surrogate raises DataError with reason 'undecodable_text' at normalise."""
        with pytest.raises(DataError) as caught:
            normalise_text(f"Talks {surrogate} today")
        assert caught.value.reason == "undecodable_text"
        assert caught.value.stage == "normalise"


class TestNormaliseLine:
    """normalise_line: one-line fields such as titles."""

    def test_single_line(self) -> None:
        """Paragraph breaks and line breaks become single spaces."""
        assert normalise_line(" Syria\n\nname  delegation\nheads ") == "Syria name delegation heads"


class TestFoldForMatching:
    """fold_for_matching: compatibility forms, case, quotes and dashes folded away."""

    @PROPERTY
    @given(texts)
    @example("\u00df\u0301")  # casefold turns ß into ss, and NFKC then composes s + U+0301
    def test_idempotent(self, text: str) -> None:
        """Folding twice gives what folding once gives."""
        once = fold_for_matching(text)
        assert fold_for_matching(once) == once

    @pytest.mark.parametrize(
        ("typographic", "ascii_form"),
        [
            ("al-Ja\u2019afari", "al-ja'afari"),
            ("\u2018quoted\u2019", "'quoted'"),
            ("\u201cquoted\u201d", '"quoted"'),
            ("\u00abquoted\u00bb", '"quoted"'),
            ("2016\u20132017", "2016-2017"),
            ("A \u2014 B", "a - b"),
            ("\uff21\uff22", "ab"),
        ],
    )
    def test_folds_typography(self, typographic: str, ascii_form: str) -> None:
        """Typographic quotes, dashes and full-width letters fold to ASCII, lower case."""
        assert fold_for_matching(typographic) == ascii_form

    @pytest.mark.parametrize(
        ("typographic", "ascii_form"),
        [("al-Ja\u00b4afari", "al-ja'afari"), ("\u2033quoted\u2033", '"quoted"')],
    )
    def test_folds_marks_that_nfkc_decomposes(self, typographic: str, ascii_form: str) -> None:
        """The acute accent and double prime fold to ASCII quotes, as the fold table says."""
        assert fold_for_matching(typographic) == ascii_form


class TestContentHash:
    """content_hash: one fingerprint for the same words, however spaced, cased or quoted."""

    @PROPERTY
    @given(st.lists(words, min_size=1, max_size=10), st.data())
    def test_whitespace_invariant(self, parts: list[str], data: st.DataObject) -> None:
        """Changing the whitespace between words (and around them) leaves the hash alone."""
        respaced = data.draw(separators) + "".join(part + data.draw(separators) for part in parts)
        assert content_hash(respaced) == content_hash(" ".join(parts))

    @PROPERTY
    @given(ascii_texts)
    def test_case_invariant(self, text: str) -> None:
        """Upper-, lower- and swapped-case versions of a text share one hash."""
        assert content_hash(text.upper()) == content_hash(text) == content_hash(text.lower())
        assert content_hash(text.swapcase()) == content_hash(text)

    def test_quote_style_invariant(self) -> None:
        """ASCII and typographic apostrophes and quotes give the same hash."""
        assert content_hash("al-Ja'afari") == content_hash("al-Ja\u2019afari")
        assert content_hash('"We think," he said') == content_hash("\u201cWe think,\u201d he said")

    def test_differs_for_different_words(self) -> None:
        """Different words give a different hash."""
        assert content_hash("talks in Astana") != content_hash("talks in Geneva")

    def test_is_sha256_hex(self) -> None:
        """The hash is 64 lowercase hex digits."""
        digest = content_hash("Talks in Astana")
        assert len(digest) == 64
        assert set(digest) <= set("0123456789abcdef")


class TestFoldedForMatching:
    """folded_for_matching: the fold of a text, taken from content_hash's recent folds."""

    def test_same_fold(self) -> None:
        """A text content_hash folded, and one it did not, fold as fold_for_matching does."""
        text = "Al-Ja\u2019afari SAID \u201cno\u201d"
        assert folded_for_matching(text + " again") == fold_for_matching(text + " again")
        content_hash(text)
        assert text in normalise._FOLDED.kept
        assert folded_for_matching(text) == fold_for_matching(text)

    def test_bounded_by_characters(self) -> None:
        """The kept folds never hold more characters than the limit: when full they are
        forgotten, and a text larger than the limit is not kept."""
        kept = normalise._FoldedTexts(limit=100)
        for number in range(20):
            kept.add(f"text {number:02d}", f"fold {number:02d}")
            assert kept.chars == sum(len(k) + len(v) for k, v in kept.kept.items()) <= 100
        assert "text 19" in kept.kept
        kept.add("x" * 60, "y" * 60)
        assert kept.kept == {}
        assert kept.chars == 0


class TestCountWords:
    """count_words counts word tokens, keeping apostrophes inside words."""

    def test_counts(self) -> None:
        """Apostrophes join a word; punctuation separates words."""
        assert count_words("Syria\u2019s al-Ja'afari said: talks, today.") == 6


class TestHtmlToText:
    """html_to_text: the visible text, paragraph-broken at blocks, and the <title>."""

    PAGE = """<html><head><title> Syria  talks
        in Astana </title><style>p { color: red }</style>
        <script>var x = "hidden";</script></head>
        <body><nav><a href="/">Home</a> | World</nav>
        <article><h1>Delegations named</h1>
        <p>The talks
           begin on <b>January 23</b>.</p><p>Lavrov &amp; Zarif will attend.</p></article>
        <aside>Most read</aside><footer>&copy; Example Wire</footer></body></html>"""

    def test_takes_title(self) -> None:
        """The <title> is returned normalised to one line."""
        _, title = html_to_text(self.PAGE)
        assert title == "Syria talks in Astana"

    def test_drops_chrome(self) -> None:
        """script, style, nav, aside and footer content is not in the text."""
        text, _ = html_to_text(self.PAGE)
        for hidden in ("hidden", "color", "Home", "World", "Most read", "Example Wire"):
            assert hidden not in text

    def test_blocks_become_paragraphs(self) -> None:
        """Block elements separate paragraphs; inline tags and source line breaks do not."""
        text, _ = html_to_text(self.PAGE)
        assert text == (
            "Delegations named\n\nThe talks begin on January 23.\n\nLavrov & Zarif will attend."
        )

    def test_no_title(self) -> None:
        """A page without <title> gives None for the title."""
        assert html_to_text("<p>Only text.</p>") == ("Only text.", None)

    def test_ignores_titles_inside_skipped_elements(self) -> None:
        """An inline SVG icon's <title> is not appended to the page title."""
        page = (
            "<html><head><title>Syria talks</title></head><body><p>Text.</p>"
            '<svg role="img"><title>Share</title><path d="M0 0"/></svg></body></html>'
        )
        assert html_to_text(page) == ("Text.", "Syria talks")


class TestMojibake:
    """normalise_text repairs text decoded with the wrong codec, keeping its typography."""

    def test_utf8_read_as_cp1252(self) -> None:
        """UTF-8 read as Windows-1252 is repaired."""
        broken = "The minister’s visit to Bogotá “went well”".encode().decode("sloppy-windows-1252")
        assert normalise_text(broken) == "The minister’s visit to Bogotá “went well”"

    def test_keeps_curly_quotes(self) -> None:
        """Correct typographic quotes are not straightened."""
        assert normalise_text("al-Ja’afari said “no”") == "al-Ja’afari said “no”"

    def test_repair_then_fold_matches(self) -> None:
        """A mojibake copy folds to the same content hash as the clean text."""
        clean = "al-Ja’afari met the delegation"
        broken = clean.encode().decode("cp1252")
        assert content_hash(normalise_text(broken)) == content_hash(clean)


# Characters ftfy's mojibake test looks at, and text made of them between ASCII words: the
# fast check before the repair must never skip a text the repair would change.
mojibake_prone = st.sampled_from(
    [
        *"ÃÂâ€™œ¢£©®°±²³´µ·»¼½¾ÀÉÑØÙàéñøœŒšŠ×√≈‚Äβΐ„ВГРСЂўΒΓΞΟā–—’“”‘…\xa0\xad",
        *("\x80", "\x92", "\x9d", "\x1b[1m", "\x07", "\ufeff", "\u206a", "\ufffc", "\n", " "),
    ]
)
mojibake_texts = st.lists(
    mojibake_prone | st.sampled_from(["a", "Z", "the ", ". ", "\n\n", "1"]), max_size=24
).map("".join)


def _reference_clean(text: str) -> str:
    """One pass of normalise_text as it was before the fast checks: ftfy on every text, a
    regex for each kind of whitespace."""
    text = text.translate(normalise._FORMATS)
    text = ftfy.fix_text(text, normalise._FTFY)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(normalise._CONTROLS)
    text = unicodedata.normalize("NFC", text)
    paragraphs = []
    for block in re.split(r"\n[^\S\n]*\n\s*", text):
        joined = re.sub(r"[^\S\n]+", " ", re.sub(r"\s*\n\s*", " ", block)).strip()
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


class TestRepairCheck:
    """The checks that let most texts skip ftfy and the translation tables change nothing."""

    @settings(max_examples=1000, deadline=None)
    @given(mojibake_texts | texts)
    @example("\u00c2 x")  # ftfy's only anchored branch, at the start of a line
    @example("ok\n\u00c2 x")
    @example("caf\u00c3\u00a9 \u00e2\u20ac\u0153quoted\u00e2\u20ac\x9d")
    def test_one_pass_as_before(self, text: str) -> None:
        """One pass of the cleaning gives what ftfy and the regexes gave on every text."""
        assert normalise._clean(text) == _reference_clean(text)

    @settings(max_examples=1000, deadline=None)
    @given(mojibake_texts)
    def test_skipped_only_when_ftfy_changes_nothing(self, text: str) -> None:
        """A text the check lets past ftfy is one ftfy leaves as it is."""
        non_ascii = frozenset(ch for ch in text if ord(ch) > 0x7F)
        control = normalise._ASCII_CONTROL.search(text) is not None
        if not normalise._needs_repair(text, non_ascii, control):
            assert ftfy.fix_text(text, normalise._FTFY) == text

    @settings(max_examples=1000, deadline=None)
    @given(mojibake_texts | texts)
    @example("x \u00c2\n\n y")  # the blank line gone, mojibake is left for a second pass
    def test_clean_text_needs_no_second_pass(self, text: str) -> None:
        """A cleaned text the check passes is one a second pass leaves as it is."""
        cleaned = normalise._clean(text)
        if normalise._is_clean(cleaned):
            assert normalise._clean(cleaned) == cleaned

    def test_mojibake_pattern_is_short_and_not_ascii(self) -> None:
        """Every branch of ftfy's mojibake pattern matches at most _MOJIBAKE_REACH + 1
        characters, at least one of them non-ASCII: what lets the check search only near
        non-ASCII runs."""
        tree = re_parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
        [(op, (_, branches))] = tree.data
        assert op is re_constants.BRANCH
        for branch in branches:
            assert branch.getwidth()[1] <= normalise._MOJIBAKE_REACH + 1

            def non_ascii_only(item: tuple[object, object]) -> bool:
                kind, value = item
                if kind is re_constants.LITERAL:
                    return isinstance(value, int) and value > 0x7F
                if kind is re_constants.IN:
                    assert isinstance(value, list)
                    return all(
                        (k is re_constants.LITERAL and v > 0x7F)
                        or (k is re_constants.RANGE and v[0] > 0x7F)
                        for k, v in value
                    )
                return False

            assert any(non_ascii_only(item) for item in branch.data), branch

    def test_split_spaces_are_regex_spaces(self) -> None:
        """str.split() breaks at exactly the characters regex's \\s matches."""
        space = re.compile(r"\s")
        for code in range(0x110000):
            char = chr(code)
            assert char.isspace() == bool(space.match(char)), hex(code)


PAGE = """<html><head><title>Talks open in Astana | Example News</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2017-01-17T18:30:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks open in Astana</h1>
<p>Delegations from the Syrian government and rebel groups met in Astana on Monday for talks
brokered by Russia, Turkey and Iran.</p>
<p>The Russian foreign minister said the talks were a first step towards a ceasefire.</p>
</article><footer>Copyright 2017 Example News. All rights reserved.</footer></body></html>"""


class TestExtractHtml:
    """extract_html reads main text and metadata off a page with trafilatura."""

    def test_main_text_without_chrome(self) -> None:
        """Paragraphs of the article are kept; menus and footers are not."""
        page = extract_html(PAGE)
        assert "Delegations from the Syrian government" in page.text
        assert "\n\nThe Russian foreign minister" in page.text
        assert "Home" not in page.text
        assert "All rights reserved" not in page.text

    def test_metadata(self) -> None:
        """Title, author and publication day come from the page."""
        page = extract_html(PAGE)
        assert page.title == "Talks open in Astana"
        assert page.author == "Jane Doe"
        assert page.published_at == datetime(2017, 1, 17, tzinfo=UTC)

    def test_text_is_normalised(self) -> None:
        """The extracted text is a fixed point of normalise_text, so spans refer to it."""
        text = extract_html(PAGE).text
        assert normalise_text(text) == text

    def test_fallback_for_fragments(self) -> None:
        """A fragment trafilatura finds no article in falls back to its visible text."""
        assert extract_html("<p>Short note.</p>").text == "Short note."


class TestMatchingForms:
    """The quicker forms of the matching fold and the word count give what the plain ones do."""

    @PROPERTY
    @given(texts | mojibake_texts | st.text(st.sampled_from("`'’‘“”«»–—−´ʼ′″ a\u0301")))
    def test_fold_marks_is_the_table(self, text: str) -> None:
        """Replacing the marks the text holds is the table translation."""
        assert normalise._fold_marks(text) == text.translate(normalise._MATCH_FOLD)

    @PROPERTY
    @given(texts | ascii_texts | st.text(st.sampled_from("ab1_ '’-é\u0301\n")))
    def test_count_is_the_number_of_tokens(self, text: str) -> None:
        """count_words counts the tokens WORD_PATTERN finds."""
        assert count_words(text) == len(normalise.WORD_PATTERN.findall(text))

    @PROPERTY
    @given(
        texts
        | ascii_texts
        | st.text(st.sampled_from("ab1_ ''’’-é\u0301²\u2014\u00a0\t\n.\ud800\U0001f600"))
        | st.text(st.characters(codec=None, categories=None))
    )
    @example("a'a'a'a'a b''c' 'd rock'n'roll")
    @example("x\ud800y \udc00z")
    def test_count_without_the_pattern(self, text: str) -> None:
        """The byte count of words is the number of tokens of the pattern, for any text
        (lone surrogates, combining marks, digits such as "²" and odd apostrophes among it)."""
        assert count_words(text) == len(normalise.WORD_PATTERN.findall(text))


class TestDistinctCharacters:
    """The characters found by a byte translation are those a regex finds."""

    @PROPERTY
    @given(
        texts
        | ascii_texts
        | st.text(st.sampled_from("a \n\t\r\x00\x1b\x7f\x85é’\u200b\ud83d\ude00\udfff\U0001f600"))
        | st.text(st.characters(codec=None, categories=None))
    )
    def test_unusual_and_non_ascii(self, text: str) -> None:
        """Non-ASCII characters and ASCII controls, each once, lone surrogates included."""
        assert normalise._unusual(text) == frozenset(re.findall(r"[^\n\x20-\x7e]", text))
        assert normalise.non_ascii_chars(text) == frozenset(re.findall(r"[^\x00-\x7f]", text))


class TestMojibakeNeeds:
    """The character test before the mojibake search never hides a match."""

    def test_in_effect(self) -> None:
        """The installed ftfy's pattern is one the test can be made for."""
        assert normalise._MOJIBAKE_NEEDS is not None

    @PROPERTY
    @given(
        texts
        | mojibake_texts
        | st.text(st.sampled_from("aZ \n’“”éÉÃÂ©€£ü°×²œ│âˆšØÙ–вЂ‚Ä"), max_size=30)
    )
    @example("Caf\u00c3\u00a9 prices")
    @example("\u00c2 x")
    @example("r\u00c3\u00a9sum\u00c3\u00a9")
    def test_no_match_without_the_characters(self, text: str) -> None:
        """Where the pattern matches, the text holds a character for every non-ASCII item
        of some branch."""
        if normalise._MOJIBAKE.search(text) is not None:
            assert normalise._may_hold_mojibake(normalise.non_ascii_chars(text))

    @pytest.mark.parametrize(
        "text",
        [
            "The caf\u00e9 closed on Monday, said Mu\u00f1oz in Z\u00fcrich.",
            "Officials said \u201cprices rose\u201d \u2013 sharply \u2013 on Monday.",
        ],
    )
    def test_news_text_needs_no_search(self, text: str) -> None:
        """Accented letters alone, or typographic quotes and dashes alone,
        are not the character pairs mojibake makes."""
        assert not normalise._may_hold_mojibake(normalise.non_ascii_chars(text))
        assert normalise._MOJIBAKE.search(text) is None


class TestSingleSpaced:
    """Single-spacing a text that is so already returns it without splitting it."""

    def test_printable_means_only_the_space(self) -> None:
        """No whitespace character but the space is printable, for every code point."""
        for code in range(0x110000):
            char = chr(code)
            if char.isspace() and char != " ":
                assert not char.isprintable(), hex(code)

    @PROPERTY
    @given(
        texts
        | ascii_texts
        | st.text(st.sampled_from("ab \n\t\r\x0b\x0c\x1c\x85\xa0\u2003\u2028\u3000é"), max_size=40)
    )
    @example(" a")
    @example("a ")
    @example("a  b")
    @example("")
    def test_same_as_split_and_join(self, text: str) -> None:
        """It is the split and join, for any text."""
        assert normalise._single_spaced(text) == " ".join(text.split())
        folded = text.replace("\n\n", " ")
        assert normalise._single_spaced(folded) == " ".join(text.split())
