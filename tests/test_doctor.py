"""``assistant doctor`` and start-up errors of ``assistant run``: one clear line, exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from room import Room

ROOT = Path(__file__).resolve().parents[1]


def assistant(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, timeout=180,
                          env={**(env or os.environ), "PYTHONPATH": str(ROOT)})


@pytest.mark.room
def test_doctor_is_happy_in_the_room(room: Room, tmp_path: Path) -> None:
    result = assistant("--history", str(tmp_path / "h.sqlite3"), "doctor", env=room.env)
    assert result.returncode == 0, result.stdout + result.stderr
    for check in ("routines", "voice", "speaker", "microphone", "history", "recognition engine"):
        assert f"ok   {check}" in result.stdout


@pytest.mark.room
def test_doctor_names_a_missing_device_and_the_fix(room: Room, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[audio]\ninput_device = "no-such-microphone"\n')
    result = assistant("--config", str(config), "--history", str(tmp_path / "h.sqlite3"), "doctor", env=room.env)
    assert result.returncode == 2
    line = next(line for line in result.stdout.splitlines() if line.startswith("FAIL microphone"))
    assert "no-such-microphone" in line and "--input" in line


@pytest.mark.room
def test_run_with_a_missing_microphone_is_one_line_and_exit_2(room: Room, tmp_path: Path) -> None:
    result = assistant("--history", str(tmp_path / "h.sqlite3"), "run", "--input", "no-such-microphone", env=room.env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "no-such-microphone" in result.stderr
