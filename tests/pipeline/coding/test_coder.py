"""The event coder on the seed article, given what the enrichers find in it."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from eventwire.pipeline.coding.actions import upper_case, words_in
from eventwire.pipeline.coding.coder import (
    _AGENT_CHARS,
    _AGENT_PEEK,
    _AGENT_REACH,
    _CASED_ACRONYMS,
    _acronym_spans,
    _agent_after,
    _first_words,
    _words_within_reach,
    code_article,
    default_lexicon,
    sentences,
)
from eventwire.pipeline.intake import normalise_article
from eventwire.schemas import (
    ArticleIn,
    CodedEvent,
    DateMention,
    Enrichment,
    Entity,
    NormalisedArticle,
    Place,
    Span,
)
from tests.conftest import SEED_PATH

PLACES = [
    ("Syrian", "SY", "country"),
    ("Syria", "SY", "country"),
    ("Kazakhstan", "KZ", "country"),
    ("Astana", "KZ", "city"),
    ("Russia", "RU", "country"),
    ("Russian", "RU", "country"),
    ("US", "US", "country"),
    ("Geneva", "CH", "city"),
]


def _span(text: str, surface: str) -> Span:
    start = text.index(surface)
    return Span(start=start, end=start + len(surface))


def _enrichment(article: NormalisedArticle) -> Enrichment:
    """What the entity, place and date enrichers report for the seed (hand-built)."""
    text = article.text
    places = [
        Place(
            text=name,
            span=Span(start=m.start(), end=m.end()),
            name=name,
            kind=kind,
            country=country,
            confidence=0.9,
        )
        for name, country, kind in PLACES
        for m in re.finditer(rf"\b{name}\b", text)
    ]
    places.sort(key=lambda place: place.span.start)
    lavrov = Entity(
        entity_id="ent_1",
        kind="person",
        name="Sergey Lavrov",
        text="Sergey Lavrov",
        span=_span(text, "Sergey Lavrov"),
        mentions=[_span(text, "Lavrov said")],
        country="RU",
        actor_code="RUSGOV",
        confidence=0.9,
    )
    council = Entity(
        entity_id="ent_2",
        kind="organisation",
        name="UN Security Council",
        text="UN Security Council",
        span=_span(text, "UN Security Council"),
        actor_code="IGOUNO",
        confidence=0.9,
    )
    dates = [
        DateMention(
            text=surface,
            span=_span(text, surface),
            value=value,
            granularity="day",
            tense="future",
            confidence=0.9,
        )
        for surface, value in [("January 23", "2017-01-23"), ("December 31", "2016-12-31")]
    ]
    return Enrichment(places=places, entities=[lavrov, council], dates=dates)


@pytest.fixture(scope="module")
def coded() -> tuple[NormalisedArticle, list[CodedEvent]]:
    payload = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    article = normalise_article(ArticleIn.model_validate(payload), "art_seed")
    return article, code_article(article, _enrichment(article))


class TestSentences:
    """Sentence spans."""

    def test_abbreviations_do_not_split(self) -> None:
        """'Mr. Smith arrived.' is one sentence; a full stop before a capital splits."""
        text = "Mr. Smith arrived. Talks began."
        assert [text[s.start : s.end] for s in sentences(text)] == [
            "Mr. Smith arrived.",
            "Talks began.",
        ]


class TestStoryDiscards:
    """A story the discard list marks with '+' is not coded at all."""

    def test_sports_story_codes_nothing(self) -> None:
        """The seed with 'Wimbledon' added at its end codes no event; without it, some."""
        payload = json.loads(SEED_PATH.read_text(encoding="utf-8"))
        article = normalise_article(ArticleIn.model_validate(payload), "art_seed")
        found = _enrichment(article)
        assert code_article(article, found)
        sports = article.model_copy(update={"text": article.text + "\n\nAt Wimbledon."})
        assert code_article(sports, found) == []


class TestSeedEvents:
    """The four events of the seed gold are coded, with the roots it allows."""

    @pytest.mark.parametrize(
        "roots",
        [("03", "04"), ("05", "08"), ("01", "03", "04"), ("18", "19", "20")],
        ids=["talks", "ceasefire", "lavrov", "killed"],
    )
    def test_gold_root_is_coded(
        self, coded: tuple[NormalisedArticle, list[CodedEvent]], roots: tuple[str, ...]
    ) -> None:
        """Some coded event carries a CAMEO code with one of the gold roots."""
        assert any(event.cameo_root in roots for event in coded[1])

    def test_endorsement_is_passive_with_the_council_as_source(
        self, coded: tuple[NormalisedArticle, list[CodedEvent]]
    ) -> None:
        """'was endorsed by the UN Security Council on December 31' has the Council as source."""
        endorse = next(e for e in coded[1] if e.verb == "endorsed")
        assert endorse.source is not None
        assert endorse.source.code == "IGOUNO"
        assert (endorse.passive, endorse.date, endorse.plover) == (True, "2016-12-31", "SUPPORT")

    def test_lavrov_statement_is_flagged(
        self, coded: tuple[NormalisedArticle, list[CodedEvent]]
    ) -> None:
        """'Lavrov said that ...' is a statement with Russia's government as source."""
        said = [e for e in coded[1] if e.source is not None and e.source.code == "RUSGOV"]
        assert said
        assert all(e.statement for e in said if e.cameo_root == "01")

    def test_country_and_agent_make_one_actor(
        self, coded: tuple[NormalisedArticle, list[CodedEvent]]
    ) -> None:
        """'The Syrian government ... announced' is coded with SYRGOV as source."""
        assert any(e.source is not None and e.source.code == "SYRGOV" for e in coded[1])

    def test_every_event_has_its_sentence_and_id(
        self, coded: tuple[NormalisedArticle, list[CodedEvent]]
    ) -> None:
        """Each event's sentence span contains its verb, and it names its event record."""
        article, events = coded
        for event in events:
            assert event.verb is not None
            assert event.verb in article.text[event.sentence.start : event.sentence.end]
            assert event.event_id
            assert event.event_id.startswith("evt_")
            assert 0 < event.confidence <= 1

    def test_an_event_needs_a_source(
        self, coded: tuple[NormalisedArticle, list[CodedEvent]]
    ) -> None:
        """Every coded event has a source actor: the agentless passive ('400,000 people had
        been killed in the Syrian crisis') is coded as no event."""
        assert all(e.source is not None for e in coded[1])
        assert not any(e.verb == "killed" for e in coded[1])

    def test_what_was_said_is_about_its_subject(self) -> None:
        """'Russia said that the US ...' codes Russia's statement about the US, the subject of
        what it said (the gold's guideline, rule 10), not an act of the US."""
        article = normalise_article(
            ArticleIn(source="t", text="Russia said that the United States should leave."),
            "art_y",
        )
        text = article.text
        places = [
            Place(
                text=name,
                span=_span(text, name),
                name=name,
                kind="country",
                country=code,
                confidence=0.9,
            )
            for name, code in [("Russia", "RU"), ("United States", "US")]
        ]
        said = next(e for e in code_article(article, Enrichment(places=places)) if e.verb == "said")
        assert said.source is not None
        assert said.target is not None
        assert (said.source.code, said.target.code) == ("RUS", "USA")

    def test_no_actors_no_events(self) -> None:
        """Without actors in the enrichment nothing is coded."""
        article = normalise_article(
            ArticleIn(source="t", text="Police arrested five men on Monday."), "art_x"
        )
        assert code_article(article, Enrichment()) == []


