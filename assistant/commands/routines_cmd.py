"""``assistant routines``: list, show and check the exercise catalogue and routines."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import DataError
from ..routines import Catalogue, Dose, Exercise, Sides, load_catalogue, load_exercise, load_routine, load_safety
from ..settings import Settings
from ..yamlfile import LineDict, load_yaml

HELP = """List the routines and exercises, show one in full, or check files you wrote.

examples:
  assistant routines                     # every routine and exercise, with its sources
  assistant routines show relief         # the steps of a routine or an exercise
  assistant routines check my_routine.yaml
  assistant routines check ./routines    # a whole folder: exercises/, routines/, safety.yaml
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("routines", help="list, show or check routines and exercises", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", nargs="?", choices=["list", "show", "check"], default="list")
    parser.add_argument("target", nargs="?", help="routine or exercise id (show), or a file or folder (check)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "check":
        if not args.target:
            raise DataError(Path("."), None, None, "needs a path: assistant routines check PATH")
        print(check(Path(args.target), settings))
        return 0
    catalogue = load_catalogue(settings.coach.routines_dir)
    if args.action == "show":
        print(show(catalogue, args.target or ""))
    else:
        print(listing(catalogue))
    return 0


def listing(catalogue: Catalogue) -> str:
    lines = [f"Routines ({len(catalogue.routines)}):"]
    for routine in catalogue.routines.values():
        names = ", ".join(item.exercise.id for item in routine.items)
        lines.append(f"  {routine.id:<11} {routine.name}: {names}")
    lines.append(f"\nExercises ({len(catalogue.exercises)}):")
    for exercise in catalogue.exercises.values():
        lines.append(f"  {exercise.id:<16} {exercise.name:<28} {describe(exercise.dose):<34} sources: {', '.join(exercise.sources)}")
    return "\n".join(lines)


def show(catalogue: Catalogue, target: str) -> str:
    if target in catalogue.routines:
        routine = catalogue.routines[target]
        lines = [f"{routine.name} ({routine.id}): {routine.description}", f"Rest between exercises: {routine.rest_between_s} s"]
        lines += [f"  {n}. {item.exercise.name}: {describe(item.dose)}" for n, item in enumerate(routine.items, 1)]
        return "\n".join(lines)
    if target in catalogue.exercises:
        return _show_exercise(catalogue.exercises[target])
    known = ", ".join(sorted(catalogue.routines) + sorted(catalogue.exercises))
    raise DataError(catalogue.root, None, None, f"has no routine or exercise called '{target}'; known: {known}")


def describe(dose: Dose) -> str:
    sides = {Sides.NONE: "", Sides.BOTH: " each side", Sides.ALTERNATE: " each side, alternating"}[dose.sides]
    hold = f", hold {dose.hold_s} s" if dose.hold_s else ""
    sets = f"{dose.sets} sets of " if dose.sets > 1 else ""
    return f"{sets}{dose.reps} reps{sides}{hold}"


def check(path: Path, settings: Settings) -> str:
    """Load ``path`` as a catalogue folder or a single file; raise DataError on the first problem."""
    if path.is_dir():
        catalogue = load_catalogue(path)
        return f"{path}: OK ({len(catalogue.exercises)} exercises, {len(catalogue.routines)} routines)"
    node = load_yaml(path)
    keys = set(node) if isinstance(node, LineDict) else set()
    if "items" in keys:
        exercises_dir = path.parent.parent / "exercises"
        exercises = {e.stem: load_exercise(e) for e in sorted(exercises_dir.glob("*.yaml"))} or load_catalogue(settings.coach.routines_dir).exercises
        routine = load_routine(path, exercises)
        return f"{path}: OK (routine {routine.id}, {len(routine.items)} exercises)"
    if "emergency" in keys:
        load_safety(path)
        return f"{path}: OK (safety texts)"
    if "steps" in keys or path.parent.name == "exercises":
        exercise = load_exercise(path)
        return f"{path}: OK (exercise {exercise.id})"
    raise DataError(path, getattr(node, "line", None), None, "is neither an exercise (has 'steps'), a routine (has 'items') nor safety texts (has 'emergency')")


def _show_exercise(exercise: Exercise) -> str:
    lines = [f"{exercise.name} ({exercise.id}): {exercise.purpose}", f"Dose: {describe(exercise.dose)}, rest {exercise.dose.rest_s} s between sets"]
    lines += ["Starting position:"] + [f"  - {t}" for t in exercise.start]
    lines += ["Movement:"] + [f"  - {t}" for t in exercise.steps]
    lines += ["Tips:"] + [f"  - {t}" for t in exercise.tips]
    if exercise.cautions:
        lines += ["Cautions:"] + [f"  - {t}" for t in exercise.cautions]
    lines.append("Also known as: " + ", ".join(exercise.aliases))
    lines.append("Sources: " + ", ".join(exercise.sources))
    for variant in exercise.variants:
        lines.append(f"Variant ({variant.source}): {variant.summary} [{describe(variant.dose)}]")
    return "\n".join(lines)


