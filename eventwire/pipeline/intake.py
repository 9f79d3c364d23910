"""Intake: validate what came off the queue, and turn a normalised article into its fingerprints."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from eventwire.pipeline.language import detect_language
from eventwire.pipeline.normalise import (
    content_hash,
    count_words,
    extract_html,
    normalise_line,
    normalise_text,
)
from eventwire.pipeline.urls import canonical_url
from eventwire.schemas.article import ArticleIn, NormalisedArticle, Submission
from eventwire.schemas.base import Stage
from eventwire.schemas.errors import DataError
from eventwire.schemas.ids import derive_id
from eventwire.schemas.messages import DeadLetter


def validate_article(
    payload: Any, article_id: str | None, stage: Stage, received_at: datetime, max_body_bytes: int
) -> ArticleIn | DeadLetter:
    """Validate a raw payload as :class:`ArticleIn`, or return the dead letter that says why not."""
    try:
        return ArticleIn.model_validate(payload, context={"max_body_bytes": max_body_bytes})
    except ValidationError as exc:
        return DeadLetter.for_invalid_payload(exc, payload, article_id, stage, received_at)


def split_batch(body: Any, received_at: datetime) -> tuple[list[Submission], list[DeadLetter]]:
    """Read the body of ``eventwire.process_batch``: well-formed submissions, and dead letters
    for every item (or whole body) that is not one."""
    items = body.get("items") if isinstance(body, Mapping) else None
    if not isinstance(items, list):
        letter = DeadLetter(
            dead_letter_id=derive_id("dead", "intake", "invalid_batch", repr(body)[:10_000]),
            article_id=None,
            stage="intake",
            reason="invalid_batch",
            message="the message body is not a batch: expected an object with a list 'items'",
            payload=body,
            received_at=received_at,
        )
        return [], [letter]
    submissions: list[Submission] = []
    letters: list[DeadLetter] = []
    for index, item in enumerate(items):
        try:
            submissions.append(Submission.model_validate(item))
        except ValidationError as exc:
            article_id = item.get("article_id") if isinstance(item, Mapping) else None
            letters.append(
                DeadLetter.for_invalid_payload(
                    exc,
                    item,
                    article_id if isinstance(article_id, str) else None,
                    "intake",
                    received_at,
                    reason="invalid_envelope",
                    salt=f"{body.get('batch_id')}:{index}",
                )
            )
    return submissions, letters


def normalise_article(article: ArticleIn, article_id: str) -> NormalisedArticle:
    """Build the normalised article that every later stage and every span refers to."""
    title = normalise_line(article.title) if article.title else None
    author = normalise_line(article.author) if article.author else None
    published_at = article.published_at
    if article.text is not None and article.text.strip():
        text = normalise_text(article.text)
    else:
        # What the payload says wins over what is read off the page.
        page = extract_html(article.html or "")
        text = page.text
        title = title or page.title
        author = author or page.author
        published_at = published_at or page.published_at
    if not any(char.isalnum() for char in text):
        # Control bytes repaired into a stray symbol ('\x9b' reads as '›' in Windows-1252) are
        # not an article either.
        raise DataError("normalise", "empty_text", "no words are left after normalisation")
    url = article.url
    return NormalisedArticle(
        article_id=article_id,
        source=article.source,
        external_id=article.external_id,
        url=url,
        canonical_url=canonical_url(url) if url else None,
        title=title,
        author=author or None,
        published_at=published_at,
        language=article.language or detect_language(text),
        text=text,
        content_hash=content_hash(text),
        word_count=count_words(text),
        metadata=article.metadata,
    )


def record_id_for(article: NormalisedArticle) -> str:
    """The record id of an article: a function of what it is, not of when it was sent."""
    return derive_id(
        "rec",
        article.source,
        article.external_id or "",
        article.canonical_url or "",
        article.content_hash,
    )
