"""The Phoenix dictionary readers: date-ranged codes, synonyms, agents, and the phrase index."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline import dictionaries
from eventwire.pipeline.dictionaries import (
    DatedCode,
    PhraseIndex,
    actor_index,
    agent_index,
    display_name,
    parse_actor_lines,
    parse_agent_lines,
    phrase_key,
    tokens_with_spans,
)

LAVROV = """
SERGEY_LAVROV_  # CountryInfo.txt
+SERGEY_VIKTOROVICH_LAVROV_
+LAVROV +SERGEI_LAVROV
\t[RUSGOV 19940922-20040712] # Amb. to UN
\t[RUSGOV >20040309]  # Foreign Minister
U_THANT_\t[IGOUNO 611130-711231] [ELI]# IGOrulers.txt
""".splitlines()


class TestDatedCode:
    """One code with its date restriction."""

    def test_six_digit_dates(self) -> None:
        """'YYMMDD' years 00-30 are this century, the rest the last one."""
        code = DatedCode.parse("IGOUNO 611130-711231")
        assert code == DatedCode("IGOUNO", date(1961, 11, 30), date(1971, 12, 31))

    def test_shared_day_and_code(self) -> None:
        """Two codes naming the same day and code share one date and one string."""
        first = DatedCode.parse("RUSGOV >20040309")
        second = DatedCode.parse("RUSGOV 20040309-20080507")
        assert first is not None
        assert second is not None
        assert first.start == date(2004, 3, 9)
        assert first.start is second.start
        assert first.code is second.code

    def test_open_ranges(self) -> None:
        """'>D' starts on D, '<D' ends on D, a bare code has no range."""
        assert DatedCode.parse("RUSGOV >20040309") == DatedCode("RUSGOV", start=date(2004, 3, 9))
        assert DatedCode.parse("RUSGOV <20040309") == DatedCode("RUSGOV", end=date(2004, 3, 9))
        assert DatedCode.parse("SYRGOV") == DatedCode("SYRGOV")

    def test_malformed_date_is_undated(self) -> None:
        """A date that is not a calendar date leaves the code undated instead of failing."""
        assert DatedCode.parse("XXXGOV >20041399") == DatedCode("XXXGOV")


class TestActorLines:
    """Parsing actor file blocks."""

    def test_block(self) -> None:
        """A header, '+' synonyms (several on a line) and indented code lines form one entry."""
        entries = parse_actor_lines(LAVROV, "countries")
        lavrov = entries[0]
        assert lavrov.header == "SERGEY_LAVROV_"
        assert lavrov.synonyms == ("SERGEY_VIKTOROVICH_LAVROV_", "LAVROV", "SERGEI_LAVROV")
        assert len(lavrov.codes) == 2
        assert entries[1].codes == (
            DatedCode("IGOUNO", date(1961, 11, 30), date(1971, 12, 31)),
            DatedCode("ELI"),
        )

    def test_code_at_date(self) -> None:
        """The code in force on a day: the newest role covering it, else the undated code."""
        lavrov, thant = parse_actor_lines(LAVROV, "countries")
        assert lavrov.code_at(date(2017, 1, 17)) == "RUSGOV"
        assert lavrov.code_at(date(1980, 1, 1)) is None
        assert thant.code_at(date(1965, 1, 1)) == "IGOUNO"
        assert thant.code_at(date(1990, 1, 1)) == "ELI"

    def test_display_name(self) -> None:
        """Headers read as names: particles lower case, acronyms kept."""
        assert display_name("SERGEY_LAVROV_") == "Sergey Lavrov"
        assert display_name("THE_UNITED_NATIONS_") == "United Nations"
        assert display_name("JABHAT_AL-NUSRA_") == "Jabhat al-Nusra"
        assert display_name("UN_SECURITY_COUNCIL_") == "UN Security Council"


class TestAgents:
    """Parsing the agents file."""

    def test_macros_and_plurals(self) -> None:
        """'!PERSON!' expands to each listed word and '{PLURAL}' adds the plural phrase."""
        lines = [
            "!PERSON! = MAN, WOMAN",
            "BUSINESS!PERSON! [~BUS]",
            "CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]",
        ]
        phrases = {(a.phrase, a.code) for a in parse_agent_lines(lines)}
        assert phrases == {
            ("BUSINESSMAN", "~BUS"),
            ("BUSINESSWOMAN", "~BUS"),
            ("CHAMBER_OF_COMMERCE", "~BUS"),
            ("CHAMBERS_OF_COMMERCE", "~BUS"),
        }


class TestPhraseIndex:
    """A phrase index's keys and values."""

    def test_values_in_order_once(self) -> None:
        """A phrase's values are kept in the order added, each once; prefixes are indexed."""
        index: PhraseIndex[str] = PhraseIndex()
        for value in ("city", "region", "city"):
            index.add(phrase_key("New South Wales"), value)
        index.add(phrase_key("New York"), "city")
        assert index.phrases[("NEW", "SOUTH", "WALES")] == ["city", "region"]
        assert index.match_at(["NEW", "YORK", "CITY"], 0) == (2, ["city"])
        assert ("NEW", "SOUTH") in index.prefixes
        assert index.longest["NEW"] == 3

    def test_one_string_per_word(self) -> None:
        """The same word in two phrases, and in two indexes, is one string object."""
        first: PhraseIndex[int] = PhraseIndex()
        second: PhraseIndex[int] = PhraseIndex()
        first.add(phrase_key("Sergey Lavrov"), 1)
        first.add(phrase_key("Sergei Lavrov"), 2)
        second.add(phrase_key("Lavrov"), 3)
        lavrovs = {id(key[-1]) for index in (first, second) for key in index.phrases}
        assert len(lavrovs) == 1


