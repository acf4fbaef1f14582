"""The hearing acceptance, end to end on the command line: WAVs made by ``assistant say``,
recognized by ``assistant recognize`` (one process, paths from stdin)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "start knee rolls": ("start_exercise", {"exercise": "knee_rolls"}),
    "I'm in pain": ("pain", {}),
    "what is the next exercise": ("what_next", {}),
    "pause": ("pause", {}),
    "lie on your back and pull up your knees": (None, {}),
}


def assistant(*args: str, stdin: str = "", cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, env=env, capture_output=True, text=True, timeout=300)


def test_say_wavs_are_recognized_as_their_intents(tmp_path: Path) -> None:
    paths = {}
    for number, text in enumerate(CASES):
        paths[text] = tmp_path / f"{number}.wav"
        made = assistant("say", text, "--out", str(paths[text]), cache=tmp_path / "cache")
        assert made.returncode == 0, made.stderr
    result = assistant("recognize", "-", "--json", stdin="\n".join(str(p) for p in paths.values()) + "\n", cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(p) for p in paths.values()]
    got = {text: (line["intent"], line["slots"]) for text, line in zip(CASES, lines)}
    assert got == CASES
    assert all({"text", "confidence", "ms"} <= line.keys() for line in lines)
