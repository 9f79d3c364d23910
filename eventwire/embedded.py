"""Embedded mode: the whole flow in one process, on an in-process Redis stand-in (fakeredis).

The same producer checks, the same :class:`BatchProcessor`, store and stream publisher as in
production; only the network is missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import fakeredis

from eventwire.pipeline.flow import Clock
from eventwire.producers.client import chunks, prepare
from eventwire.schemas.article import Batch
from eventwire.schemas.ids import derive_id
from eventwire.schemas.messages import Message
from eventwire.settings import Settings
from eventwire.workers.runtime import build_processor, utc_now


def message_article_id(message: Message) -> str | None:
    """The submission a message answers."""
    if message.type == "article_record":
        return message.article.article_id
    if message.type == "event_record":
        return None
    return message.article_id


def run_embedded(
    payloads: Iterable[Any],
    settings: Settings,
    emit: Callable[[Message], None],
    clock: Clock = utc_now,
    client: fakeredis.FakeRedis | None = None,
) -> Counter[str]:
    """Process ``payloads`` end to end, calling ``emit`` with every published message in input
    order; return how many messages of each type were published."""
    client = client if client is not None else fakeredis.FakeRedis()
    # Embedded mode prints what it publishes; it never reaches out to other servers, whatever
    # EVENTWIRE_CHANNELS says.
    local = settings.model_copy(update={"channels": {"redis_streams": ["*"]}})
    processor = build_processor(local, client, clock)
    counts: Counter[str] = Counter()
    start = 0
    for chunk in chunks(payloads, settings.batch_size):
        prepared = prepare(chunk, settings.max_body_bytes, clock(), start)
        start += len(chunk)
        messages: list[Message] = []
        if prepared.dead_letters:
            messages += processor.publish_dead_letters(
                [letter.model_dump(mode="json") for letter in prepared.dead_letters]
            )
        if prepared.submissions:
            batch = Batch(
                batch_id=derive_id("batch", *(s.article_id for s in prepared.submissions)),
                items=prepared.submissions,
            )
            messages += processor.process_batch(batch.model_dump(mode="json"))
        by_article = {
            message_article_id(message): message
            for message in messages
            if message.type != "event_record"
        }
        events = [message for message in messages if message.type == "event_record"]
        for message in [by_article[article_id] for article_id in prepared.article_ids] + events:
            counts[message.type] += 1
            emit(message)
    return counts
