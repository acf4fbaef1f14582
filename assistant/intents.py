"""Sentence templates -> intents, with hassil. Pure: text in, Intent out.

The templates live in ``intents/*.yaml``; the ``routine`` and ``exercise`` slot lists
are built from the catalogue, so a new exercise or alias needs no template change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml
from hassil import Intents, SlotList, TextSlotList, recognize, sample_intents
from hassil.errors import HassilError

from .datapaths import data_dir
from .errors import DataError
from .events import Intent
from .routines import Catalogue

_LOGGER = logging.getLogger(__name__)


@dataclass
class IntentMatcher:
    """Matches text against the templates; also lists every sentence they can produce."""

    intents: Intents
    slot_lists: dict[str, SlotList]

    @classmethod
    def from_files(cls, catalogue: Catalogue, paths: list[Path] | None = None) -> "IntentMatcher":
        paths = paths or [p for p in sorted(data_dir("intents").glob("*.yaml")) if p.name != "responses.yaml"]
        if not paths:
            raise DataError(data_dir("intents"), None, None, "has no sentence template files (*.yaml)")
        merged: dict = {"language": "en", "intents": {}, "expansion_rules": {}}
        for path in paths:
            merged = _merge(merged, _read_templates(path))
        try:
            intents = Intents.from_dict(merged)
        except (HassilError, KeyError, TypeError, ValueError) as err:
            raise DataError(paths[0].parent, None, None, f"has a sentence template hassil cannot parse ({err})") from None
        return cls(intents, _slot_lists(catalogue))

    def match(self, text: str) -> Intent | None:
        """The intent of ``text``, or None when no template says it."""
        result = recognize(text, self.intents, slot_lists=self.slot_lists)
        if result is None:
            return None
        slots = {name: str(entity.value) for name, entity in result.entities.items()}
        return Intent(result.intent.name, slots, text)

    def sentences(self) -> Iterator[tuple[str, str]]:
        """Every (intent name, sentence) the templates can produce, slots filled in."""
        yield from sample_intents(self.intents, slot_lists=self.slot_lists)

    @property
    def names(self) -> list[str]:
        return sorted(self.intents.intents)


def _read_templates(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else None
        raise DataError(path, line, None, f"is not valid YAML ({err.problem})") from None
    if not isinstance(data, dict) or not isinstance(data.get("intents"), dict):
        raise DataError(path, None, "intents", "is missing; a template file maps intent names to sentences")
    return data


def _merge(into: dict, new: dict) -> dict:
    into["intents"].update(new.get("intents", {}))
    into["expansion_rules"].update(new.get("expansion_rules", {}))
    return into


def _slot_lists(catalogue: Catalogue) -> dict[str, SlotList]:
    exercises = [(alias, e.id) for e in catalogue.exercises.values() for alias in e.aliases]
    routines = [(alias, r.id) for r in catalogue.routines.values() for alias in r.aliases]
    return {
        "exercise": TextSlotList.from_tuples(exercises, allow_template=False, name="exercise"),
        "routine": TextSlotList.from_tuples(routines, allow_template=False, name="routine"),
    }