class TestShippedIndex:
    """The index over the dictionaries shipped in the package."""

    def test_longest_match(self) -> None:
        """'Russian Foreign Minister Sergey Lavrov' is one match of the Lavrov entry."""
        keys = list(phrase_key("Russian Foreign Minister Sergey Lavrov said"))
        found = actor_index().match_at(keys, 0)
        assert found is not None
        length, entries = found
        assert length == 5
        assert entries[0].name == "Sergey Lavrov"

    def test_possessive_is_dropped(self) -> None:
        """ "Syria's" keys as 'SYRIA', and typographic apostrophes fold."""
        assert phrase_key("Syria's Al-Watan") == ("SYRIA", "AL", "WATAN")
        assert phrase_key("Ja’afari") == ("JA'AFARI",)

    def test_agents_indexed(self) -> None:
        """Agent phrases are indexed too."""
        found = agent_index().match_at(["POLICE"], 0)
        assert found is not None
        assert found[1][0].code.startswith("~COP")

    def test_token_offsets_survive_case_folding(self) -> None:
        """Offsets stay right when upper-casing changes a text's length ('ß' -> 'SS')."""
        text = "Die Straße nach Berlin"
        tokens = tokens_with_spans(text)
        assert [(k, text[a:b]) for k, a, b in tokens][-1] == ("BERLIN", "Berlin")
        assert tokens[1][0] == "STRASSE"

    def test_ascii_and_unicode_texts_tokenise_alike(self) -> None:
        """The ASCII fast path gives the tokens the Unicode path gives for the same words:
        possessive 's dropped, inner apostrophes kept, -isation spelled -ization."""
        ascii_text = "Syria's envoy met O'Brien of the World Health Organisation, 2009."
        tokens = tokens_with_spans(ascii_text)
        widened = tokens_with_spans(ascii_text + " Zürich")
        expected = [
            "SYRIA",
            "ENVOY",
            "MET",
            "O'BRIEN",
            "OF",
            "THE",
            "WORLD",
            "HEALTH",
            "ORGANIZATION",
            "2009",
        ]
        assert [k for k, _a, _b in tokens] == expected
        assert widened[:-1] == tokens
        assert widened[-1][0] == "ZÜRICH"


