"""Sources from the sentence before (coref-s9): a definite agent noun ('the clerics') that is
the subject of a verb stands for the actor with that agent the sentence before names (the
guideline's rule 3)."""

from __future__ import annotations

import re

from eventwire.pipeline.coding.coder import code_article
from eventwire.pipeline.intake import normalise_article
from eventwire.schemas import ArticleIn, Enrichment, Place, Span
from tests.pipeline.coding.coded import coded


class TestDefiniteAgent:
    """'The clerics', 'the rebels' take their state from the sentence before ('the police',
    a state's agent, are the article's country's, as before: :func:`_unnamed_official`)."""

    def test_the_agent_named_in_the_sentence_before(self) -> None:
        """'Sudanese clerics met in Khartoum. The clerics accused Chad of ...': the clerics are
        Sudan's."""
        text = (
            "On Monday Sudanese clerics met near the border. "
            "The clerics accused Chad of sheltering the smugglers."
        )
        events = coded(text, {"Sudanese": "SD", "Chad": "TD"})
        assert ("accused", "SDNREL", "TCD") in events

    def test_no_agent_of_that_kind_before(self) -> None:
        """With no clerics in the sentence before (rebels are another agent), 'the clerics'
        stand for no one named."""
        text = (
            "On Monday Sudanese rebels met near the border. "
            "The clerics accused Chad of sheltering the smugglers."
        )
        events = coded(text, {"Sudanese": "SD", "Chad": "TD"})
        assert [e for e in events if e[0] == "accused"] == []

    def test_two_states_agents_before(self) -> None:
        """Clerics of two states in the sentence before: which ones is not known, so none."""
        text = (
            "Sudanese clerics and Egyptian clerics met near the border. "
            "The clerics accused Chad of sheltering the smugglers."
        )
        events = coded(text, {"Sudanese": "SD", "Egyptian": "EG", "Chad": "TD"})
        assert [e for e in events if e[0] == "accused"] == []

    def test_only_the_sentence_just_before(self) -> None:
        """An agent two sentences back is too far."""
        text = (
            "On Monday Sudanese clerics met near the border. "
            "Dozens of people were held overnight. "
            "The clerics accused Chad of sheltering the smugglers."
        )
        events = coded(text, {"Sudanese": "SD", "Chad": "TD"})
        assert [e for e in events if e[0] == "accused"] == []

    def test_a_carried_source_is_less_sure(self) -> None:
        """The event whose source comes from the sentence before has a lower confidence than
        the same event with its source named."""
        carried = (
            "On Monday Sudanese clerics met near the border. "
            "The clerics accused Chad of sheltering the smugglers."
        )
        named = (
            "On Monday Sudanese clerics met near the border. "
            "Sudanese clerics accused Chad of sheltering the smugglers."
        )
        confidences = []
        for text in (carried, named):
            article = normalise_article(ArticleIn(source="t", text=text), "art_t")
            places = [
                Place(
                    text=name,
                    span=Span(start=at.start(), end=at.end()),
                    name=name,
                    kind="country",
                    country=country,
                    confidence=0.9,
                )
                for name, country in (("Sudanese", "SD"), ("Chad", "TD"))
                for at in re.finditer(name, article.text)
            ]
            places.sort(key=lambda p: p.span.start)
            events = code_article(article, Enrichment(places=places))
            confidences.append(next(e.confidence for e in events if e.verb == "accused"))
        assert confidences[0] < confidences[1]
