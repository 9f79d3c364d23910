"""JSON lines for batch consumers: one file per stream (``<dir>/<stream>.jsonl``), rotated by
size to ``<stream>.<UTC time>.jsonl``. Published ids are remembered in Redis
(:class:`PublishedMarks`), so a redelivered batch appends nothing."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from eventwire.channels.base import STREAMS, encode
from eventwire.channels.marks import PublishedMarks
from eventwire.schemas.messages import Message


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


class JsonlFilePublisher:
    """Appends each message as one line to its stream's file and fsyncs before returning.

    Several worker processes may append to one file: each line is written with one ``write``
    on a file opened with O_APPEND, which POSIX keeps whole for regular files. Rotation renames
    the full file aside; a consumer reads rotated files (closed) and may follow the live one.
    """

    def __init__(
        self,
        directory: Path,
        max_bytes: int,
        marks: PublishedMarks,
        stamp: Callable[[], str] = utc_stamp,
    ) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        self.marks = marks
        self.stamp = stamp

    def path_for(self, message_type: str) -> Path:
        return self.directory / f"{STREAMS[message_type]}.jsonl"

    def publish(self, messages: Sequence[Message]) -> list[bool]:
        claimed = self.marks.claim([m.message_id for m in messages])
        mine = [m for m, ok in zip(messages, claimed, strict=True) if ok]
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for message_type in dict.fromkeys(m.type for m in mine):
                lines = b"".join(encode(m) + b"\n" for m in mine if m.type == message_type)
                self._append(self.path_for(message_type), lines)
        except BaseException:
            self.marks.release([m.message_id for m in mine])
            raise
        self.marks.confirm([m.message_id for m in mine])
        return claimed

    def _append(self, path: Path, lines: bytes) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, lines)
            os.fsync(fd)
            size = os.fstat(fd).st_size
        finally:
            os.close(fd)
        if size >= self.max_bytes:
            rotated = path.with_name(f"{path.stem}.{self.stamp()}.jsonl")
            # Another process may have rotated it first.
            with contextlib.suppress(FileNotFoundError):
                os.rename(path, rotated)

    def files(self, message_type: str) -> list[Path]:
        """Every file of a stream, oldest first (rotated files, then the live one)."""
        live = self.path_for(message_type)
        rotated = sorted(self.directory.glob(f"{live.stem}.*.jsonl"))
        return rotated + ([live] if live.exists() else [])