class TestTokenise:
    """The byte-table tokeniser against one regular-expression split of the upper-cased text."""

    @staticmethod
    def _by_split(text: str) -> tuple[list[str], list[int], list[int]]:
        upper = text.replace("\u2019", "'").upper()
        pattern = dictionaries._ASCII_UPPER_TOKEN if upper.isascii() else dictionaries._UPPER_TOKEN
        keys, starts, ends = dictionaries._split_tokens(upper, pattern)
        return [dictionaries._spelling(k) for k in keys], starts, ends

    @given(
        st.text(
            st.sampled_from(
                list("aAsSzZ09 '\u2019_-.,\n\u00e9\u00c9\u2013\u201c\u212a\u00b2\u2009\u0301\u0142")
            ),
            max_size=40,
        )
    )
    def test_same_tokens_as_one_split(self, text: str) -> None:
        """Apostrophes, possessives, underscores, non-ASCII letters and punctuation: the same
        keys and offsets as splitting with the token pattern."""
        assert dictionaries.tokenise(text) == self._by_split(text)

    @given(
        st.text(
            st.sampled_from(
                list("aAsSbB9 ''\u2019\u2019-.\n\u00e9\u00c9\u2014\u201d\u0141\u00b2\u2009")
            ),
            max_size=60,
        )
    )
    def test_same_tokens_without_underscores(self, text: str) -> None:
        """Text with no underscore takes the vectorised path: runs with apostrophes at their
        start, end and inside, possessives, lone apostrophes and non-ASCII letters give the
        same keys and offsets as the split."""
        assert dictionaries.tokenise(text) == self._by_split(text)

    @given(
        st.text(
            st.sampled_from(list("aAzZ9 '\u2019_-.\u00e9\u00c9\u00df\u0141\u212a\u01c5\u2009")),
            max_size=60,
        )
    )
    def test_capitalised_tokens_are_those_starting_upper_case(self, text: str) -> None:
        """The vectorised test of first characters finds exactly the tokens whose first
        character ``str.isupper`` calls upper case, ASCII or not ('\u212a', title case
        '\u01c5' is not)."""
        index = dictionaries.token_index(text)
        expected = tuple(i for i, start in enumerate(index.starts) if text[start].isupper())
        assert index.capitalised == expected

    @given(
        st.text(
            st.sampled_from(list("a9Z0 '\u2019_-.,\u00b2\u0663\u00bd\u00df\u00e9\u2009")),
            max_size=60,
        )
    )
    def test_numeric_tokens_are_those_whose_key_starts_with_a_digit(self, text: str) -> None:
        """The vectorised test finds exactly the tokens whose key begins with a character
        ``str.isdigit`` accepts, ASCII or not ('\u00b2', '\u0663'; not '\u00bd')."""
        index = dictionaries.token_index(text)
        expected = tuple(i for i, key in enumerate(index.keys) if key[0].isdigit())
        assert index.numeric == expected

    def test_same_tokens_with_accented_names(self) -> None:
        """Non-ASCII letters next to apostrophes, possessives and non-ASCII spaces: the same
        keys (with their letters) and offsets as the split."""
        text = (
            "S\u00e9gol\u00e8ne Royal\u2019s aide met \u0141\u00f3d\u017a\u2009officials"
            " in Krak\u00f3w's O'S\u00c9."
        )
        found = dictionaries.tokenise(text)
        assert found == self._by_split(text)
        assert found[0][:3] == ["S\u00c9GOL\u00c8NE", "ROYAL", "AIDE"]

    def test_same_tokens_on_news_text(self) -> None:
        """A sentence with curly quotes, a dash and a possessive tokenises as the split does."""
        text = "\u201cWe\u2019ll see,\u201d Syria\u2019s envoy said \u2013 O'Brien's 2,000 men."
        assert dictionaries.tokenise(text) == self._by_split(text)


class TestTokenPositions:
    """Where given words occur, from the token index's numbered keys."""

    @given(
        st.lists(
            st.sampled_from(["Syria", "syria", "the", "The", "2017", "al-Assad", "'s", "ß", ","]),
            max_size=25,
        ).map(" ".join),
        st.frozensets(st.sampled_from(["SYRIA", "THE", "2017", "AL", "ASSAD", "SS", "NONE"])),
    )
    def test_every_token_with_one_of_the_words(self, text: str, words: frozenset[str]) -> None:
        """The tokens whose key is one of the words, in text order: what testing every token
        finds; their offsets too."""
        index = dictionaries.token_index(text)
        expected = [i for i, key in enumerate(index.keys) if key in words]
        assert index.positions(words) == expected
        assert index.starts_of(words) == [index.starts[i] for i in expected]