_AGENT_TEXT = st.lists(
    st.sampled_from(
        [
            "Syrian",
            "government",
            "health",
            "officials",
            "opposition",
            "militants",
            "foreign",
            "minister",
            "are",
            "asking",
            "the",
            "in",
            "Peru",
            "reported",
            "H5N1",
            "extraordinarily",
            "epidemiologically-significant",
            ".",
            ",",
            " ",
        ]
    )
    | st.text(alphabet="ab,.", min_size=1, max_size=40),
    max_size=30,
).map(" ".join)


class TestAgentGlance:
    """The glance that tells most countries have no agent noun after them."""

    @given(_AGENT_TEXT, st.integers(min_value=0, max_value=400))
    @example(text="a " * 10 + "x" * 70 + " b", end=0)  # the glance ends inside the 11th word
    def test_glance_reads_the_words_of_the_full_look(self, text: str, end: int) -> None:
        """The words read from a glance at the next characters are those of the full look."""
        end = min(end, len(text))
        limit = min(len(text), end + _AGENT_CHARS)
        upper = upper_case(text)
        expected = words_in(upper, end, limit)[: _AGENT_REACH + 8]
        assert _words_within_reach(upper, end, limit) == expected

    @given(_AGENT_TEXT, st.integers(min_value=0, max_value=400))
    @example(text="a b " + "x" * 40 + " c", end=0)  # the peek ends inside the third word
    def test_peek_reads_the_first_words_of_the_full_look(self, text: str, end: int) -> None:
        """The words an agent noun may begin with, when a peek holds them, are the full look's."""
        end = min(end, len(text))
        limit = min(len(text), end + _AGENT_CHARS)
        upper = upper_case(text)
        first = _first_words(upper, end, limit, _AGENT_REACH, _AGENT_PEEK)
        if first is not None:
            assert first == words_in(upper, end, limit)[:_AGENT_REACH]

    def test_glance_lets_an_agent_through(self) -> None:
        """'Syrian opposition militants': the glance leaves the agent to the full look."""
        text = "The Syrian opposition militants said."
        end = text.index(" opposition")
        found = _agent_after(text, upper_case(text), end, default_lexicon())
        assert found is not None
        assert text[end : found[1]] == " opposition militants"


_ACRONYM_TEXT = st.lists(
    st.sampled_from(["WHO", "WHOM", "who", "UNWHO", "_", "é", "1", "Ω", " ", ",", "(", "\n"])
    | st.text(alphabet="WHOw_1 .", max_size=3),
    max_size=20,
).map("".join)


class TestAcronymSpans:
    """The search for the cased acronyms, which begins with their letters, not the boundary."""

    @given(_ACRONYM_TEXT)
    @example(text="WHOWHO WHO")
    def test_same_as_the_boundary_pattern(self, text: str) -> None:
        """It finds what the pattern with a word boundary on both sides finds, and no more."""
        bounded = re.compile(r"\b(?:" + "|".join(_CASED_ACRONYMS) + r")\b")
        assert list(_acronym_spans(text)) == [m.span() for m in bounded.finditer(text)]
