"""Pain, at any second of any routine: the very next spoken event is the pain response, at once,
and no count is spoken after it until the person chooses how to go on."""

from __future__ import annotations

import random

import pytest

from simulate import brain, says, simulate, states

ROUTINES = sorted(brain().catalogue.routines)
COUNTING_KINDS = ("count", "hold", "release")


def pain_moments(routine_id: str) -> list[tuple[str, float]]:
    """(state, second) pairs: the instant each state is first entered, the middle of it, and random seconds."""
    events = simulate([(None, f"start the {routine_id} routine")])
    changes = [(str(e["state"]), float(e["t"])) for e in states(events)]
    moments: dict[str, list[float]] = {}
    for (state, t), (_, t_next) in zip(changes, changes[1:], strict=False):
        if state not in moments:
            moments[state] = [t, round((t + t_next) / 2, 3)]
    end = changes[-1][1]
    rng = random.Random(routine_id)
    extra = [("random", round(rng.uniform(0, end), 3)) for _ in range(4)]
    return [(state, t) for state, ts in moments.items() for t in ts] + extra


CASES = [(routine_id, state, t) for routine_id in ROUTINES for state, t in pain_moments(routine_id)]


@pytest.mark.parametrize("routine_id,state,t", CASES, ids=[f"{r}-{s}-{t}" for r, s, t in CASES])
@pytest.mark.parametrize("utterance", ["I'm in pain", "that hurts"])
def test_pain_is_the_next_thing_said_and_stops_the_counting(routine_id: str, state: str, t: float, utterance: str) -> None:
    events = simulate([(None, f"start the {routine_id} routine"), (t, utterance)])
    heard = next(i for i, e in enumerate(events) if e["event"] == "heard" and e["text"] == utterance)
    assert events[heard]["intent"] == "pain"
    after = events[heard + 1 :]
    first_say = says(after)[0]
    assert first_say["kind"] == "pain" and first_say["urgent"] is True
    assert first_say["t"] == events[heard]["t"] == t
    assert [e for e in says(after) if e["kind"] in COUNTING_KINDS] == []
    assert states(after)[-1]["state"] == "pain_check"
    assert any(e["event"] == "record" and e["kind"] == "pain" for e in after)


@pytest.mark.parametrize("state_script", [
    [],  # idle: nothing started
    [(None, "start knee rolls"), (60.0, "pause")],  # paused
    [(None, "start knee rolls"), (60.0, "ouch")],  # already in pain check
    [(None, "start the warm up routine"), (20000.0, "what's next")],  # after the routine finished
])
def test_pain_is_answered_in_the_quiet_states_too(state_script: list[tuple[float | None, str]]) -> None:
    last = max([t for t, _ in state_script if t is not None], default=0.0)
    events = simulate([*state_script, (last + 1.0, "my back hurts")])
    heard = max(i for i, e in enumerate(events) if e["event"] == "heard")
    first_say = says(events[heard + 1 :])[0]
    assert first_say["kind"] == "pain" and first_say["t"] == last + 1.0
    assert [e for e in says(events[heard + 1 :]) if e["kind"] in COUNTING_KINDS] == []


def test_pain_response_names_the_red_flags_and_the_choices() -> None:
    events = simulate([(None, "start knee rolls"), (45.0, "I'm in pain")])
    spoken = " ".join(str(e["text"]) for e in says(events, "pain")).lower()
    for flag in ("tingling", "both legs", "bladder", "genitals", "emergency"):
        assert flag in spoken
    for choice in ("skip", "relief", "stop"):
        assert choice in spoken
    assert "ease out" in spoken


@pytest.mark.parametrize("choice,expected_state,expected_exercise", [
    ("skip", "introducing", "deep_abdominal"),
    ("the relief routine", "introducing", "breathing"),
    ("stop", "idle", None),
])
def test_after_pain_each_choice_goes_where_it_says(choice: str, expected_state: str, expected_exercise: str | None) -> None:
    events = simulate([(None, "start the full routine"), (200.0, "ouch"), (230.0, choice)])
    chosen = next(i for i, e in enumerate(events) if e["event"] == "heard" and e["text"] == choice)
    first_state = states(events[chosen:])[0]
    assert (first_state["state"], first_state["exercise"]) == (expected_state, expected_exercise)
    if choice == "the relief routine":
        assert first_state["routine"] == "relief"


def test_carry_on_after_pain_returns_to_the_same_rep_and_side() -> None:
    base = simulate([(None, "start knee rolls")])
    t_pain = float([e for e in says(base, "count")][5]["t"]) + 1.0  # during the sixth count
    events = simulate([(None, "start knee rolls"), (t_pain, "ouch"), (t_pain + 30, "carry on")])
    counts_before = [e for e in says(events, "count") if float(e["t"]) <= t_pain]
    counts_after = [e for e in says(events, "count") if float(e["t"]) > t_pain]
    last = counts_before[-1]
    assert (counts_after[0]["side"], counts_after[0]["rep"]) == (last["side"], last["rep"])
