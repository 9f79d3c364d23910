"""The coder run on one sentence with the places and people the enrichers would have found:
(verb, source code, target code) of each event. Shared by the role and target tests."""

from __future__ import annotations

from typing import Literal

from eventwire.pipeline.coding.coder import code_article
from eventwire.pipeline.intake import normalise_article
from eventwire.schemas import ArticleIn, CodedEvent, Enrichment, Entity, Place, Span
from eventwire.schemas.article import NormalisedArticle


def person(number: int, name: str, code: str | None, at: int, later: list[Span]) -> Entity:
    """The entity enricher's person ``name`` at ``at``, with its later mentions."""
    return Entity(
        entity_id=f"ent_{number}",
        kind="person",
        name=name,
        text=name,
        span=Span(start=at, end=at + len(name)),
        mentions=later,
        actor_code=code,
        confidence=0.9,
    )


def place(text: str, name: str, kind: Literal["country", "city"], country: str) -> Place:
    """The place enricher's ``name`` at its first occurrence in ``text``."""
    at = text.index(name)
    return Place(
        text=name,
        span=Span(start=at, end=at + len(name)),
        name=name,
        kind=kind,
        country=country,
        confidence=0.9,
    )


def coded(
    text: str,
    countries: dict[str, str],
    people: dict[str, str] | None = None,
    cities: dict[str, str] | None = None,
) -> list[tuple[str | None, str | None, str | None]]:
    """(verb, source code, target code) of each event, given the countries and cities (surface
    -> ISO alpha-2) and the people (name -> actor code) the enrichers would have found."""
    article = normalise_article(ArticleIn(source="t", text=text), "art_t")
    text = article.text
    places = [place(text, name, "country", code) for name, code in countries.items()]
    places += [place(text, name, "city", code) for name, code in (cities or {}).items()]
    entities = [
        person(number, name, code, text.index(name), [])
        for number, (name, code) in enumerate((people or {}).items())
    ]
    return coded_in(article, places, entities)


def coded_in(
    article: NormalisedArticle, places: list[Place], entities: list[Entity]
) -> list[tuple[str | None, str | None, str | None]]:
    """(verb, source code, target code) of each event the coder finds in ``article`` given
    these places and entities."""
    events: list[CodedEvent] = code_article(
        article, Enrichment(places=sorted(places, key=lambda p: p.span.start), entities=entities)
    )
    return [
        (e.verb, e.source.code if e.source else None, e.target.code if e.target else None)
        for e in events
    ]
