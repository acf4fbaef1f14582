"""The shipped catalogue: every exercise the articles describe, each tied to its sources."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from simulate import brain

CONTENT = Path(__file__).resolve().parents[2] / "shared" / "content"
REQUIRED_EXERCISES = {
    "knee_rolls", "knee_to_chest", "knee_hug", "cat_cow", "bridge", "leg_stretch", "quad_stretch", "crunches",
    "bottom_to_heels", "back_extension", "sphinx", "deep_abdominal", "leg_twist", "seated_twist", "bird_dog",
    "pelvic_tilt", "breathing", "knee_kicks",
}
REQUIRED_ROUTINES = {"full", "relief", "strengthen", "stretch"}


def test_listing_shows_routines_and_exercises_with_their_sources() -> None:
    result = subprocess.run([sys.executable, "-m", "assistant", "routines"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    routines = re.search(r"Routines \((\d+)\)", result.stdout)
    exercises = re.search(r"Exercises \((\d+)\)", result.stdout)
    assert routines and int(routines.group(1)) >= 4
    assert exercises and int(exercises.group(1)) >= 15
    exercise_lines = result.stdout.split("Exercises (")[1].splitlines()[1:]
    assert len(exercise_lines) == int(exercises.group(1))
    assert all(re.search(r"sources: \d{3}_[0-9a-f]{16}\.txt", line) for line in exercise_lines)


def test_required_exercise_and_routine_ids_exist() -> None:
    catalogue = brain().catalogue
    assert REQUIRED_EXERCISES <= set(catalogue.exercises)
    assert REQUIRED_ROUTINES <= set(catalogue.routines)


def test_every_exercise_is_in_some_routine() -> None:
    catalogue = brain().catalogue
    used = {item.exercise.id for routine in catalogue.routines.values() for item in routine.items}
    assert set(catalogue.exercises) - used == set()


@pytest.mark.skipif(not CONTENT.is_dir() and os.environ.get("CI") != "true", reason="../shared/content is not beside this checkout")
def test_every_source_file_exists() -> None:
    catalogue = brain().catalogue
    named = {s for e in catalogue.exercises.values() for s in e.sources} | {v.source for e in catalogue.exercises.values() for v in e.variants}
    named |= {s for r in catalogue.routines.values() for s in r.sources}
    assert named and all((CONTENT / name).is_file() for name in named), sorted(n for n in named if not (CONTENT / n).is_file())


def test_articles_own_names_are_aliases() -> None:
    catalogue = brain().catalogue
    assert {"buttocks lifts", "bridging"} <= set(catalogue.exercise("bridge").aliases)
    assert {"hollow and convex back", "cat cow"} <= set(catalogue.exercise("cat_cow").aliases)


def test_spoken_text_is_short_and_free_of_spam() -> None:
    catalogue = brain().catalogue
    texts = [t for e in catalogue.exercises.values() for t in (*e.start, *e.steps, *e.tips, *e.cautions, e.purpose)]
    assert all(len(t.split()) <= 22 for t in texts), [t for t in texts if len(t.split()) > 22]
    joined = " ".join(texts).lower()
    for spam in ("secret obsession", "click here", "deadlift", "squat", "advertisement"):
        assert spam not in joined


def test_safety_texts_cover_the_red_flags() -> None:
    safety = brain().catalogue.safety
    emergency = " ".join(safety.emergency).lower()
    for sign in ("genitals", "bladder", "both legs"):
        assert sign in emergency
    assert "tingling" in " ".join(safety.see_professional).lower()
    assert any("doctor" in t.lower() for t in safety.before_starting)
    assert any("severe pain" in t.lower() for t in safety.during)
