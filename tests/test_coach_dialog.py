"""Pause/resume keeps the place; questions are answered at every point without losing it."""

from __future__ import annotations

import pytest

from assistant.dialog import number_words
from simulate import brain, says, simulate, states

COUNTED = ("count", "hold", "release")


def place_sequence(events: list[dict]) -> list[tuple[object, ...]]:
    """Every counted cue as (exercise, kind, set, side, rep, second), without times."""
    exercise, out = None, []
    for e in events:
        if e["event"] == "state":
            exercise = e["exercise"]
        elif e["event"] == "say" and e["kind"] in COUNTED:
            out.append((exercise, e["kind"], e["set"], e["side"], e["rep"], e.get("second")))
    return out


def test_pause_then_resume_returns_to_the_same_rep_and_side() -> None:
    base = simulate([(None, "start knee rolls")])
    counts = says(base, "count")
    t = float(counts[6]["t"]) + 0.5  # mid-way through the seventh count: right side, rep 4
    events = simulate([(None, "start knee rolls"), (t, "hold on"), (t + 100, "continue")])
    paused = [e for e in states(events) if e["state"] == "paused"]
    assert len(paused) == 1 and (paused[0]["side"], paused[0]["rep"]) == (counts[6]["side"], counts[6]["rep"])
    assert [e for e in says(events, *COUNTED) if t < float(e["t"]) < t + 100] == []
    resumed = [e for e in says(events, "count") if float(e["t"]) > t + 100]
    assert (resumed[0]["side"], resumed[0]["rep"]) == (counts[6]["side"], counts[6]["rep"])
    # after the resume, the rest of the exercise is exactly what was left
    assert place_sequence(events)[-len(place_sequence(base)) + 0 :][-20:] == place_sequence(base)[-20:]


@pytest.mark.parametrize("question", ["what's next", "how many are left", "explain this exercise", "what can I say", "repeat that"])
def test_questions_do_not_lose_the_place(question: str) -> None:
    base = simulate([(None, "start the warm up routine")])
    end = float(base[-1]["t"])
    times = [round(end * k / 7, 3) for k in range(1, 7)]
    script: list[tuple[float | None, str]] = [(None, "start the warm up routine")] + [(t, question) for t in times]
    events = simulate(script)
    assert place_sequence(events) == place_sequence(base)
    assert [float(e["t"]) for e in says(events, *COUNTED)] == [float(e["t"]) for e in says(base, *COUNTED)]
    assert len(says(events, "answer")) >= len(times)


def answer_at(script: list[tuple[float | None, str]]) -> str:
    events = simulate(script)
    heard = max(i for i, e in enumerate(events) if e["event"] == "heard")
    return " ".join(str(e["text"]) for e in says(events[heard + 1 :], "answer"))


def test_what_next_names_the_next_exercise_of_the_routine() -> None:
    routine = brain().catalogue.routines["warmup"]
    base = simulate([(None, "start the warm up routine")])
    intros = [e for e in states(base) if e["state"] == "introducing"]
    for current, following in zip(routine.items, routine.items[1:]):
        t = next(float(e["t"]) for e in intros if e["exercise"] == current.exercise.id) + 1
        assert following.exercise.name.lower() in answer_at([(None, "start the warm up routine"), (t, "what's next")]).lower()
    last_t = float(intros[-1]["t"]) + 1
    assert "done" in answer_at([(None, "start the warm up routine"), (last_t, "what comes next")]).lower()


def test_what_next_mentions_switching_sides_before_the_other_side() -> None:
    assert "right side" in answer_at([(None, "start quad stretch"), (40.0, "what's next")]).lower()


def test_how_many_left_counts_reps_and_exercises() -> None:
    base = simulate([(None, "start the warm up routine")])
    last = brain().catalogue.routines["warmup"].items[-1]
    counts = [e for e in says(base, "count")][-last.dose.reps :]
    t = float(counts[2]["t"]) + 0.5  # during rep three of the last exercise
    answer = answer_at([(None, "start the warm up routine"), (t, "how many left")]).lower()
    assert f"{number_words(last.dose.reps - 3)} more in this set" in answer and "last exercise" in answer


def test_explain_repeats_the_current_exercise_steps() -> None:
    bridge = brain().catalogue.exercise("bridge")
    answer = answer_at([(None, "start bridge"), (60.0, "explain")])
    assert all(step in answer for step in bridge.steps)


def test_next_and_previous_move_between_exercises() -> None:
    events = simulate([(None, "start the warm up routine"), (5.0, "next"), (10.0, "next"), (15.0, "go back"), (20.0, "stop")])
    intros = [e["exercise"] for e in states(events) if e["state"] == "introducing"]
    assert intros == ["breathing", "pelvic_tilt", "knee_rolls", "pelvic_tilt"]
    assert states(events)[-1]["state"] == "idle"


def test_stop_ends_everything_and_nothing_is_said_after() -> None:
    events = simulate([(None, "start the full routine"), (300.0, "stop")])
    assert float(events[-1]["t"]) == 300.0
    assert [e for e in says(events) if float(e["t"]) > 300.0] == []


def test_faster_has_a_limit() -> None:
    events = simulate([(None, "start cat cow")] + [(None, "faster")] * 6)
    answers = [e["text"] for e in says(events, "answer")]
    assert answers[-1] == "This is already the fastest pace."
