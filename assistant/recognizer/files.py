"""Recognize whole recordings (the ``recognize`` command and tests): one result per file."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..intents import IntentMatcher
from ..wavfile import read_wav
from . import Recognizer, Transcript

BLOCK_S = 0.02
"""Audio is fed in blocks this long, as a microphone would deliver it."""
TAIL_S = 0.6
"""Silence appended so a recording that ends right after the last word still ends an utterance."""


@dataclass(frozen=True)
class FileResult:
    """What was heard in one file."""

    file: str
    text: str
    intent: str | None
    slots: dict[str, str] = field(default_factory=dict)
    confidence: float = 0.0
    ms: int = 0
    """Recognition time (wall clock, milliseconds), not counting the file read."""

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "text": self.text, "intent": self.intent, "slots": self.slots, "confidence": round(self.confidence, 3), "ms": self.ms}


def recognize_file(path: Path, recognizer: Recognizer, matcher: IntentMatcher) -> FileResult:
    """The first command in ``path`` (or the last thing heard, with intent None)."""
    audio = read_wav(path, recognizer.sample_rate_hz)
    pcm = audio.pcm + bytes(int(TAIL_S * audio.rate_hz) * 2)
    step = int(BLOCK_S * audio.rate_hz) * 2
    start = time.perf_counter()
    recognizer.reset(new_room=True)  # each recording is its own room
    heard: list[Transcript] = []
    for i in range(0, len(pcm), step):
        result = recognizer.accept(pcm[i : i + step])
        if isinstance(result, Transcript):
            heard.append(result)
            if result.text:
                break
    else:
        if (last := recognizer.flush()) is not None:
            heard.append(last)
    ms = round(1000 * (time.perf_counter() - start))
    best = next((t for t in heard if t.text), heard[-1] if heard else None)
    found = matcher.match(best.text) if best and best.text else None
    text = best.text if best else ""
    confidence = best.confidence if best else 0.0
    return FileResult(str(path), text, found.name if found else None, dict(found.slots) if found else {}, confidence, ms)
