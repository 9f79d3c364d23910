"""Feed entries to article payloads, and the feeds config file."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from eventwire.producers.feeds import Feed, entry_key, entry_to_article, load_config
from eventwire.schemas.article import ArticleIn
from eventwire.schemas.errors import ConfigurationError

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>
<item><title>Talks</title><link>https://n.example.org/a?utm_source=rss</link><guid>g-1</guid>
<pubDate>Tue, 17 Jan 2017 18:30:00 +0300</pubDate>
<description>&lt;p&gt;Body.&lt;/p&gt;</description>
</item>
<item><title>Only a title</title><link>https://n.example.org/b</link></item>
</channel></rss>"""

FEED = Feed(name="wire", url="https://n.example.org/rss", source="example-wire", language="en")


class TestEntryToArticle:
    """A feed entry becomes an ArticleIn payload; one with nothing to read does not validate."""

    def test_full_entry(self) -> None:
        """Source, external id, link, title, UTC time, HTML body, language and feed name."""
        entry = feedparser.parse(RSS).entries[0]
        payload = entry_to_article(entry, FEED)
        assert payload == {
            "source": "example-wire",
            "external_id": "g-1",
            "url": "https://n.example.org/a?utm_source=rss",
            "title": "Talks",
            "published_at": "2017-01-17T15:30:00Z",
            "html": "<p>Body.</p>",
            "language": "en",
            "metadata": {"feed": "wire"},
        }
        ArticleIn.model_validate(payload)

    def test_entry_without_a_body_is_invalid(self) -> None:
        """An entry with only a title makes a payload the producer rejects (no text or html)."""
        entry = feedparser.parse(RSS).entries[1]
        payload = entry_to_article(entry, FEED)
        assert "html" not in payload
        assert entry_key(entry) == "https://n.example.org/b"
        with pytest.raises(ValueError, match="text or html"):
            ArticleIn.model_validate(payload)

    def test_source_defaults_to_the_feed_name(self) -> None:
        """A feed without a source names its articles after itself."""
        entry = feedparser.parse(RSS).entries[0]
        feed = Feed(name="wire", url="https://n.example.org/rss")
        assert entry_to_article(entry, feed)["source"] == "wire"


class TestLoadConfig:
    """The TOML file is checked when it is read."""

    def test_reads_feeds(self, tmp_path: Path) -> None:
        """[[feed]] tables become Feed objects in file order."""
        path = tmp_path / "feeds.toml"
        path.write_text(
            '[[feed]]\nname = "a"\nurl = "https://a.example/rss"\n\n'
            '[[feed]]\nname = "b"\nurl = "http://b.example/atom"\nsource = "bee"\n'
        )
        assert [(f.name, f.source) for f in load_config(path)] == [("a", None), ("b", "bee")]

    @pytest.mark.parametrize(
        "text",
        [
            '[[feed]]\nname = "a"\nurl = "ftp://a.example/rss"\n',
            '[[feed]]\nname = "a b"\nurl = "https://a.example/rss"\n',
            '[[feed]]\nname = "a"\nurl = "https://a"\n[[feed]]\nname = "a"\nurl = "https://b"\n',
            "[[feed]\n",
        ],
    )
    def test_bad_files_are_refused(self, tmp_path: Path, text: str) -> None:
        """A non-http URL, a bad name, a repeated name or bad TOML is a ConfigurationError."""
        path = tmp_path / "feeds.toml"
        path.write_text(text)
        with pytest.raises(ConfigurationError):
            load_config(path)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a ConfigurationError naming it."""
        with pytest.raises(ConfigurationError, match=r"nope\.toml"):
            load_config(tmp_path / "nope.toml")
