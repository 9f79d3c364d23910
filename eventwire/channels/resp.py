"""A RESP command encoder for redis-py connections, byte for byte redis-py's own (its Python
``PythonRespSerializer`` with its ``Encoder``), in fewer instructions.

The worker's pipelines send a few thousand script calls per batch of 50 articles, each with 15
to 30 arguments (keys of every generation, packed values, message bodies); redis-py's packer
encodes each argument through a method call and an ``isinstance`` chain and re-formats its whole
buffer once per argument. Here the common types (``bytes``, ``str``, ``int``) are told apart by
their exact type, each length header comes from a table, and the pieces are joined once; any
other argument goes through the same rules as redis-py's encoder. Pass an instance as a
connection's ``command_packer`` (``redis.Redis.from_url(url, command_packer=RespPacker())``).
"""

from __future__ import annotations

from typing import Any

from redis.exceptions import DataError

_TABLE = 1024
_ARRAYS = [b"*%d" % count for count in range(_TABLE)]
"""The array header of a command of each number of arguments below ``_TABLE``, without its line
end: each argument's header begins with the line end of what came before it."""
_BULKS = [b"\r\n$%d\r\n" % size for size in range(_TABLE)]
"""The bulk-string header of an argument of each length below ``_TABLE``, after the line end of
what came before it."""
_CRLF = b"\r\n"


class RespPacker:
    """Packs a command into the bytes redis-py's Python packer sends for it, as one chunk.

    ``encoding`` and ``errors`` are the client's (``redis.Redis(encoding=...,
    encoding_errors=...)``); a command name holding spaces (``"CONFIG GET"``) is split into
    words, as redis-py does.
    """

    __slots__ = ("encoding", "errors")

    def __init__(self, encoding: str = "utf-8", errors: str = "strict") -> None:
        self.encoding = encoding
        self.errors = errors

    def pack(self, *args: Any) -> list[bytes]:
        first = args[0]
        if isinstance(first, str):
            args = (*first.encode().split(), *args[1:])
        elif b" " in first:  # a TypeError for other types, as in redis-py
            args = (*first.split(), *args[1:])
        count = len(args)
        parts = [_ARRAYS[count] if count < _TABLE else b"*%d" % count]
        append = parts.append
        encoding, errors = self.encoding, self.errors
        for arg in args:
            kind = type(arg)
            if kind is bytes:
                value = arg
            elif kind is str:
                value = arg.encode(encoding, errors)
            elif kind is int:
                value = b"%d" % arg  # the repr of an exact int
            else:
                value = self.encode(arg)
            size = len(value)
            append(_BULKS[size] if size < _TABLE else b"\r\n$%d\r\n" % size)
            append(value)
        append(_CRLF)
        return [b"".join(parts)]

    def encode(self, value: object) -> bytes | bytearray | memoryview:
        """One argument as redis-py's ``Encoder.encode`` makes it (subclasses of ``str`` and
        ``int`` included: an ``int`` subclass is written as its ``repr``, as there)."""
        if isinstance(value, bytes | bytearray | memoryview):
            return value
        if isinstance(value, bool):
            raise DataError(
                "Invalid input of type: 'bool'. Convert to a bytes, string, int or float first."
            )
        if isinstance(value, int | float):
            return repr(value).encode()
        if isinstance(value, str):
            return value.encode(self.encoding, self.errors)
        raise DataError(
            f"Invalid input of type: '{type(value).__name__}'. "
            "Convert to a bytes, string, int or float first."
        )
