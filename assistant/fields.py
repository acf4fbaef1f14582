"""Typed reading of one YAML mapping, with errors that name file, line and field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import DataError
from .yamlfile import LineDict, LineList

SPOKEN = re.compile(r"^[a-z][a-z' ]*[a-z]$")


class Fields:
    """Reads fields from one mapping of a data file and checks their types."""

    def __init__(self, path: Path, node: Any, what: str) -> None:
        if not isinstance(node, LineDict):
            raise DataError(path, getattr(node, "line", None), None, f"should be a mapping of {what} fields")
        self.path = path
        self.node = node

    def fail(self, key: str, problem: str, item: int | None = None) -> DataError:
        """An error about ``key`` (or item number ``item`` of the list under it)."""
        line = self.node.line_of(key)
        value = self.node.get(key)
        if item is not None and isinstance(value, LineList) and item < len(value.lines):
            line = value.lines[item]
        return DataError(self.path, line, key, problem)

    def reject_unknown(self, allowed: set[str]) -> None:
        for key in self.node:
            if key not in allowed:
                raise self.fail(key, f"is not a known field (expected one of: {', '.join(sorted(allowed))})")

    def _get(self, key: str) -> Any:
        if key not in self.node:
            raise DataError(self.path, self.node.line, key, "is missing")
        return self.node[key]

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "should be non-empty text")
        return value.strip()

    def texts(self, key: str, minimum: int = 1, default: tuple[str, ...] | None = None) -> tuple[str, ...]:
        if key not in self.node and default is not None:
            return default
        value = self._get(key)
        if not isinstance(value, list):
            raise self.fail(key, "should be a list of non-empty texts")
        for number, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(key, f"should be a list of non-empty texts, but has {item!r}", number)
        if len(value) < minimum:
            raise self.fail(key, f"should have at least {minimum} entr{'y' if minimum == 1 else 'ies'}")
        return tuple(v.strip() for v in value)

    def spoken(self, key: str) -> tuple[str, ...]:
        """A list of phrases a person says: lower-case words only, so recognizers can use them."""
        phrases = self.texts(key)
        for number, phrase in enumerate(phrases):
            if not SPOKEN.match(phrase):
                raise self.fail(key, f"has {phrase!r}; spoken names use lower-case letters, spaces and apostrophes only", number)
        return phrases

    def integer(self, key: str, minimum: int, default: int | None = None) -> int:
        if key not in self.node and default is not None:
            return default
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"should be a whole number, not {value!r}")
        if value < minimum:
            raise self.fail(key, f"should be at least {minimum}, not {value}")
        return value

    def choice(self, key: str, options: tuple[str, ...]) -> str:
        value = self._get(key)
        if value not in options:
            raise self.fail(key, f"should be one of {', '.join(options)}, not {value!r}")
        return str(value)

    def items(self, key: str) -> list[Any]:
        value = self._get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(key, "should be a non-empty list")
        return value
