"""Speech for the phrases the coach says again and again, synthesized once.

Kept in memory and on disk (one WAV per phrase under the user's cache folder, keyed by
voice, speed and text), so a count starts playing with no synthesis delay, also on the
next run. The coach learns exact durations from here (``speech_s``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import wave
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from .voice import Voice

_LOGGER = logging.getLogger(__name__)

_WAV_HEADER_BYTES = 44


class PhraseCache:
    """Memory + disk cache of whole phrases for one voice. Thread-safe for one writer."""

    def __init__(self, voice: Voice, folder: Path | None) -> None:
        self.voice = voice
        self.folder = folder / voice.id if folder else None
        self._memory: dict[str, np.ndarray] = {}

    def get(self, text: str) -> np.ndarray | None:
        """int16 PCM at the voice's rate if the phrase is cached (memory, then disk), else None."""
        pcm = self._memory.get(text)
        if pcm is None and self.folder is not None:
            pcm = self._read(self._path(text))
            if pcm is not None:
                self._memory[text] = pcm
        return pcm

    def has(self, text: str) -> bool:
        """Cached in memory or on disk (cheap: no file is read)."""
        return text in self._memory or (self.folder is not None and self._path(text).is_file())

    def render(self, text: str, background: bool = False) -> np.ndarray:
        """The phrase's PCM, synthesized and stored if it is not cached yet. Slow: worker thread only."""
        pcm = self.get(text)
        if pcm is None:
            pcm = self.voice.synthesize(text, background)
            self.store(text, pcm)
        return pcm

    def store(self, text: str, pcm: np.ndarray) -> None:
        """Keep the PCM of a phrase synthesized elsewhere (e.g. sentence by sentence while it played)."""
        self._memory[text] = pcm
        self._write(text, pcm)

    def speech_s(self, text: str) -> float:
        """Seconds the voice takes to say ``text``: exact for a cached phrase, else an estimate."""
        pcm = self._memory.get(text)
        if pcm is not None:
            return len(pcm) / self.voice.rate_hz
        if self.folder is not None:
            try:
                size = self._path(text).stat().st_size
                return (size - _WAV_HEADER_BYTES) / 2 / self.voice.rate_hz
            except OSError:
                pass
        return self.voice.estimate_s(text)

    def warm(self, texts: Iterable[str], wait_turn: Callable[[], bool] = lambda: True) -> int:
        """Render every text not cached yet; ``wait_turn()`` is asked before each and stops the warm-up when False.

        Returns how many phrases were synthesized.
        """
        made = 0
        for text in texts:
            if self.get(text) is not None:
                continue
            if not wait_turn():
                break
            self.render(text, background=True)
            made += 1
        return made

    # --- private -----------------------------------------------------------

    def _path(self, text: str) -> Path:
        digest = hashlib.sha1(f"{self.voice.id}\n{text}".encode()).hexdigest()
        return (self.folder or Path(".")) / f"{digest[:24]}.wav"

    def _read(self, path: Path) -> np.ndarray | None:
        try:
            with wave.open(str(path), "rb") as wav:
                if wav.getframerate() != self.voice.rate_hz or wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                    return None
                return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, wave.Error) as err:
            _LOGGER.warning("Ignoring the broken cache file %s (%s); it will be made again", path, err)
            return None

    def _write(self, text: str, pcm: np.ndarray) -> None:
        if self.folder is None:
            return
        path = self._path(text)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            write_wav(tmp, pcm, self.voice.rate_hz)
            os.replace(tmp, path)
        except OSError as err:
            _LOGGER.warning("Cannot write the phrase cache %s (%s); phrases stay in memory only", path, err)


def write_wav(path: Path, pcm: np.ndarray, rate_hz: int) -> None:
    """Write int16 mono PCM as a WAV file."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate_hz)
        wav.writeframes(np.ascontiguousarray(pcm, dtype=np.int16).tobytes())
