"""Reading the CAMEO verb dictionary in PETRARCH format."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.coding.verbs import (
    VerbDictionary,
    inflections,
    load_verb_dictionary,
    parse_verb_dictionary,
    plurals,
)

_DICTIONARY = load_verb_dictionary()
_ANCHOR_WORDS = {word for block in _DICTIONARY.blocks[:40] for word in block.by_anchor if word} | {
    "THE",
    "SAID",
    "OF",
}

SAMPLE = """
# a comment
&CURRENCY
+DOLLAR
+KRONER_

&AUXVERB3_
+HAVE
+HAS

---  GRANT   [070]  ---
GRANT
GIVE {GAVE GIVEN }  # jw 11/14/91
HOLD {HOLDS HOLDING HELD } [---]
+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]
- * &CURRENCY [903] # -PAS 12.01.12
- * (TO BORDER) [154]
- * TALKS [046:046]
- * (AT HEARING) [:173]
- * &UNDEFINED [999]
"""


@pytest.fixture(scope="module")
def shipped() -> VerbDictionary:
    return load_verb_dictionary()


class TestInflections:
    """Regular verb forms and noun plurals, generated as PETRARCH does."""

    @pytest.mark.parametrize(
        ("verb", "forms"),
        [
            ("ENDORSE", ["ENDORSE", "ENDORSES", "ENDORSED", "ENDORSING"]),
            ("CARRY", ["CARRY", "CARRIES", "CARRIED", "CARRYING"]),
            ("PUSH", ["PUSH", "PUSHES", "PUSHED", "PUSHING"]),
            ("ATTACK", ["ATTACK", "ATTACKS", "ATTACKED", "ATTACKING"]),
        ],
    )
    def test_regular_forms(self, verb: str, forms: list[str]) -> None:
        """Base, third person, past and gerund follow the spelling rules."""
        assert inflections(verb) == forms

    def test_plurals(self) -> None:
        """-Y takes -IES after a consonant, -SS takes -ES, the rest -S."""
        assert (plurals("ARMY"), plurals("PASS"), plurals("TALK")) == (
            ["ARMIES"],
            ["PASSES"],
            ["TALKS"],
        )


class TestParse:
    """Synsets, verbs, irregular forms, codes and patterns."""

    def test_synsets_get_plurals_unless_marked(self) -> None:
        """'+DOLLAR' also gives DOLLARS; '+KRONER_' gives no plural."""
        dictionary = parse_verb_dictionary(SAMPLE)
        assert dictionary.synsets["&CURRENCY"] == {("DOLLAR",), ("DOLLARS",), ("KRONER",)}
        assert dictionary.synsets["&AUXVERB3"] == {("HAVE",), ("HAS",)}

    def test_a_comment_line_does_not_end_a_synset(self) -> None:
        """A line holding only a comment inside a synset (as in CAMEO.2.0's &CURRENCY) is
        skipped: the members after it stay in the synset and are not read as verbs."""
        text = "&CURRENCY\n# some are plural\n+MONEY_\n\n---  GRANT   [070]  ---\nGRANT\n"
        dictionary = parse_verb_dictionary("---  FIRST   [010]  ---\nSAY\n\n" + text)
        assert dictionary.synsets["&CURRENCY"] == {("MONEY",)}
        assert dictionary.lookup("MONEY") == []

    def test_irregular_and_regular_forms_index_the_block(self) -> None:
        """GAVE and GIVES both find the GRANT block, whose default code is 070."""
        dictionary = parse_verb_dictionary(SAMPLE)
        assert [f.block.name for f in dictionary.lookup("gave")] == ["GRANT"]
        assert dictionary.lookup("GIVES")[0].block.code == "070"

    def test_verb_marked_null_is_silent(self) -> None:
        """HOLD [---] codes no event without a pattern."""
        dictionary = parse_verb_dictionary(SAMPLE)
        assert dictionary.lookup("HELD")[0].silent is True

    def test_multiword_verbs_keep_their_tail(self) -> None:
        """+ASK_FOR is found under ASKED with the tail FOR and its own code."""
        form = parse_verb_dictionary(SAMPLE).lookup("ASKED")[0]
        assert (form.lemma, form.tail, form.code) == ("ASK FOR", ("FOR",), "020")

    def test_patterns_codes_and_unknown_synsets(self) -> None:
        """Codes A:B and :B are split; a pattern using an undefined synset is skipped."""
        block = parse_verb_dictionary(SAMPLE).blocks[0]
        codes = [(p.code, p.reverse_code) for p in block.patterns]
        assert codes == [("903", None), ("154", None), ("046", "046"), (None, "173")]
        assert block.patterns[1].after[0].phrases == {("TO",)}
        assert block.patterns[0].after[0].phrases == {("DOLLAR",), ("DOLLARS",), ("KRONER",)}


class TestShippedDictionary:
    """The CAMEO.2.0 dictionary shipped in the package."""

    def test_size(self, shipped: VerbDictionary) -> None:
        """Hundreds of verb blocks and thousands of patterns are read."""
        assert len(shipped.blocks) > 390
        assert sum(len(b.patterns) for b in shipped.blocks) > 4000

    def test_currencies_are_a_synset_not_verbs(self, shipped: VerbDictionary) -> None:
        """&CURRENCY holds MONEY and DOLLARS ('paid money to Libya' is one action, 061)."""
        assert {("MONEY",), ("DOLLARS",)} <= shipped.synsets["&CURRENCY"]
        assert shipped.lookup("MONEY") == shipped.lookup("DOLLARS") == []

    @pytest.mark.parametrize(
        ("word", "block"),
        [("ENDORSED", "SUPPORT"), ("KILLED", "KILL"), ("SAID", "EXPLAIN_VERBAL")],
    )
    def test_common_news_verbs(self, shipped: VerbDictionary, word: str, block: str) -> None:
        """Common news verbs are found in their blocks."""
        assert block in {form.block.name for form in shipped.lookup(word)}


class TestQuickLooks:
    """The looks that skip work must never skip a match."""

    def test_single_word_forms_are_those_of_the_full_look(self) -> None:
        """A word listed in ``single`` begins no multi-word verb, and its forms are what the
        full look (forms whose tail follows, then :meth:`single_word_forms`) gives."""
        dictionary = load_verb_dictionary()
        assert "SAID" in dictionary.single
        assert "ASK" not in dictionary.single
        for word, forms in dictionary.single.items():
            assert not any(form.tail for form in dictionary.forms[word])
            assert forms == dictionary.single_word_forms(dictionary.forms[word])

    @given(st.lists(st.sampled_from(sorted(_ANCHOR_WORDS)), max_size=12))
    def test_no_candidates_when_no_anchor_is_near(self, window: list[str]) -> None:
        """When :meth:`VerbBlock.may_match_in` says no, no pattern is a candidate."""
        for block in _DICTIONARY.blocks:
            if not block.may_match_in(window):
                assert block.candidates(frozenset(window)) == []

    @given(st.frozensets(st.sampled_from(sorted(_ANCHOR_WORDS)), max_size=4))
    def test_candidates_ranked_as_when_merged(self, present: frozenset[str]) -> None:
        """Of one anchor, the patterns ranked when read are those merged and ranked anew."""
        for block in _DICTIONARY.blocks[:40]:
            found = {
                position: pattern
                for word in present & block.by_anchor.keys()
                for position, pattern in block.by_anchor[word]
            }
            ranked = sorted(found, key=lambda p: (-found[p].weight, p))
            assert list(block.candidates(present)) == [found[p] for p in ranked]

    @given(st.frozensets(st.sampled_from(sorted(_ANCHOR_WORDS)), max_size=12))
    def test_possible_in_needs_every_element(self, present: frozenset[str]) -> None:
        """A pattern is possible only when some first word of each of its elements is present."""
        for block in _DICTIONARY.blocks[:40]:
            for pattern in block.patterns:
                expected = all(
                    not present.isdisjoint(element.by_first)
                    for element in (*pattern.before, *pattern.after)
                )
                assert pattern.possible_in(present) == expected
