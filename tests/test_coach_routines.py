"""Whole routines in simulated time: order of exercises, every count, every hold to the millisecond."""

from __future__ import annotations

import pytest

from assistant.routines import RoutineItem, Sides
from simulate import brain, says, simulate, states

ROUTINES = sorted(brain().catalogue.routines)


def expected_counts(item: RoutineItem) -> list[tuple[str, int, str | None, int]]:
    """(exercise, set, side, rep) of every count the catalogue asks for, in order."""
    dose, out = item.dose, []
    for set_no in range(1, dose.sets + 1):
        if dose.sides is Sides.NONE:
            out += [(item.exercise.id, set_no, None, rep) for rep in range(1, dose.reps + 1)]
        elif dose.sides is Sides.ALTERNATE:
            out += [(item.exercise.id, set_no, side, rep) for rep in range(1, dose.reps + 1) for side in ("left", "right")]
        else:
            out += [(item.exercise.id, set_no, side, rep) for side in ("left", "right") for rep in range(1, dose.reps + 1)]
    return out


def spoken_counts(events: list[dict]) -> list[tuple[str, int, str | None, int]]:
    exercise, out = None, []
    for event in events:
        if event["event"] == "state":
            exercise = event["exercise"]
        elif event["event"] == "say" and event["kind"] == "count":
            out.append((exercise, event["set"], event["side"], event["rep"]))
    return out


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_routine_runs_every_exercise_in_order(routine_id: str) -> None:
    routine = brain().catalogue.routines[routine_id]
    events = simulate([(None, f"start the {routine_id} routine")])
    introduced = [e["exercise"] for e in states(events) if e["state"] == "introducing"]
    assert introduced == [item.exercise.id for item in routine.items]
    assert states(events)[-1]["state"] == "idle"
    assert any(e["event"] == "record" and e["kind"] == "finished" for e in events)


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_routine_counts_every_rep_of_every_set_and_side(routine_id: str) -> None:
    routine = brain().catalogue.routines[routine_id]
    events = simulate([(None, f"start the {routine_id} routine")])
    expected = [count for item in routine.items for count in expected_counts(item)]
    assert spoken_counts(events) == expected


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_every_hold_lasts_exactly_the_catalogue_seconds(routine_id: str) -> None:
    routine = brain().catalogue.routines[routine_id]
    events = simulate([(None, f"start the {routine_id} routine")])
    holds: list[tuple[str, float]] = []
    exercise = None
    started: float | None = None
    for event in events:
        if event["event"] == "state" and event["state"] == "introducing":
            exercise = event["exercise"]
        if event["event"] != "say":
            continue
        if event["kind"] == "hold" and event["second"] == 0:
            started = float(event["t"])
        elif event["kind"] == "release":
            assert started is not None
            holds.append((str(exercise), round(float(event["t"]) - started, 6)))
            started = None
    expected = [(item.exercise.id, float(item.dose.hold_s)) for item in routine.items if item.dose.hold_s for _ in expected_counts(item)]
    assert holds == expected


def test_hold_counts_down_every_second_between_hold_and_release() -> None:
    events = simulate([(None, "start the bridge")])
    hold_s = brain().catalogue.exercise("bridge").dose.hold_s
    first_rep = [e for e in says(events, "hold", "release") if e["rep"] == 1]
    seconds = [e["second"] for e in first_rep]
    assert seconds == list(range(0, hold_s + 1))
    start = float(first_rep[0]["t"])
    assert [round(float(e["t"]) - start, 6) for e in first_rep] == [float(s) for s in range(0, hold_s + 1)]


def test_beat_counts_are_evenly_spaced_and_slower_stretches_them() -> None:
    normal = [float(e["t"]) for e in says(simulate([(None, "start cat cow")]), "count")]
    gaps = {round(b - a, 6) for a, b in zip(normal, normal[1:])}
    assert gaps == {3.0}
    slow = simulate([(None, "start cat cow"), (None, "slower")])
    slow_times = [float(e["t"]) for e in says(slow, "count")]
    assert {round(b - a, 6) for a, b in zip(slow_times, slow_times[1:])} == {3.75}


def test_single_exercise_with_sides_switches_once_per_set() -> None:
    events = simulate([(None, "start quad stretch")])
    dose = brain().catalogue.exercise("quad_stretch").dose
    assert len(says(events, "switch")) == dose.sets
    assert spoken_counts(events) == expected_counts(RoutineItem(brain().catalogue.exercise("quad_stretch"), dose))
