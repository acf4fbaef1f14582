"""The exercise catalogue, routines and safety texts: loading and validation.

Everything here is data from ``routines/``; adding an exercise needs no code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .datapaths import data_dir
from .errors import DataError
from .fields import SPOKEN, Fields
from .yamlfile import load_yaml

SOURCE_NAME = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
POSITIONS = ("supine", "prone", "all_fours", "seated", "standing", "any")


class Sides(str, Enum):
    """How an exercise uses the left and right side."""

    NONE = "none"
    BOTH = "both"  # all reps on one side, then all on the other
    ALTERNATE = "alternate"  # one rep per side, left then right


@dataclass(frozen=True)
class Dose:
    """How much of an exercise to do."""

    reps: int
    """Repetitions per set (per side when the exercise has sides)."""
    sets: int
    hold_s: int
    """Seconds held in each repetition; 0 means counted on a beat."""
    sides: Sides
    rest_s: int
    """Seconds of rest between sets."""


@dataclass(frozen=True)
class Variant:
    """Another version of an exercise given by one article."""

    source: str
    summary: str
    dose: Dose


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    """File names of the source articles."""
    position: str
    purpose: str
    start: tuple[str, ...]
    """Starting position, one speakable sentence each."""
    steps: tuple[str, ...]
    """The movement, one speakable sentence each."""
    dose: Dose
    tips: tuple[str, ...]
    cautions: tuple[str, ...]
    variants: tuple[Variant, ...]
    path: Path


@dataclass(frozen=True)
class RoutineItem:
    exercise: Exercise
    dose: Dose
    """The exercise's dose with the routine's overrides applied."""


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    aliases: tuple[str, ...]
    description: str
    sources: tuple[str, ...]
    rest_between_s: int
    """Seconds of rest between two exercises."""
    items: tuple[RoutineItem, ...]
    path: Path


@dataclass(frozen=True)
class Safety:
    before_starting: tuple[str, ...]
    at_start: tuple[str, ...]
    """Spoken before the first routine of a session."""
    during: tuple[str, ...]
    see_professional: tuple[str, ...]
    emergency: tuple[str, ...]
    pain_warning: tuple[str, ...]
    """The red flags in brief, spoken when the person reports pain."""


@dataclass(frozen=True)
class Catalogue:
    exercises: dict[str, Exercise]
    routines: dict[str, Routine]
    safety: Safety
    root: Path

    def exercise(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]


def load_catalogue(root: Path | None = None) -> Catalogue:
    """Load and check every exercise, routine and the safety texts under ``root``."""
    root = root or data_dir("routines")
    exercise_files = sorted((root / "exercises").glob("*.yaml"))
    if not exercise_files:
        raise DataError(root / "exercises", None, None, "has no exercise files (*.yaml)")
    exercises: dict[str, Exercise] = {}
    for path in exercise_files:
        exercise = load_exercise(path)
        exercises[exercise.id] = exercise
    _check_unique_aliases([(e.path, e.id, e.aliases) for e in exercises.values()])
    routines: dict[str, Routine] = {}
    for path in sorted((root / "routines").glob("*.yaml")):
        routine = load_routine(path, exercises)
        routines[routine.id] = routine
    _check_unique_aliases([(r.path, r.id, r.aliases) for r in routines.values()])
    return Catalogue(exercises, routines, load_safety(root / "safety.yaml"), root)


def load_exercise(path: Path) -> Exercise:
    fields = Fields(path, load_yaml(path), "exercise")
    fields.reject_unknown(_EXERCISE_KEYS)
    exercise_id = _identifier(fields, path)
    name = fields.text("name")
    aliases = fields.spoken("aliases")
    if name.lower() not in aliases and SPOKEN.match(name.lower()):
        aliases = (name.lower(), *aliases)
    return Exercise(
        id=exercise_id,
        name=name,
        aliases=aliases,
        sources=_sources(fields, "sources"),
        position=fields.choice("position", POSITIONS),
        purpose=fields.text("purpose"),
        start=fields.texts("start"),
        steps=fields.texts("steps"),
        dose=_dose(fields),
        tips=fields.texts("tips", minimum=0, default=()),
        cautions=fields.texts("cautions", minimum=0, default=()),
        variants=tuple(_variant(path, node) for node in _list_or_empty(fields, "variants")),
        path=path,
    )


def load_routine(path: Path, exercises: dict[str, Exercise]) -> Routine:
    fields = Fields(path, load_yaml(path), "routine")
    fields.reject_unknown({"id", "name", "aliases", "description", "sources", "rest_between_s", "items"})
    items = tuple(_routine_item(path, node, exercises) for node in fields.items("items"))
    return Routine(
        id=_identifier(fields, path),
        name=fields.text("name"),
        aliases=fields.spoken("aliases"),
        description=fields.text("description"),
        sources=_sources(fields, "sources"),
        rest_between_s=fields.integer("rest_between_s", 0),
        items=items,
        path=path,
    )


def load_safety(path: Path) -> Safety:
    fields = Fields(path, load_yaml(path), "safety")
    fields.reject_unknown({"sources", "before_starting", "at_start", "during", "see_professional", "emergency", "pain_warning"})
    _sources(fields, "sources")
    return Safety(
        before_starting=fields.texts("before_starting"),
        at_start=fields.texts("at_start"),
        during=fields.texts("during"),
        see_professional=fields.texts("see_professional"),
        emergency=fields.texts("emergency"),
        pain_warning=fields.texts("pain_warning"),
    )


# --- helpers -----------------------------------------------------------------

_EXERCISE_KEYS = {
    "id", "name", "aliases", "sources", "position", "purpose", "start", "steps", "reps", "sets",
    "hold_s", "sides", "rest_s", "tips", "cautions", "variants", "notes",
}


def _identifier(fields: Fields, path: Path) -> str:
    value = fields.text("id")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
        raise fields.fail("id", f"should be lower_case_with_underscores, not {value!r}")
    if value != path.stem:
        raise fields.fail("id", f"is {value!r} but the file is named {path.name}; they must match")
    return value


def _sources(fields: Fields, key: str) -> tuple[str, ...]:
    sources = fields.texts(key)
    for number, source in enumerate(sources):
        if not SOURCE_NAME.match(source):
            raise fields.fail(key, f"has {source!r}, which is not a source article file name like 000_c7849eb73112c3bf.txt", number)
    return sources


def _dose(fields: Fields, base: Dose | None = None) -> Dose:
    def whole(key: str, minimum: int, fallback: int | None) -> int:
        return fields.integer(key, minimum, default=fallback)

    sides = Sides(fields.choice("sides", tuple(s.value for s in Sides))) if base is None or "sides" in fields.node else base.sides
    return Dose(
        reps=whole("reps", 1, base.reps if base else None),
        sets=whole("sets", 1, base.sets if base else None),
        hold_s=whole("hold_s", 0, base.hold_s if base else None),
        sides=sides,
        rest_s=whole("rest_s", 0, base.rest_s if base else None),
    )


def _variant(path: Path, node: object) -> Variant:
    fields = Fields(path, node, "variant")
    fields.reject_unknown({"source", "summary", "reps", "sets", "hold_s", "sides", "rest_s"})
    source = fields.text("source")
    if not SOURCE_NAME.match(source):
        raise fields.fail("source", f"has {source!r}, which is not a source article file name")
    default = Dose(reps=1, sets=1, hold_s=0, sides=Sides.NONE, rest_s=0)
    return Variant(source=source, summary=fields.text("summary"), dose=_dose(fields, default))


def _routine_item(path: Path, node: object, exercises: dict[str, Exercise]) -> RoutineItem:
    fields = Fields(path, node, "routine item")
    fields.reject_unknown({"exercise", "reps", "sets", "hold_s", "sides", "rest_s"})
    exercise_id = fields.text("exercise")
    if exercise_id not in exercises:
        raise fields.fail("exercise", f"names {exercise_id!r}, which is not in the exercise catalogue")
    exercise = exercises[exercise_id]
    return RoutineItem(exercise=exercise, dose=_dose(fields, exercise.dose))


def _list_or_empty(fields: Fields, key: str) -> list[object]:
    value = fields.node.get(key, [])
    if not isinstance(value, list):
        raise fields.fail(key, "should be a list")
    return value


def _check_unique_aliases(owners: list[tuple[Path, str, tuple[str, ...]]]) -> None:
    seen: dict[str, str] = {}
    for path, owner, aliases in owners:
        for alias in aliases:
            if seen.setdefault(alias, owner) != owner:
                raise DataError(path, None, "aliases", f"has {alias!r}, which {seen[alias]} already uses")

