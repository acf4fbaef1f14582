"""YAML loading that remembers the line of every mapping key, for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import DataError


class LineDict(dict[str, Any]):
    """A mapping that also knows the 1-based line of each key (``lines``) and of itself."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class LineList(list[Any]):
    """A list that also knows the 1-based line of each item (``lines``)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise DataError(loader.name, key_node.start_mark.line + 1, None, f"has a key {key!r} that is not text")
        if key in result:
            raise DataError(loader.name, key_node.start_mark.line + 1, key, "appears twice")
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList()
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.lines.append(item.start_mark.line + 1)
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file; a syntax error becomes a DataError naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, None, None, "does not exist") from None
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(path, None, None, f"cannot be read ({err.__class__.__name__})") from None
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise DataError(path, line, None, f"is not valid YAML ({err.problem or err.context})") from None
    finally:
        loader.dispose()
