"""Sentence templates -> intents, with cases kept as data in tests/intents/*.yaml."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from simulate import brain

CASES_DIR = Path(__file__).parent / "intents"


def load_cases() -> tuple[list[tuple[str, str, dict]], list[str]]:
    positive, negative = [], []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for case in data.get("tests", []):
            positive += [(sentence, case["intent"], case.get("slots")) for sentence in case["sentences"]]
        negative += data.get("none", [])
    return positive, negative


POSITIVE, NEGATIVE = load_cases()


@pytest.mark.parametrize("sentence,intent,slots", POSITIVE, ids=[p[0] for p in POSITIVE])
def test_sentence_maps_to_its_intent(sentence: str, intent: str, slots: dict | None) -> None:
    result = brain().matcher.match(sentence)
    assert result is not None, f"{sentence!r} matched nothing"
    assert result.name == intent
    if slots is not None:
        assert result.slots == slots


@pytest.mark.parametrize("sentence", NEGATIVE)
def test_sentence_outside_the_templates_maps_to_nothing(sentence: str) -> None:
    assert brain().matcher.match(sentence) is None


def test_every_intent_of_the_coach_has_templates() -> None:
    required = {"start_routine", "start_exercise", "next", "previous", "repeat", "pause", "resume", "stop", "pain",
                "what_next", "how_many_left", "explain", "slower", "faster", "help"}
    assert required <= set(brain().matcher.names)


def test_every_alias_of_every_exercise_and_routine_starts_it() -> None:
    catalogue = brain().catalogue
    for exercise in catalogue.exercises.values():
        for alias in exercise.aliases:
            result = brain().matcher.match(f"start {alias}")
            assert result is not None and result.slots == {"exercise": exercise.id}, alias
    for routine in catalogue.routines.values():
        for alias in routine.aliases:
            result = brain().matcher.match(f"start the {alias} routine")
            assert result is not None and result.slots == {"routine": routine.id}, alias


def test_sampled_template_sentences_match_their_own_intent() -> None:
    per_intent: dict[str, list[str]] = {}
    for intent, sentence in brain().matcher.sentences():
        per_intent.setdefault(intent, [])
        if len(per_intent[intent]) < 300:
            per_intent[intent].append(sentence)
    assert len(per_intent) >= 15
    mismatches = []
    for intent, sentence in itertools.chain.from_iterable(((i, s) for s in ss) for i, ss in per_intent.items()):
        result = brain().matcher.match(sentence)
        if result is None or result.name != intent:
            mismatches.append((sentence, intent, result.name if result else None))
    assert mismatches == []


def test_no_exercise_instruction_sentence_is_a_command() -> None:
    """The coach's own words must never trigger it (it may hear itself)."""
    catalogue = brain().catalogue
    sentences = [s for e in catalogue.exercises.values() for s in (*e.start, *e.steps, *e.tips, *e.cautions, e.purpose)]
    triggered = [(s, brain().matcher.match(s)) for s in sentences]
    assert [(s, r.name) for s, r in triggered if r is not None] == []
