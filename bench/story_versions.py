"""Several versions of one story, from different sources, through embedded mode: prints each
message as it is published, and for every event record its id, version, and its counts of
mentions, articles and sources, so that one can watch them grow as reports arrive.

The versions are built from examples/: the seed article as the wire sent it, the mirror's
copy of it (a near duplicate, which adds nothing), a re-worded republication by another
outlet and a short wire brief (duplicates too: copies add no report of their own), two reports
by other outlets written in their own words (written for this bench), the wire's update, and the
Geneva desk's later HTML story.

    python bench/story_versions.py
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventwire.embedded import run_embedded
from eventwire.schemas.messages import Message
from eventwire.settings import Settings
from eventwire.workers.logging import configure_logging

REPO = Path(__file__).resolve().parents[1]
SEED = json.loads((REPO / "examples" / "seed_article.json").read_text(encoding="utf-8"))
EXAMPLES = [
    json.loads(line)
    for line in (REPO / "examples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    if line.startswith("{")
]
STORY_URL = "https://{host}/2017/01/17/{slug}"
OWN_WORDS = (
    "Russia wants the United Nations and the incoming US administration to take part in the "
    "Syria negotiations due to open in Astana next week.\n\n"
    "Meanwhile, Russian Foreign Minister Sergey Lavrov said that representatives from the "
    "future US administration and the United Nations should be invited to the talks.\n\n"
    "Kazakh officials said the venue was ready and that delegations would arrive over the "
    "weekend. Officials in Astana declined to say how many observers would attend.",
    "The Syrian government has picked its envoy to the United Nations to head its team at "
    "next week's negotiations with the armed opposition in Kazakhstan.\n\n"
    "The talks in Astana, scheduled for January 23, are meant to shore up the truce that "
    "Russia, Turkey and Iran brokered last month.\n\n"
    "Meanwhile, Russian Foreign Minister Sergey Lavrov said that representatives from the "
    "future US administration and the United Nations should be invited to the talks.\n\n"
    "Opposition groups said their side would be led by Mohammad Alloush of Jaish al-Islam.",
)
"""Two outlets' own reports of the same day's news (written for this bench): not copies of the
wire story, so they are articles of their own and add reports to its events."""


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def reworded(text: str) -> str:
    """The seed story as another outlet would republish it: reordered, cut, re-phrased."""
    kept = paragraphs(text)
    lavrov = [p for p in kept if "Lavrov" in p]
    rest = [p for p in kept if "Lavrov" not in p]
    swaps = {
        "Meanwhile, Russian Foreign Minister Sergey Lavrov said that": (
            "Russian Foreign Minister Sergey Lavrov said on Tuesday that"
        ),
        "The Syrian government and opposition militants have announced": (
            "Syria's government and opposition militants have announced"
        ),
        "which was endorsed by": "which had been endorsed by",
    }
    story = "\n\n".join([*rest[:1], *lavrov[:2], *rest[1:4]])
    for old, new in swaps.items():
        story = story.replace(old, new)
    return story


def brief(text: str) -> str:
    """A short wire version: the lead, Lavrov's call and the ceasefire paragraph."""
    kept = paragraphs(text)
    picked = [kept[0], *(p for p in kept if p.startswith("Meanwhile")), kept[4]]
    return "\n\n".join(picked).replace("Meanwhile, ", "")


def versions() -> list[dict[str, Any]]:
    """The story as it arrives from each source, in order of arrival."""
    seed = {key: SEED[key] for key in ("source", "url", "title", "published_at", "text")}
    return [
        seed,
        EXAMPLES[1],  # the mirror's copy of the wire story
        {
            "source": "levant-daily",
            "url": STORY_URL.format(host="levant-daily.example.com", slug="astana-delegations"),
            "title": "Damascus and rebels name Astana negotiators",
            "published_at": "2017-01-17T21:10:00Z",
            "text": reworded(SEED["text"]),
        },
        {
            "source": "wire-brief",
            "url": STORY_URL.format(host="brief.example.org", slug="syria-talks-brief"),
            "title": "BRIEF-Syria talks: delegations named, Lavrov wants UN and US invited",
            "published_at": "2017-01-17T22:00:00Z",
            "text": brief(SEED["text"]),
        },
        {
            "source": "steppe-post",
            "url": STORY_URL.format(host="steppe-post.example.kz", slug="lavrov-astana"),
            "title": "Lavrov wants UN and Washington at the table in Astana",
            "published_at": "2017-01-17T23:30:00Z",
            "text": OWN_WORDS[0],
        },
        {
            "source": "gulf-courier",
            "url": STORY_URL.format(host="gulf-courier.example.ae", slug="astana-line-up"),
            "title": "Who will talk for whom in Astana",
            "published_at": "2017-01-17T23:45:00Z",
            "text": OWN_WORDS[1],
        },
        EXAMPLES[2],  # the wire's update at the same address
        EXAMPLES[3],  # the Geneva desk, three weeks later, as HTML
    ]


def show(message: Message, seen: Counter[str]) -> None:
    """Print one published message as a line or two."""
    if message.type == "article_record":
        article = message.article
        print(
            f"article  {article.source:<13} {article.published_at:%Y-%m-%d %H:%M}  "
            f"{len(message.enrichment.events)} coded events  story {message.story_id}"
        )
    elif message.type == "event_record":
        seen[message.event_id] += 1
        source = message.source.code if message.source else "-"
        target = message.target.code if message.target else "-"
        print(
            f"  event  {message.event_id}  v{message.version}  mentions {message.mentions}  "
            f"articles {message.articles}  sources {message.sources}  "
            f"{source}>{target} {message.cameo_code} ({message.plover}) "
            f"{message.place or '-'} {message.date or '-'}"
        )
    elif message.type == "duplicate_notice":
        print(f"duplicate {message.source:<12} {message.match} of {message.original_record_id}")
    else:
        print(f"{message.type} {message.model_dump(mode='json')}")


def main() -> None:
    payloads = versions()
    seen: Counter[str] = Counter()
    settings = Settings(log_level="WARNING", batch_size=1)
    configure_logging(settings)
    counts = run_embedded(
        payloads,
        settings,
        lambda message: show(message, seen),
        clock=lambda: datetime(2017, 2, 8, 12, 0, tzinfo=UTC),
    )
    print(f"\nmessages: {dict(counts)}")
    grown = {event_id: n for event_id, n in seen.items() if n > 1}
    print(
        f"event records: {len(seen)}; republished with a higher version: {len(grown)} "
        f"(most versions: {max(grown.values(), default=1)})"
    )


if __name__ == "__main__":
    main()
