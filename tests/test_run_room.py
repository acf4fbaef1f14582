"""``assistant run`` in the virtual room: spoken commands in through the microphone, speech out.

The person is played into the room with paplay (piper's voice saying the command); the
assistant records the room's monitor as its microphone and plays into the same room.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pytest

from assistant.bench._measure import child_env, short_routines
from assistant.bench._room import Recorder, envelope_db
from assistant.voice import Voice
from room import Room

pytestmark = pytest.mark.room
Event = dict[str, object]


class LiveRun:
    """``assistant run --json`` in the room, its events collected as they come."""

    def __init__(self, room: Room, env: dict[str, str], args: list[str]) -> None:
        command = [sys.executable, "-m", "assistant", *args, "run", "--json", "--no-history"]
        self.proc = subprocess.Popen(command, env={**room.env, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        self.events: list[Event] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def wait_for(self, test: Callable[[Event], bool], timeout_s: float) -> Event:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = next((e for e in list(self.events) if test(e)), None)
            if found is not None:
                return found
            if self.proc.poll() is not None:
                raise AssertionError(f"assistant run ended ({self.proc.returncode}): {self.proc.stderr.read() if self.proc.stderr else ''}")  # type: ignore[union-attr]
            time.sleep(0.05)
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=30)
        raise AssertionError(f"timed out; events so far: {[(e['event'], e.get('text') or e.get('state')) for e in self.events][-12:]}; log: {err[-1500:]}")

    def stop(self) -> int:
        self.proc.terminate()
        return self.proc.wait(timeout=30)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("{"):
                event = json.loads(line)
                event["monotonic"] = time.monotonic()
                self.events.append(event)


@pytest.fixture()
def utterance(voice: Voice, tmp_path: Path) -> Callable[[str], Path]:
    def make(text: str) -> Path:
        path = tmp_path / (text.replace(" ", "_").replace("'", "") + ".wav")
        pcm = voice.synthesize(text)
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(voice.rate_hz)
            out.writeframes(pcm.astype("<i2").tobytes())
        return path

    return make


@pytest.fixture()
def live(room: Room, cache_home: Path, tmp_path: Path) -> Iterator[Callable[..., LiveRun]]:
    runs: list[LiveRun] = []

    def start(*args: str) -> LiveRun:
        run = LiveRun(room, child_env(cache_home), list(args))
        runs.append(run)
        run.wait_for(lambda e: e["event"] == "status", timeout_s=120)
        return run

    yield start
    for run in runs:
        if run.proc.poll() is None:
            run.stop()


def test_start_knee_rolls_is_heard_and_spoken(room: Room, live: Callable[..., LiveRun], utterance: Callable[[str], Path]) -> None:
    command = utterance("start knee rolls")
    run = live()
    with Recorder(room) as recorder:
        played_at = time.monotonic()
        room.play(command)
        heard = run.wait_for(lambda e: e["event"] == "heard", timeout_s=15)
        assert (heard["intent"], heard["slots"]) == ("start_exercise", {"exercise": "knee_rolls"})
        state = run.wait_for(lambda e: e["event"] == "state", timeout_s=5)
        assert (state["state"], state["exercise"]) == ("introducing", "knee_rolls")
        first = run.wait_for(lambda e: e["event"] == "say", timeout_s=5)
        assert str(first["text"]).startswith("Knee rolls.")
        time.sleep(3.0)
    assert run.stop() == 0  # SIGTERM ends it cleanly, as systemd stops the unit
    recording = recorder.recording()
    # The room is loud with the coach's voice after the command ended, not only with the command itself.
    after = recording.samples[recording.index(float(heard["monotonic"])) :]
    assert after.size > 16000 and float(np.mean(envelope_db(after) > -35)) > 0.3
    assert float(heard["monotonic"]) - played_at < 6.0


def test_pain_during_a_hold_gets_the_pain_response(room: Room, live: Callable[..., LiveRun], utterance: Callable[[str], Path], tmp_path: Path) -> None:
    routines = short_routines(tmp_path / "routines", reps=3, hold_s=8, exercise="bridge")
    start, pain = utterance("start the bridge"), utterance("I'm in pain")
    run = live("--routines", str(routines))
    room.play(start)
    run.wait_for(lambda e: e["event"] == "heard" and e["intent"] == "start_exercise", timeout_s=15)
    hold = run.wait_for(lambda e: e["event"] == "state" and e["state"] == "holding", timeout_s=60)
    time.sleep(1.5)  # well inside the eight-second hold, the countdown going on
    room.play(pain)
    heard = run.wait_for(lambda e: e["event"] == "heard" and e["intent"] == "pain", timeout_s=10)
    response = run.wait_for(lambda e: e["event"] == "say" and e["kind"] == "pain", timeout_s=5)
    assert response["urgent"] is True and float(response["t"]) - float(heard["t"]) < 0.05
    assert float(heard["t"]) - float(hold["t"]) < 8.0  # heard during the hold, not after it
    time.sleep(4.0)
    later = [e for e in run.events if e["event"] == "say" and e["kind"] in ("count", "hold", "release") and float(e["t"]) > float(heard["t"])]
    assert later == []
    assert run.stop() == 0



def test_run_keeps_going_without_its_sound_server_and_stops_on_sigterm(cache_home: Path) -> None:
    """Lost devices: the sound server goes away under a running coach; it keeps trying to
    reopen them, stays alive, and still stops cleanly when the service is stopped."""
    own_room = Room.start()  # a room of its own: this test destroys it
    run = LiveRun(own_room, child_env(cache_home), [])
    try:
        run.wait_for(lambda e: e["event"] == "status", timeout_s=120)
        own_room.stop()
        time.sleep(4.0)
        assert run.proc.poll() is None  # still running, waiting for its devices
        started = time.monotonic()
        run.proc.terminate()
        assert run.proc.wait(timeout=20) == 0
        assert time.monotonic() - started < 15
    finally:
        if run.proc.poll() is None:
            run.proc.kill()
        own_room.stop()
