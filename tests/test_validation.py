"""Broken data files: one clear line naming file, line and field; exit code 2; no traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.datapaths import data_dir

SHIPPED = data_dir("routines")


def assistant(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True, text=True, timeout=120)


@pytest.fixture()
def catalogue(tmp_path: Path) -> Path:
    copy = tmp_path / "routines"
    shutil.copytree(SHIPPED, copy)
    return copy


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace the first line starting with ``old``; return its 1-based number."""
    lines = path.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith(old))
    lines[number] = new
    path.write_text("\n".join(lines) + "\n")
    return number + 1


BREAKAGES = {
    # name: (file, line prefix to replace, replacement, field named in the message or None)
    "negative reps": ("exercises/bridge.yaml", "reps:", "reps: -3", "reps"),
    "reps not a number": ("exercises/bridge.yaml", "reps:", "reps: ten", "reps"),
    "unknown sides": ("exercises/knee_rolls.yaml", "sides:", "sides: sometimes", "sides"),
    "misspelt field": ("exercises/bridge.yaml", "hold_s:", "hold_seconds: 8", "hold_seconds"),
    "bad source name": ("exercises/bridge.yaml", "  - 000_", "  - some_blog.html", "sources"),
    "id not the file name": ("exercises/bridge.yaml", "id:", "id: bridges", "id"),
    "alias with punctuation": ("exercises/bridge.yaml", "  - bridge", "  - bridge!", "aliases"),
    "unknown exercise in routine": ("routines/relief.yaml", "  - exercise: knee_rolls", "  - exercise: knee_circles", "exercise"),
    "negative rest": ("routines/relief.yaml", "rest_between_s:", "rest_between_s: -5", "rest_between_s"),
    "yaml syntax": ("exercises/bridge.yaml", "name:", "name: [Bridge", None),
    "duplicate key": ("exercises/bridge.yaml", "sets:", "reps: 4", "reps"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_file_is_one_clear_line_with_file_and_line(catalogue: Path, name: str) -> None:
    relative, old, new, field = BREAKAGES[name]
    path = catalogue / relative
    line = replace_line(path, old, new)
    for target in (path, catalogue):  # the file alone, and the folder it is in
        result = assistant("routines", "check", str(target))
        assert result.returncode == 2, result.stdout
        assert "Traceback" not in result.stderr
        message = result.stderr.strip()
        assert len(message.splitlines()) == 1
        assert f"{path}:" in message
        if name == "yaml syntax":  # the parser reports where it noticed the problem: that line or the next
            assert any(f"{path}:{n}:" in message for n in (line, line + 1))
        else:
            assert f"{path}:{line}:" in message
        if field:
            assert f"'{field}'" in message


def test_missing_sources_is_an_error(catalogue: Path) -> None:
    path = catalogue / "exercises" / "sphinx.yaml"
    text = path.read_text()
    start = text.index("sources:")
    end = text.index("position:")
    path.write_text(text[:start] + text[end:])
    result = assistant("routines", "check", str(path))
    assert result.returncode == 2
    assert f"{path}:1: 'sources' is missing" in result.stderr


def test_empty_sources_is_an_error(catalogue: Path) -> None:
    path = catalogue / "exercises" / "sphinx.yaml"
    text = path.read_text()
    start, end = text.index("sources:"), text.index("position:")
    path.write_text(text[:start] + "sources: []\n" + text[end:])
    result = assistant("routines", "check", str(path))
    assert result.returncode == 2 and "'sources' should have at least 1 entry" in result.stderr


def test_alias_used_by_two_exercises_is_an_error(catalogue: Path) -> None:
    replace_line(catalogue / "exercises" / "sphinx.yaml", "  - sphinx", "  - bridge")
    result = assistant("routines", "check", str(catalogue))
    assert result.returncode == 2 and "'bridge'" in result.stderr and "already uses" in result.stderr


def test_the_console_refuses_a_broken_catalogue_the_same_way(catalogue: Path) -> None:
    path = catalogue / "exercises" / "bridge.yaml"
    line = replace_line(path, "reps:", "reps: 0")
    result = assistant("--routines", str(catalogue), "console", "--simulated-time", "--no-history", stdin="start bridge\n")
    assert result.returncode == 2
    assert result.stderr.strip() == f"assistant: {path}:{line}: 'reps' should be at least 1, not 0"


def test_the_shipped_catalogue_checks_clean() -> None:
    result = assistant("routines", "check", str(SHIPPED))
    assert result.returncode == 0 and "OK" in result.stdout


def test_unknown_routine_or_exercise_in_show_is_a_clear_error() -> None:
    result = assistant("routines", "show", "yoga")
    assert result.returncode == 2 and "no routine or exercise called 'yoga'" in result.stderr and "Traceback" not in result.stderr
