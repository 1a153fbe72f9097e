"""Every log line a block of code writes, as Seat's own console handler writes it in JSON."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from seat.core.privatelogs import PrivatePaths
from seat.core.requestlog import JsonFormatter


def _console() -> logging.StreamHandler:  # type: ignore[type-arg]
    """The handler settings.LOGGING gave the root logger (found by its PrivatePaths filter)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and any(
            isinstance(f, PrivatePaths) for f in handler.filters
        ):
            return handler
    raise AssertionError("settings.LOGGING's console handler is not on the root logger")


class Lines(list[str]):
    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self]


@contextmanager
def json_logs(level: int = logging.DEBUG) -> Iterator[Lines]:
    """The real handler, with its filters, at ``level``, writing JSON into the list yielded."""
    handler, root = _console(), logging.getLogger()
    stream, formatter, root_level = io.StringIO(), handler.formatter, root.level
    old_stream = handler.setStream(stream)
    handler.setFormatter(JsonFormatter())
    root.setLevel(level)
    lines = Lines()
    try:
        yield lines
    finally:
        handler.flush()
        handler.setStream(old_stream)  # type: ignore[arg-type]
        handler.setFormatter(formatter)
        root.setLevel(root_level)
        lines.extend(stream.getvalue().splitlines())
