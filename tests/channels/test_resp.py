"""The RESP encoder: the bytes redis-py's own Python packer sends, for any command."""

from __future__ import annotations

import enum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from redis._parsers.encoders import Encoder
from redis.connection import PythonRespSerializer
from redis.exceptions import DataError

from eventwire.channels.resp import RespPacker

ENCODINGS = (("utf-8", "strict"), ("latin-1", "replace"))


class Level(enum.IntEnum):
    LOW = 3


class Word(enum.StrEnum):
    WORD = "wörd"


def redis_py(encoding: str, errors: str, args: tuple[Any, ...]) -> bytes:
    """What redis-py's Python packer makes of ``args`` (its encoder, its buffer cut-off)."""
    encoder = Encoder(encoding, errors, False)  # type: ignore[no-untyped-call]
    packer = PythonRespSerializer(6000, encoder.encode)
    return b"".join(packer.pack(*args))  # type: ignore[no-untyped-call]


def ours(encoding: str, errors: str, args: tuple[Any, ...]) -> bytes:
    return b"".join(RespPacker(encoding, errors).pack(*args))


def outcome(pack: Any, encoding: str, errors: str, args: tuple[Any, ...]) -> Any:
    """The bytes, or the type and text of the error raised."""
    try:
        return pack(encoding, errors, args)
    except (DataError, TypeError, UnicodeError) as exc:
        return type(exc), str(exc)


def _view(data: bytes) -> memoryview:
    return memoryview(data)


NAMES = st.one_of(
    st.sampled_from(["EVALSHA", "SET", "CONFIG GET", " PING ", "", b"XADD", b"CLIENT  SETNAME"]),
    st.text(max_size=12),
    st.binary(max_size=12),
)
VALID = st.one_of(
    st.binary(max_size=40),
    st.binary(min_size=1000, max_size=7000),
    st.text(max_size=40),
    st.text(min_size=1000, max_size=1100),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(),
    st.binary(max_size=20).map(bytearray),
    st.binary(max_size=7000).map(_view),
    st.sampled_from([Level.LOW, Word.WORD]),
)
ARGS = st.one_of(VALID, st.booleans(), st.none())
"""What redis-py's encoder refuses too (bool, None), now and then."""


class TestRespPacker:
    @settings(max_examples=300, deadline=None)
    @given(
        st.sampled_from(ENCODINGS),
        NAMES,
        st.lists(st.one_of(VALID, VALID, ARGS), max_size=40),
    )
    def test_same_bytes_as_redis_py(
        self, encoding: tuple[str, str], name: Any, args: list[Any]
    ) -> None:
        """Every command packs to redis-py's bytes, or fails with its error."""
        command = (name, *args)
        assert outcome(ours, *encoding, command) == outcome(redis_py, *encoding, command)

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.binary(max_size=3000) | st.text(max_size=60) | st.integers(), max_size=1100))
    def test_long_commands(self, args: list[Any]) -> None:
        """Commands of more arguments than the header table holds pack the same too."""
        command = ("EVALSHA", *args)
        assert ours("utf-8", "strict", command) == redis_py("utf-8", "strict", command)

    def test_script_call(self) -> None:
        """An EVALSHA of keys, text and numbers, as the worker's pipelines queue it."""
        packed = RespPacker().pack("EVALSHA", "ab12", 2, b"k:\x00", "é", 7, 1.5)
        assert packed == [
            b"*7\r\n$7\r\nEVALSHA\r\n$4\r\nab12\r\n$1\r\n2\r\n$3\r\nk:\x00\r\n"
            b"$2\r\n\xc3\xa9\r\n$1\r\n7\r\n$3\r\n1.5\r\n"
        ]

    def test_refuses_what_redis_py_refuses(self) -> None:
        """A bool or None is a DataError, as in redis-py."""
        with pytest.raises(DataError, match="'bool'"):
            RespPacker().pack("SET", "k", True)
        with pytest.raises(DataError, match="'NoneType'"):
            RespPacker().pack("SET", "k", None)
