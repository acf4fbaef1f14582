"""``assistant console`` as DESIGN.md specifies it: script lines in, JSON events out; history on disk."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path


def console(script: str, *args: str, history: Path | None = None) -> subprocess.CompletedProcess[str]:
    flags = ["--history", str(history)] if history else []
    return subprocess.run([sys.executable, "-m", "assistant", *flags, "console", *args], input=script, capture_output=True, text=True, timeout=120)


def test_full_routine_from_one_line_runs_to_its_end(tmp_path: Path) -> None:
    result = console("start the full routine\n", "--simulated-time", "--json", history=tmp_path / "h.sqlite3")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events[0] == {"t": 0.0, "event": "heard", "text": "start the full routine", "intent": "start_routine", "slots": {"routine": "full"}}
    kinds = {e["event"] for e in events}
    assert {"heard", "say", "state"} <= kinds
    assert all({"state", "exercise", "set", "side", "rep"} <= e.keys() for e in events if e["event"] == "state")
    assert all({"text", "kind"} <= e.keys() for e in events if e["event"] == "say")
    assert events[-1]["event"] == "state" and events[-1]["state"] == "idle"
    times = [e["t"] for e in events]
    assert times == sorted(times) and times[-1] > 600


def test_stamped_lines_are_said_at_their_second_and_pain_is_recorded(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    result = console("start bridge\n42.5\tthat hurts\n60\tstop\n", "--simulated-time", "--json", history=db)
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    heard = [e for e in events if e["event"] == "heard"]
    assert [(e["t"], e["intent"]) for e in heard] == [(0.0, "start_exercise"), (42.5, "pain"), (60.0, "stop")]
    rows = sqlite3.connect(db).execute("SELECT kind, detail FROM events ORDER BY id").fetchall()
    assert [kind for kind, _ in rows] == ["pain", "stopped"]
    pain = json.loads(rows[0][1])
    assert pain["exercise"] == "bridge" and pain["heard"] == "that hurts"


def test_text_mode_shows_what_was_heard_and_said(tmp_path: Path) -> None:
    result = console("what's next\nput the kettle on\n", "--simulated-time", "--no-history")
    assert result.returncode == 0
    assert "you:   what's next   [what_next]" in result.stdout
    assert "[no intent]" in result.stdout
    assert "coach: Nothing is running." in result.stdout


def test_real_time_console_answers_and_ends_when_input_ends() -> None:
    result = console("help\n", "--json", "--no-history")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["event"] for e in events] == ["heard", "say"] and events[1]["kind"] == "answer"
