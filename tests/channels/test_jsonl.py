"""JSON-lines file channel: one file per stream, rotation by size, no line written twice."""

from __future__ import annotations

import json
from itertools import count
from pathlib import Path

import fakeredis
import pytest

from eventwire.channels.base import decode
from eventwire.channels.jsonl import JsonlFilePublisher
from eventwire.channels.marks import PublishedMarks
from eventwire.schemas.messages import ArticleRecord, DeadLetter, DuplicateNotice, Message


@pytest.fixture
def marks() -> PublishedMarks:
    return PublishedMarks(fakeredis.FakeRedis(), "jsonl-test", 3600)


@pytest.fixture
def messages(
    article_record: ArticleRecord, duplicate_notice: DuplicateNotice, dead_letter: DeadLetter
) -> list[Message]:
    return [article_record, duplicate_notice, dead_letter]


class TestJsonlFilePublisher:
    """Batch consumers read each message once from the stream's files."""

    def test_one_line_per_message_per_stream(
        self, tmp_path: Path, marks: PublishedMarks, messages: list[Message]
    ) -> None:
        """Each message is one JSON line in records/duplicates/dead.jsonl; republishing writes
        nothing."""
        publisher = JsonlFilePublisher(tmp_path, 1_000_000, marks)
        assert publisher.publish(messages) == [True, True, True]
        assert publisher.publish(messages) == [False, False, False]
        for message in messages:
            (path,) = publisher.files(message.type)
            (line,) = path.read_text(encoding="utf-8").splitlines()
            assert decode(message.type, line) == message
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "dead.jsonl",
            "duplicates.jsonl",
            "records.jsonl",
        ]

    def test_rotates_by_size(
        self, tmp_path: Path, marks: PublishedMarks, article_record: ArticleRecord
    ) -> None:
        """A file past max_bytes is renamed aside; every record is in exactly one file, in
        order."""
        stamps = count()
        publisher = JsonlFilePublisher(tmp_path, 2000, marks, stamp=lambda: f"{next(stamps):04d}")
        records = [article_record.model_copy(update={"record_id": f"rec_{i}"}) for i in range(6)]
        for record in records:
            publisher.publish([record])
        files = publisher.files("article_record")
        assert len(files) > 1
        assert all(f.name.startswith("records.") for f in files)
        ids = [
            json.loads(line)["record_id"]
            for path in files
            for line in path.read_text(encoding="utf-8").splitlines()
        ]
        assert ids == [f"rec_{i}" for i in range(6)]

    def test_failed_write_releases_the_claim(
        self, tmp_path: Path, marks: PublishedMarks, article_record: ArticleRecord
    ) -> None:
        """When the file cannot be written the error propagates and a retry writes the line."""
        blocker = tmp_path / "not-a-dir"
        blocker.write_text("", encoding="utf-8")
        with pytest.raises(OSError, match="not-a-dir"):
            JsonlFilePublisher(blocker, 1000, marks).publish([article_record])
        retry = JsonlFilePublisher(tmp_path / "out", 1000, marks)
        assert retry.publish([article_record]) == [True]
